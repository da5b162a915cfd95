// The custom metrics the poll scenario records, and the sub-metric keys it declares so that
// handleSummary can read them (k6 only reports a tagged sub-metric that a threshold names).
// Pure: the scenario declares these keys, the report reads them back by the same names.

import { ENDPOINTS, type Endpoint } from './endpoints';

export const METRIC = {
  /** Counter of responses; tags `endpoint`, `room` (index), `status` (a {@link StatusTag}). */
  requests: 'cw_requests',
  /** Trend (time) of response durations in ms; tags `endpoint`, `room`. */
  latency: 'cw_latency',
  /** Counter of estimated wire bytes received: status line, header lengths, Content-Length
   * (no per-character counting on the hot path); custom metrics cannot be marked as data, so
   * k6 shows it as a plain count. Counters reach k6 as per-VU sums, about once a second. */
  bytesReceived: 'cw_bytes_received',
  /** Counter of estimated wire bytes sent: request line, Host, headers (measured once per VU
   * and endpoint, only the URL's since_id varies), no body. */
  bytesSent: 'cw_bytes_sent',
  /** Counter of 429 responses; tags `endpoint`, `room`. */
  rateLimited: 'cw_rate_limited',
  /**
   * A gate name, not a metric of the script's: the rate of failed requests other than 429s
   * (non-2xx or connection error). k6 records it as http_req_failed of the measured requests,
   * whose response callback expects 2xx and 429; thresholds.json names it `cw_errors`, tags
   * `endpoint` (and `scenario`) (lib/gate-aliases.ts).
   */
  errors: 'cw_errors',
  /** Counter of connection errors (status 0); tag `error_code` (an {@link ErrorCodeTag}). */
  connectionErrors: 'cw_connection_errors',
  /** Trend (time): how late each poll started against its due time, in ms. */
  scheduleLag: 'cw_schedule_lag',
  /**
   * Gauge (time): how far a VU's load phase got, in ms from the poll scenario's start: at each
   * flush (once a second) the time, and once its schedule is done DURATION (or the time of its
   * last answer, if later). Its max is the load phase: setup and teardown left out, and a run
   * stopped early counted to its last flush.
   */
  loadPhase: 'cw_load_phase',
  /** Counter of the messages poll answers held (new to the user: polls ask since its cursor); tags `endpoint`, `room`. */
  messagesReceived: 'cw_messages_received',
  /** Counter of poll answers that moved the user's cursor forward; tags `endpoint`, `room`. */
  cursorMoves: 'cw_cursor_moves',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** Each metric's k6 type, as lib/k6/poll-metrics.ts creates it. */
export const METRIC_TYPES: {
  readonly [M in MetricName]: 'counter' | 'trend' | 'rate' | 'gauge';
} = {
  [METRIC.requests]: 'counter',
  [METRIC.latency]: 'trend',
  [METRIC.bytesReceived]: 'counter',
  [METRIC.bytesSent]: 'counter',
  [METRIC.rateLimited]: 'counter',
  [METRIC.errors]: 'rate',
  [METRIC.connectionErrors]: 'counter',
  [METRIC.scheduleLag]: 'trend',
  [METRIC.loadPhase]: 'gauge',
  [METRIC.messagesReceived]: 'counter',
  [METRIC.cursorMoves]: 'counter',
};

/** The tags the poll scenario puts on its metrics' samples (k6 adds `scenario`). */
export type PollTag = 'endpoint' | 'room' | 'status' | 'error_code';

/**
 * Which tags each metric's samples carry: what lib/k6/poll-metrics.ts and the tally record
 * (lib/k6/poll-metrics.test.ts holds them to it), and so the tags a threshold key may name.
 */
export const METRIC_TAGS: { readonly [M in MetricName]: readonly PollTag[] } = {
  [METRIC.requests]: ['endpoint', 'room', 'status'],
  [METRIC.latency]: ['endpoint', 'room'],
  [METRIC.bytesReceived]: ['endpoint', 'room'],
  [METRIC.bytesSent]: ['endpoint', 'room'],
  [METRIC.rateLimited]: ['endpoint', 'room'],
  [METRIC.errors]: ['endpoint'],
  [METRIC.connectionErrors]: ['error_code'],
  [METRIC.scheduleLag]: [],
  [METRIC.loadPhase]: [],
  [METRIC.messagesReceived]: ['endpoint', 'room'],
  [METRIC.cursorMoves]: ['endpoint', 'room'],
};

/**
 * What counts each metric's samples (lib/metric-catalog.ts, SampleCount): a poll's requests,
 * response times above 0, or nothing (a gauge).
 */
export const METRIC_SAMPLES: {
  readonly [M in MetricName]:
    | 'positive'
    | { readonly counter: MetricName; readonly tags: readonly string[] }
    | null;
} = {
  [METRIC.requests]: { counter: METRIC.requests, tags: ['endpoint', 'room', 'scenario'] },
  [METRIC.latency]: 'positive',
  [METRIC.bytesReceived]: { counter: METRIC.requests, tags: ['endpoint', 'room', 'scenario'] },
  [METRIC.bytesSent]: { counter: METRIC.requests, tags: ['endpoint', 'room', 'scenario'] },
  [METRIC.rateLimited]: { counter: METRIC.requests, tags: ['endpoint', 'room', 'scenario'] },
  [METRIC.errors]: { counter: METRIC.requests, tags: ['endpoint', 'scenario'] },
  [METRIC.connectionErrors]: { counter: METRIC.requests, tags: ['scenario'] },
  [METRIC.scheduleLag]: { counter: METRIC.requests, tags: ['scenario'] },
  // A VU's flush time: set whenever the load ran at all, nothing to count.
  [METRIC.loadPhase]: null,
  [METRIC.messagesReceived]: { counter: METRIC.requests, tags: ['endpoint', 'room', 'scenario'] },
  [METRIC.cursorMoves]: { counter: METRIC.requests, tags: ['endpoint', 'room', 'scenario'] },
};

/**
 * The tag every VU of a poll or capacity run sets on all its samples (exec.vu.metrics.tags):
 * `poll` or `writer`. It keeps the polls' own bytes (k6's data_received/data_sent, which k6
 * adds per iteration with the VU's tags) apart from the live-room writer's.
 */
export const VU_ROLE_TAG = 'role';
export const VU_ROLES = ['poll', 'writer'] as const;

/** HTTP statuses that get their own `status` tag; anything else is `other`. */
export const TRACKED_STATUSES = [
  200, 400, 401, 403, 404, 409, 413, 422, 429, 500, 502, 503, 504,
] as const;
export type StatusTag = `${(typeof TRACKED_STATUSES)[number]}` | 'other' | 'connection_error';
export const STATUS_TAGS: readonly StatusTag[] = [
  ...TRACKED_STATUSES.map((s) => `${s}` as StatusTag),
  'other',
  'connection_error',
];

/** The status tag for a response: its status, `other`, or `connection_error` for status 0. */
export function statusTag(status: number): StatusTag {
  if (status === 0) return 'connection_error';
  return (TRACKED_STATUSES as readonly number[]).includes(status)
    ? (`${status}` as StatusTag)
    : 'other';
}

/** k6 error codes of failed connections (status 0) that get their own tag; see k6's error codes. */
export const CONNECTION_ERROR_CODES: Readonly<Record<string, string>> = {
  '1000': 'generic error',
  '1020': 'invalid URL',
  '1050': 'request timeout',
  '1100': 'DNS error',
  '1101': 'no IP for the host name',
  '1200': 'TCP error',
  '1201': 'broken pipe',
  '1210': 'dial error',
  '1211': 'dial timeout',
  '1212': 'connection refused',
  '1220': 'connection reset by peer',
  '1300': 'TLS error',
};
export type ErrorCodeTag = string;

/** The `error_code` tag for a connection error: its k6 code when tracked, else `other`. */
export function errorCodeTag(errorCode: number | undefined): ErrorCodeTag {
  const code = `${errorCode ?? ''}`;
  return code in CONNECTION_ERROR_CODES ? code : 'other';
}

/**
 * Rooms beyond this many are not broken down one by one (each room index costs k6 a handful
 * of time series); the report then shows totals per endpoint only.
 */
export const MAX_ROOM_BREAKDOWN = 20;

/** How many room indexes get per-room sub-metrics for a run with `roomCount` rooms. */
export function roomBreakdownCount(roomCount: number): number {
  return roomCount <= MAX_ROOM_BREAKDOWN ? roomCount : 0;
}

/** The room indexes of a run's breakdown that a request kind has: none unless its path is a room's. */
export function endpointRoomBreakdown(endpoint: Endpoint, roomBreakdown: number): number {
  return ENDPOINTS[endpoint].scope === 'room' ? roomBreakdown : 0;
}

/**
 * The values each tag takes in a run of the request kinds `endpoints` whose first
 * `roomBreakdown` room indexes are broken down: `room` only on a room's path.
 */
export function pollTagValues(
  endpoints: readonly Endpoint[],
  roomBreakdown: number,
): { readonly [T in PollTag]: readonly string[] } {
  const rooms = Math.max(0, ...endpoints.map((e) => endpointRoomBreakdown(e, roomBreakdown)));
  return {
    endpoint: endpoints,
    room: Array.from({ length: rooms }, (_, i) => `${i}`),
    status: STATUS_TAGS,
    error_code: [...Object.keys(CONNECTION_ERROR_CODES), 'other'],
  };
}

/**
 * A sub-metric key as k6 writes it in `data.metrics`: `name{tag:value,tag:value}`.
 * Tags are written in the order given; declare and read with the same call.
 */
export function subMetricKey(metric: string, tags: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(tags).map(([k, v]) => `${k}:${v}`);
  return pairs.length === 0 ? metric : `${metric}{${pairs.join(',')}}`;
}

/** The metrics the report reads per endpoint. */
const PER_ENDPOINT_METRICS = [
  METRIC.requests,
  METRIC.latency,
  METRIC.bytesReceived,
  METRIC.bytesSent,
  METRIC.rateLimited,
] as const;

/**
 * The metrics the report reads per room (the rate-limit findings of the busiest path): not
 * latency or bytes, whose per-room sub-metrics would cost k6 a copy of every sample each.
 */
const PER_ROOM_METRICS = [METRIC.requests, METRIC.rateLimited] as const;

/**
 * Every sub-metric the report reads, for a run of the request kinds `endpoints` whose first
 * `roomBreakdown` room indexes are broken down. The scenario declares each as a threshold key
 * (an empty list if not a gate).
 */
export function reportedSubMetricKeys(
  roomBreakdown: number,
  endpoints: readonly Endpoint[],
): string[] {
  const keys: string[] = [];
  for (const endpoint of endpoints) {
    for (const metric of PER_ENDPOINT_METRICS) keys.push(subMetricKey(metric, { endpoint }));
    for (let room = 0; room < endpointRoomBreakdown(endpoint, roomBreakdown); room++) {
      for (const metric of PER_ROOM_METRICS) {
        keys.push(subMetricKey(metric, { endpoint, room: `${room}` }));
      }
    }
  }
  for (const status of STATUS_TAGS) keys.push(subMetricKey(METRIC.requests, { status }));
  for (const code of pollTagValues(endpoints, 0).error_code) {
    keys.push(subMetricKey(METRIC.connectionErrors, { error_code: code }));
  }
  return keys;
}
