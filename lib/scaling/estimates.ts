// Scaling estimates: the old tool's hand formulas (requests/s = N x R x 2 / interval,
// bandwidth = requests/s x response size) filled in with the sizes this run measured. A
// linear extrapolation, labelled as one: it says what N users would send, not what the
// server would do with it.

import type { RoomMode } from '../config/polling-load';
import { bytesToMB, formatFixed, formatInt, NOT_AVAILABLE } from '../format';
import { ENDPOINTS, type Endpoint } from '../metric-names';

export interface ScalingInputs {
  rooms: number;
  roomMode: RoomMode;
  pollIntervalMs: number;
  limits: Readonly<Record<Endpoint, number>>;
  /** Mean bytes received per response of each endpoint, measured; null when none was. */
  responseBytes: Readonly<Record<Endpoint, number | null>>;
}

export interface ScalingRow {
  users: number;
  requestsPerSecond: number;
  /** null when a response size was not measured. */
  downstreamKbps: number | null;
  downstreamMBPerHour: number | null;
  downstreamMBPerDay: number | null;
  /** Requests per minute each endpoint path gets (per client IP when run from one). */
  pathPerMinute: Record<Endpoint, number>;
  overLimit: Record<Endpoint, boolean>;
}

export interface ScalingEstimates {
  rooms: number;
  /** Requests per second one user sends: ROOMS x 2 / POLL_INTERVAL. */
  perUserRequestsPerSecond: number;
  responseBytes: Readonly<Record<Endpoint, number | null>>;
  limits: Readonly<Record<Endpoint, number>>;
  rows: ScalingRow[];
}

export function scalingEstimates(
  inputs: ScalingInputs,
  users: readonly number[],
): ScalingEstimates {
  const perEndpointPerUser = (inputs.rooms * 1000) / inputs.pollIntervalMs;
  const bytesPerUserSecond = ENDPOINTS.reduce<number | null>((sum, e) => {
    const bytes = inputs.responseBytes[e];
    return sum === null || bytes === null ? null : sum + bytes * perEndpointPerUser;
  }, 0);
  const rows = users.map((n): ScalingRow => {
    const bytesPerSecond = bytesPerUserSecond === null ? null : n * bytesPerUserSecond;
    const usersPerPath = inputs.roomMode === 'shared' ? n : 1;
    const perPath = (usersPerPath * 60_000) / inputs.pollIntervalMs;
    return {
      users: n,
      requestsPerSecond: n * perEndpointPerUser * ENDPOINTS.length,
      downstreamKbps: bytesPerSecond === null ? null : (bytesPerSecond * 8) / 1000,
      downstreamMBPerHour: bytesPerSecond === null ? null : bytesToMB(bytesPerSecond * 3600),
      downstreamMBPerDay: bytesPerSecond === null ? null : bytesToMB(bytesPerSecond * 86_400),
      pathPerMinute: { poll: perPath, agents: perPath },
      overLimit: { poll: perPath > inputs.limits.poll, agents: perPath > inputs.limits.agents },
    };
  });
  return {
    rooms: inputs.rooms,
    perUserRequestsPerSecond: perEndpointPerUser * ENDPOINTS.length,
    responseBytes: inputs.responseBytes,
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
  ['poll/min/path', 15],
  ['agents/min/path', 17],
] as const;

function cell(text: string, index: number): string {
  return text.padStart(COLUMNS[index]?.[1] ?? 10);
}

function orNA(value: number | null, decimals: number): string {
  return value === null ? NOT_AVAILABLE : formatFixed(value, decimals, true);
}

/** The report section: what the formulas give for each SCALE_USERS count. */
export function renderScalingSection(s: ScalingEstimates, intervalMs: number): string[] {
  const size = (e: Endpoint) => {
    const bytes = s.responseBytes[e];
    return `${bytes === null ? NOT_AVAILABLE : `${formatInt(bytes)} bytes`} (${e})`;
  };
  const perPath = (row: ScalingRow, e: Endpoint) =>
    `${formatFixed(row.pathPerMinute[e], 0, true)}${row.overLimit[e] ? ' !' : ''}`;
  return [
    'Scaling Estimates (linear extrapolation of this run, not a measurement):',
    `  Per user: ${formatFixed(s.perUserRequestsPerSecond, 2)} req/s (${formatInt(s.rooms)} ${s.rooms === 1 ? 'room' : 'rooms'} x 2 / ${formatFixed(intervalMs / 1000, 2)} s); measured mean response: ${size('poll')}, ${size('agents')}`,
    `  ${COLUMNS.map(([title], i) => cell(title, i)).join('')}`,
    ...s.rows.map(
      (row) =>
        `  ${[
          formatInt(row.users),
          formatFixed(row.requestsPerSecond, 2, true),
          orNA(row.downstreamKbps, 2),
          orNA(row.downstreamMBPerHour, 2),
          orNA(row.downstreamMBPerDay, 2),
          perPath(row, 'poll'),
          perPath(row, 'agents'),
        ]
          .map(cell)
          .join('')}`,
    ),
    `  req/s = users x ROOMS x 2 / POLL_INTERVAL; kbps = req/s x measured response size; MB = 1024 x 1024 bytes.`,
    `  Per-path limits per client IP: poll ${formatInt(s.limits.poll)}/min, agents ${formatInt(s.limits.agents)}/min; "!" marks a path over its limit.`,
  ];
}
