// Scaling estimates: the old tool's hand formulas (requests/s = N x what one user sends,
// bandwidth = requests/s x response size) filled in with the sizes this run measured. A
// linear extrapolation, labelled as one: it says what N users would send, not what the
// server would do with it.

import { type Endpoint, isRateLimitedEndpoint, type RateLimitedEndpoint } from '../endpoints';
import { bytesToMB, formatFixed, formatInt, NOT_AVAILABLE } from '../format';

/** What one user sends of one request kind, from the model's cadence. */
export interface EndpointRate {
  readonly endpoint: Endpoint;
  /** Requests per second one user sends of the kind (all its rooms together). */
  readonly perUserPerSecond: number;
  /** Requests per minute each path of the kind gets when `users` users run (from one IP). */
  pathPerMinute(users: number): number;
}

export interface ScalingInputs {
  rooms: number;
  /** The run's request kinds, in the table's order. */
  rates: readonly EndpointRate[];
  limits: Readonly<Record<RateLimitedEndpoint, number>>;
  /** Mean bytes received per response of each kind, measured; null when none was. */
  responseBytes: Readonly<Partial<Record<Endpoint, number | null>>>;
}

export interface ScalingRow {
  users: number;
  requestsPerSecond: number;
  /** null when a response size was not measured. */
  downstreamKbps: number | null;
  downstreamMBPerHour: number | null;
  downstreamMBPerDay: number | null;
  /** Requests per minute each path of a rate-limited kind gets (per client IP when run from one). */
  pathPerMinute: Partial<Record<RateLimitedEndpoint, number>>;
  overLimit: Partial<Record<RateLimitedEndpoint, boolean>>;
}

export interface ScalingEstimates {
  rooms: number;
  /** Requests per second one user sends, all kinds together. */
  perUserRequestsPerSecond: number;
  responseBytes: Readonly<Partial<Record<Endpoint, number | null>>>;
  limits: Readonly<Record<RateLimitedEndpoint, number>>;
  rows: ScalingRow[];
}

export function scalingEstimates(
  inputs: ScalingInputs,
  users: readonly number[],
): ScalingEstimates {
  const perUser = inputs.rates.reduce((sum, r) => sum + r.perUserPerSecond, 0);
  // Kinds the steady state does not send (openings, tickets) add nothing, measured or not.
  const bytesPerUserSecond = inputs.rates.reduce<number | null>((sum, r) => {
    if (r.perUserPerSecond === 0) return sum;
    const bytes = inputs.responseBytes[r.endpoint] ?? null;
    return sum === null || bytes === null ? null : sum + bytes * r.perUserPerSecond;
  }, 0);
  const limited = inputs.rates.filter((r) => isRateLimitedEndpoint(r.endpoint));
  const rows = users.map((n): ScalingRow => {
    const bytesPerSecond = bytesPerUserSecond === null ? null : n * bytesPerUserSecond;
    const pathPerMinute: Partial<Record<RateLimitedEndpoint, number>> = {};
    const overLimit: Partial<Record<RateLimitedEndpoint, boolean>> = {};
    for (const r of limited) {
      const endpoint = r.endpoint as RateLimitedEndpoint;
      pathPerMinute[endpoint] = r.pathPerMinute(n);
      overLimit[endpoint] = r.pathPerMinute(n) > inputs.limits[endpoint];
    }
    return {
      users: n,
      requestsPerSecond: n * perUser,
      downstreamKbps: bytesPerSecond === null ? null : (bytesPerSecond * 8) / 1000,
      downstreamMBPerHour: bytesPerSecond === null ? null : bytesToMB(bytesPerSecond * 3600),
      downstreamMBPerDay: bytesPerSecond === null ? null : bytesToMB(bytesPerSecond * 86_400),
      pathPerMinute,
      overLimit,
    };
  });
  // The sizes of the kinds the steady state sends (a seed run: all of them).
  const steady = new Set(inputs.rates.filter((r) => r.perUserPerSecond > 0).map((r) => r.endpoint));
  return {
    rooms: inputs.rooms,
    perUserRequestsPerSecond: perUser,
    responseBytes: Object.fromEntries(
      Object.entries(inputs.responseBytes).filter(([e]) => steady.has(e as Endpoint)),
    ),
    limits: inputs.limits,
    rows,
  };
}

/** Mean bytes per response, or null without responses. */
export function meanBytes(bytes: number, responses: number): number | null {
  return responses > 0 ? bytes / responses : null;
}

const COLUMNS = [
  ['Users', 9],
  ['req/s', 11],
  ['Down kbps', 12],
  ['MB/hour', 11],
  ['MB/day', 12],
] as const;

function orNA(value: number | null, decimals: number): string {
  return value === null ? NOT_AVAILABLE : formatFixed(value, decimals, true);
}

/** How the model's per-user rate comes about, in the report's words. */
export interface RateFormula {
  /** After the per-user rate: `2 rooms x 2 / 4.00 s`. */
  perUser: string;
  /** Under the table: `users x ROOMS x 2 / POLL_INTERVAL`. */
  requestsPerSecond: string;
}

/** The report section: what the formulas give for each SCALE_USERS count. */
export function renderScalingSection(s: ScalingEstimates, formula: RateFormula): string[] {
  const endpoints = Object.keys(s.responseBytes) as Endpoint[];
  const limited = endpoints.filter(isRateLimitedEndpoint);
  const columns: (readonly [string, number])[] = [
    ...COLUMNS,
    ...limited.map((e) => [`${e}/min/path`, `${e}/min/path`.length + 2] as const),
  ];
  const cell = (text: string, index: number) => text.padStart(columns[index]?.[1] ?? 10);
  const size = (e: Endpoint) => {
    const bytes = s.responseBytes[e] ?? null;
    return `${bytes === null ? NOT_AVAILABLE : `${formatInt(bytes)} bytes`} (${e})`;
  };
  const perPath = (row: ScalingRow, e: RateLimitedEndpoint) =>
    `${formatFixed(row.pathPerMinute[e] ?? 0, 0, true)}${row.overLimit[e] === true ? ' !' : ''}`;
  return [
    'Scaling Estimates (linear extrapolation of this run, not a measurement):',
    `  Per user: ${formatFixed(s.perUserRequestsPerSecond, 2)} req/s (${formula.perUser}); measured mean response: ${endpoints.map(size).join(', ')}`,
    `  ${columns.map(([title], i) => cell(title, i)).join('')}`,
    ...s.rows.map(
      (row) =>
        `  ${[
          formatInt(row.users),
          formatFixed(row.requestsPerSecond, 2, true),
          orNA(row.downstreamKbps, 2),
          orNA(row.downstreamMBPerHour, 2),
          orNA(row.downstreamMBPerDay, 2),
          ...limited.map((e) => perPath(row, e)),
        ]
          .map(cell)
          .join('')}`,
    ),
    `  req/s = ${formula.requestsPerSecond}; kbps = req/s x measured response size; MB = 1024 x 1024 bytes.`,
    limited.length === 0
      ? '  None of these requests is rate limited.'
      : `  Per-path limits per client IP: ${limited.map((e) => `${e} ${formatInt(s.limits[e])}/min`).join(', ')}; "!" marks a path over its limit.`,
  ];
}
