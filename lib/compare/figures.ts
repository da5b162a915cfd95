// The figures compared between runs: what a regression gate looks at. Each is read from a poll
// summary (single or merged distributed run); null when that run did not measure it.

import type { PollSummaryJson } from '../poll/summary-schema';

export interface FigureDefinition {
  /** Stable name for JUnit and tables, e.g. `p95 /rooms/{id}/messages/poll`. */
  name: string;
  unit: string;
  /** Decimals the reports print. */
  decimals: number;
  /** Which way is worse: higher latency, lower throughput. */
  worse: 'higher' | 'lower';
  /**
   * The smallest change that can matter, in the figure's unit: below it a change is never a
   * regression (1 ms on a 2 ms loopback latency is +50 %, and nothing).
   */
  minimumChange: number;
  read(summary: PollSummaryJson): number | null;
}

const LATENCY_STATS = [
  ['p50', 'medMs'],
  ['p95', 'p95Ms'],
  ['p99', 'p99Ms'],
] as const;

function totalBytes(s: PollSummaryJson): number {
  return s.transfer.receivedBytes + s.transfer.sentBytes;
}

/**
 * The compared figures, for the endpoints of `summaries` in first-seen order: achieved req/s,
 * p50/p95/p99 per endpoint, error %, 429 %, bytes per request and per user.
 */
export function comparedFigures(summaries: readonly PollSummaryJson[]): FigureDefinition[] {
  const endpoints: { endpoint: string; pathTemplate: string }[] = [];
  for (const s of summaries) {
    for (const e of s.endpoints) {
      if (!endpoints.some((known) => known.endpoint === e.endpoint)) endpoints.push(e);
    }
  }
  const latency: FigureDefinition[] = endpoints.flatMap(({ endpoint, pathTemplate }) =>
    LATENCY_STATS.map(([label, key]) => ({
      name: `${label} ${pathTemplate}`,
      unit: 'ms',
      decimals: 2,
      worse: 'higher' as const,
      minimumChange: 1,
      read: (s: PollSummaryJson) =>
        s.endpoints.find((e) => e.endpoint === endpoint)?.latency[key] ?? null,
    })),
  );
  return [
    {
      name: 'achieved req/s',
      unit: 'req/s',
      decimals: 2,
      worse: 'lower',
      minimumChange: 0,
      read: (s) => s.loadPlan.achievedRequestsPerSecond,
    },
    ...latency,
    {
      name: 'error %',
      unit: '%',
      decimals: 2,
      worse: 'higher',
      minimumChange: 0.1,
      read: (s) => s.requests.errorPercent,
    },
    {
      name: '429 %',
      unit: '%',
      decimals: 2,
      worse: 'higher',
      minimumChange: 0.1,
      read: (s) =>
        s.requests.total === 0 ? null : (s.requests.rateLimited * 100) / s.requests.total,
    },
    {
      name: 'bytes per request',
      unit: 'bytes',
      decimals: 0,
      worse: 'higher',
      minimumChange: 1,
      read: (s) => (s.requests.total === 0 ? null : totalBytes(s) / s.requests.total),
    },
    {
      name: 'bytes per user per minute',
      unit: 'bytes',
      decimals: 0,
      worse: 'higher',
      minimumChange: 1,
      read: (s) =>
        s.config.users === 0 || s.duration.measuredMs === 0 || !s.status.requestsMade
          ? null
          : totalBytes(s) / s.config.users / (s.duration.measuredMs / 60_000),
    },
  ];
}
