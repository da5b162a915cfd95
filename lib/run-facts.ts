// When a run happened and on which k6: the facts every report's page opens with. k6 tells a
// script neither its start time nor its version, so handleSummary stamps the end (Date.now())
// and setup reads the version off the User-Agent k6 sent with its first request (`Grafana
// k6/1.3.0` by default in 1.x and 2.x; a --user-agent of the user's hides it). Pure.

export interface RunFacts {
  /** When the test run started (handleSummary's time less k6's test run duration), ISO UTC. */
  startedAt: string | null;
  /** When handleSummary ran, ISO UTC; null when not stamped. */
  endedAt: string | null;
  /** k6's version (`1.3.0`), from the User-Agent it sent; null when unknown. */
  k6Version: string | null;
}

/** The version in k6's default User-Agent (`Grafana k6/1.3.0`, `k6/0.45.0 (https://k6.io/)`). */
export function k6VersionFromUserAgent(userAgent: string | undefined): string | null {
  const match = /(?:^|\s)k6\/(\d+\.\d+\.\d+[\w.+-]*)/.exec(userAgent ?? '');
  return match === null ? null : (match[1] as string);
}

/** One instance's facts: stamped at `endedAtMs` after a test run of `testRunMs`. */
export interface StampedRun {
  endedAtMs: number | null;
  testRunMs: number;
  k6Version: string | null;
}

function iso(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** The facts of one or several instances: the earliest start, the latest end, every version. */
export function runFactsOf(runs: readonly StampedRun[]): RunFacts {
  const stamped = runs.filter((r) => r.endedAtMs !== null);
  const versions = [...new Set(runs.flatMap((r) => (r.k6Version === null ? [] : [r.k6Version])))];
  return {
    startedAt: iso(
      stamped.length === 0
        ? null
        : Math.min(...stamped.map((r) => (r.endedAtMs as number) - r.testRunMs)),
    ),
    endedAt: iso(
      stamped.length === 0 ? null : Math.max(...stamped.map((r) => r.endedAtMs as number)),
    ),
    k6Version: versions.length === 0 ? null : versions.sort().join(', '),
  };
}

/** `2026-12-01 22:13:05 UTC` from an ISO time; `n/a` for null. */
export function utcText(isoTime: string | null): string {
  if (isoTime === null) return 'n/a';
  return `${isoTime.slice(0, 10)} ${isoTime.slice(11, 19)} UTC`;
}
