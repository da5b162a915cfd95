// `npm run clients`: one table of the seed, chat and game models' runs against the same target
// for the same users, per user: requests a minute by kind, bytes an hour down and up, held
// connections, 429s, latency p95. Pure, from the runs' summary.json figures.

import { formatFixed, formatInt, NOT_AVAILABLE } from '../format';
import type { PollFigures } from '../poll/summary-schema';

export interface ClientRow {
  client: string;
  /** Requests a minute one user sent, all kinds, and by kind (only kinds sent). */
  requestsPerMinute: number | null;
  byKind: { endpoint: string; perMinute: number }[];
  /** Bytes an hour per user, polling and streams together. */
  downBytesPerHour: number | null;
  upBytesPerHour: number | null;
  /** Streams held to the end (at most one per open room and user). */
  heldConnections: number;
  rateLimited: number;
  latencyP95Ms: number | null;
  /** The run's own verdict: its thresholds passed, and the generator kept up. */
  thresholdsPassed: boolean;
  generatorFellBehind: boolean;
}

const sumOrNull = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

export function clientRow(f: PollFigures): ClientRow {
  const minutes = f.duration.measuredMs / 60_000;
  const perUserMinute = (n: number) =>
    minutes > 0 && f.config.users > 0 ? n / minutes / f.config.users : null;
  const b = f.userBandwidth;
  return {
    client: f.config.client ?? 'seed',
    requestsPerMinute: perUserMinute(f.requests.total),
    byKind: f.endpoints
      .filter((e) => e.requests > 0)
      .map((e) => ({ endpoint: e.endpoint, perMinute: perUserMinute(e.requests) ?? 0 })),
    downBytesPerHour: sumOrNull(b.pollingReceivedBytesPerHour, b.streamReceivedBytesPerHour),
    upBytesPerHour: sumOrNull(b.pollingSentBytesPerHour, b.streamSentBytesPerHour),
    heldConnections: f.streams?.byOutcome.held ?? 0,
    rateLimited: f.requests.rateLimited,
    latencyP95Ms: f.latency.p95Ms,
    thresholdsPassed: f.status.thresholdsPassed,
    generatorFellBehind: f.loadPlan.generatorFellBehind,
  };
}

const COLUMNS: readonly (readonly [string, number])[] = [
  ['Model', 7],
  ['req/min', 9],
  ['down KB/h', 11],
  ['up KB/h', 10],
  ['held', 7],
  ['429s', 7],
  ['p95 ms', 9],
];

const orNA = (n: number | null, f: (v: number) => string) => (n === null ? NOT_AVAILABLE : f(n));

/** The table, then each model's requests by kind, then what a row's run said of itself. */
export function renderClientsTable(rows: readonly ClientRow[], users: number): string {
  const cell = (text: string, i: number) =>
    i === 0 ? text.padEnd(COLUMNS[i]?.[1] ?? 8) : text.padStart(COLUMNS[i]?.[1] ?? 8);
  const kb = (n: number | null) => orNA(n, (v) => formatFixed(v / 1024, 1, true));
  const lines = [
    `Clients compared: ${formatInt(users)} users each, the same target; figures per user (held: streams held to the end, all users)`,
    `  ${COLUMNS.map(([title], i) => cell(title, i)).join('')}`,
    ...rows.map(
      (r) =>
        `  ${[
          r.client,
          orNA(r.requestsPerMinute, (v) => formatFixed(v, 1, true)),
          kb(r.downBytesPerHour),
          kb(r.upBytesPerHour),
          formatInt(r.heldConnections),
          formatInt(r.rateLimited),
          orNA(r.latencyP95Ms, (v) => formatFixed(v, 1, true)),
        ]
          .map(cell)
          .join('')}`,
    ),
    'Requests a minute per user, by kind:',
    ...rows.map(
      (r) =>
        `  ${r.client.padEnd(6)} ${r.byKind.map((k) => `${k.endpoint} ${formatFixed(k.perMinute, 1, true)}`).join(', ') || 'none'}`,
    ),
  ];
  const notes = rows.flatMap((r) => [
    ...(r.thresholdsPassed ? [] : [`  ${r.client}: its thresholds failed (see its report)`]),
    ...(r.generatorFellBehind
      ? [`  ${r.client}: the load generator fell behind: its figures are k6's, not the client's`]
      : []),
  ]);
  return `${[...lines, ...(notes.length === 0 ? [] : ['Notes:', ...notes])].join('\n')}\n`;
}
