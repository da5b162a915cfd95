// Distributed runs: several k6 instances (k6-operator `parallelism`, or `k6 run
// --execution-segment`) run one test, each a segment of it. k6 shares nothing between them, so
// they agree through names: every instance gets the same RUN_ID, names the test rooms after it,
// and names its summary files after RUN_ID and its segment. Pure: no k6 imports.

import { ConfigError, type EnvOf, readEnv } from './env';
import { segmentVuNumbers, sequenceSegments } from './execution-segments';
import type { SummaryPaths } from './report/summary-paths';

/** RUN_ID: names rooms and files, so it stays short and safe in both. */
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/** Reads RUN_ID; undefined when unset. */
export function parseRunId(env: EnvOf<'RUN_ID'>): string | undefined {
  const raw = readEnv(env, 'RUN_ID');
  if (raw !== undefined && !RUN_ID.test(raw)) {
    throw new ConfigError(
      `RUN_ID: got ${JSON.stringify(raw)}; expected 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
  return raw;
}

/** One bound of a segment as k6 writes it: `1/2`, `0.5`, `50%`. NaN when not a number. */
function parseBound(text: string): number {
  const t = text.trim();
  if (t.endsWith('%')) return Number(t.slice(0, -1)) / 100;
  const slash = t.indexOf('/');
  if (slash !== -1) return Number(t.slice(0, slash)) / Number(t.slice(slash + 1));
  return t === '' ? Number.NaN : Number(t);
}

export interface Segment {
  /** As k6 reports it, e.g. `1/2:1`. */
  text: string;
  from: number;
  to: number;
}

/** `0:1/2`, `1/2:1`, `0.25:0.5`, `50%:100%`, or `1/2` (= `0:1/2`); undefined if unreadable. */
export function parseSegment(text: string): Segment | undefined {
  const colon = text.indexOf(':');
  const from = colon === -1 ? 0 : parseBound(text.slice(0, colon));
  const to = parseBound(colon === -1 ? text : text.slice(colon + 1));
  if (!(from >= 0 && to <= 1 && from < to)) return undefined;
  return { text, from, to };
}

/** The share of the test the segments cover together (0..1); overlaps count once. */
export function segmentCoverage(segments: readonly Pick<Segment, 'from' | 'to'>[]): number {
  const sorted = [...segments].sort((a, b) => a.from - b.from);
  let covered = 0;
  let reach = 0;
  for (const s of sorted) {
    const start = Math.max(s.from, reach);
    if (s.to > start) covered += s.to - start;
    reach = Math.max(reach, s.to);
  }
  return covered;
}

/** Coverage at or above this is the whole test (fractions such as 1/3 do not add up exactly). */
const WHOLE = 1 - 1e-9;

export function coversWholeTest(segments: readonly Pick<Segment, 'from' | 'to'>[]): boolean {
  return segmentCoverage(segments) >= WHOLE;
}

/** The segment in a file or room name: `1/2:1` -> `1-2_1`. */
export function segmentSlug(segment: string): string {
  return segment.replace(/\//g, '-').replace(/:/g, '_').replace(/%/g, 'pct');
}

/** What an instance knows about its place in the run; written into its summary. */
export interface InstanceInfo {
  /** RUN_ID, or the id setup made up for a single-instance run; null if setup did not run. */
  runId: string | null;
  /** k6's `executionSegment`, e.g. `1/2:1`; null for a single-instance run. */
  executionSegment: string | null;
  executionSegmentSequence: string | null;
  /** k6's `--local-ips` as given, e.g. `127.0.0.2`; null when k6 chose the address. */
  localIps: string | null;
}

/** A single instance: no segment. */
export const SINGLE_INSTANCE: InstanceInfo = {
  runId: null,
  executionSegment: null,
  executionSegmentSequence: null,
  localIps: null,
};

/**
 * The run id an instance uses to name its rooms. Segments need the same RUN_ID everywhere (k6
 * shows segments to setup, not to init code, so this check runs in setup, before any load).
 */
export function resolveRunId(
  runId: string | undefined,
  executionSegment: string | null,
  makeRunId: () => string,
): string {
  if (runId !== undefined) return runId;
  if (executionSegment !== null) {
    throw new ConfigError(
      `RUN_ID: not set, but this instance runs execution segment ${executionSegment}; every instance of a distributed run needs the same RUN_ID (e.g. -e RUN_ID=$(date +%s)), so that they share the test rooms`,
    );
  }
  return makeRunId();
}

/**
 * The summary file names: `summary.json` for a single instance, else unique to the run and the
 * segment (`summary-<RUN_ID>-<segment>.json`), so one shared folder holds every instance's.
 */
export function summaryFileStem(instance: InstanceInfo): SummaryPaths {
  if (instance.executionSegment === null || instance.runId === null) {
    return { json: 'summary.json', junit: 'junit.xml', html: 'summary.html' };
  }
  const stem = `${instance.runId}-${segmentSlug(instance.executionSegment)}`;
  return { json: `summary-${stem}.json`, junit: `junit-${stem}.xml`, html: `summary-${stem}.html` };
}

/** `n` equal segments (`0:1/2`, `1/2:1`) and their sequence (`0,1/2,1`), as k6-operator makes them. */
export function equalSegments(n: number): { segments: string[]; sequence: string } {
  const bound = (i: number) => (i === 0 ? '0' : i === n ? '1' : `${i}/${n}`);
  return {
    segments: Array.from({ length: n }, (_, i) => `${bound(i)}:${bound(i + 1)}`),
    sequence: Array.from({ length: n + 1 }, (_, i) => bound(i)).join(','),
  };
}

/** Most VUs searched for the smallest count that gives every segment one. */
const MAX_VUS_SEARCHED = 100_000;

/**
 * Stops an instance of a distributed run in setup, before any request, when k6 gives a
 * segment of the sequence none of the scenario's `vus` VUs: that instance would send nothing.
 * (k6 shows segments to setup, never to init code.) Every instance sees the whole sequence, so
 * all of them stop, with the same line.
 */
export function checkSegmentsHaveVus(
  segment: string,
  sequence: string | null,
  load: { vus: number; vusConfigured: boolean; users: number },
): void {
  const segments = (sequence === null ? undefined : sequenceSegments(sequence)) ?? [segment];
  const vuless = (count: number) =>
    segments.filter((s) => segmentVuNumbers(s, sequence, count)?.length === 0);
  const empty = vuless(load.vus);
  if (empty.length === 0) return;
  let enough = load.vus + 1;
  while (enough < MAX_VUS_SEARCHED && vuless(enough).length > 0) enough++;
  const which = `segment${empty.length > 1 ? 's' : ''} ${empty.join(', ')}${sequence === null ? '' : ` of ${sequence}`}`;
  const given = load.vusConfigured
    ? `VUS=${load.vus} leaves`
    : `the ${load.vus} VU${load.vus === 1 ? '' : 's'} the load needs leave${load.vus === 1 ? 's' : ''}`;
  const fix =
    enough > load.users
      ? `a VU paces at least one user, so USERS=${load.users} needs fewer instances, or more users`
      : `set VUS to at least ${enough}`;
  throw new ConfigError(
    `${given} ${which} without a VU (k6 splits the VUs over the segments), so that instance would send nothing: ${fix}`,
  );
}
