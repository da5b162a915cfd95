// The chat and game models' own metrics: their streams and their plan, beside the request
// metrics every model records (lib/metric-names.ts). Names and the sub-metric keys the report
// reads; pure, so the scenario declares them and the report reads them back by the same names.

import { METRIC, subMetricKey } from '../metric-names';
import { FRAME_KINDS, REFUSAL_TAGS, STREAM_OUTCOMES } from './stream-outcome';

export const STREAM_METRIC = {
  /**
   * Counter of stream requests sent, added to k6 as each goes out: a VU
   * whose iteration k6 interrupts has its open streams counted here, though not in `streams`.
   */
  requested: 'cw_stream_requests',
  /** Counter of stream connections by `outcome`: held, ended, refused, failed. */
  streams: 'cw_streams',
  /** Counter of refused streams by the answer's `status`. */
  refusals: 'cw_stream_refusals',
  /** Counter of connection attempts after a view's first (each with a new ticket). */
  reconnects: 'cw_stream_reconnects',
  /** Counter of ms streams were open: from the request to its end, summed over streams. */
  openMs: 'cw_stream_open_ms',
  /** Counter of SSE frames in the bodies k6 read (streams the server ended), by `frame`. */
  frames: 'cw_stream_frames',
  /** Counter of ms those streams were open, to turn their frames into a rate. */
  readMs: 'cw_stream_read_ms',
  /** Gauge of the streams one VU holds, tagged `shard`: its max is that VU's peak. */
  open: 'cw_streams_open',
  /** Counter of requests the client's timers planned before DURATION ended. */
  planned: 'cw_planned_requests',
} as const;

/** k6's time to first byte of the stream requests, which carry the tag `endpoint: stream`. */
export const STREAM_WAITING_KEY = 'http_req_waiting{endpoint:stream}';

/** The tags of a VU's `cw_streams_open` samples: one series per shard. */
export function shardTags(shard: number): { shard: string } {
  return { shard: `${shard}` };
}

/** Every stream sub-metric the report reads, for a run paced by `vus` VUs. */
export function streamSubMetricKeys(vus: number): string[] {
  return [
    STREAM_METRIC.requested,
    STREAM_METRIC.streams,
    ...STREAM_OUTCOMES.map((outcome) => subMetricKey(STREAM_METRIC.streams, { outcome })),
    ...REFUSAL_TAGS.map((status) => subMetricKey(STREAM_METRIC.refusals, { status })),
    STREAM_METRIC.reconnects,
    STREAM_METRIC.openMs,
    ...FRAME_KINDS.map((frame) => subMetricKey(STREAM_METRIC.frames, { frame })),
    STREAM_METRIC.readMs,
    ...Array.from({ length: vus }, (_, shard) =>
      subMetricKey(STREAM_METRIC.open, shardTags(shard)),
    ),
    STREAM_METRIC.planned,
    STREAM_WAITING_KEY,
    TICKETS_OK_KEY,
  ];
}

/** Tickets answered 200: each gives a stream. */
export const TICKETS_OK_KEY = subMetricKey(METRIC.requests, { endpoint: 'ticket', status: '200' });

/**
 * The gates the chat and game runs add to thresholds.json's: every stream the client opens must
 * connect. A refused or failed stream is the server not holding today's client (a stream the
 * server ends early reconnects, and is reported, not gated).
 */
export const STREAM_GATES: Readonly<Record<string, string[]>> = {
  [subMetricKey(STREAM_METRIC.streams, { outcome: 'refused' })]: ['count==0'],
  [subMetricKey(STREAM_METRIC.streams, { outcome: 'failed' })]: ['count==0'],
};
