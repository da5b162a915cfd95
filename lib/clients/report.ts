// The chat and game reports' own figures: the streams (what plain k6 saw of them) and each
// user's bandwidth split into polling and streams. Pure, from the run's stored metrics
// (lib/metric-store.ts), so a merged run's are computed as a single run's.

import { formatBytes, formatFixed, formatInt, formatMs, NOT_AVAILABLE } from '../format';
import { subMetricKey } from '../metric-names';
import type { StoreReader } from '../metric-store';
import { STREAM_METRIC, STREAM_WAITING_KEY, shardTags } from './metrics';
import {
  FRAME_KINDS,
  type FrameKind,
  REFUSAL_TAGS,
  STREAM_OUTCOMES,
  type StreamOutcome,
} from './stream-outcome';

/** What k6 saw of the run's SSE streams; rates are per stream and minute it was open. */
export interface StreamFigures {
  /** Tickets asked for (POST /rooms/{id}/stream/ticket), and those not answered 200. */
  tickets: number;
  ticketsRefused: number;
  /** Stream requests sent, one per ticket answered 200 (while the run lasted). */
  opened: number;
  /** Streams that got their 200: held to the end plus ended early. */
  connected: number;
  byOutcome: Record<StreamOutcome, number>;
  /**
   * Streams sent that never settled: k6 interrupted their VU's iteration (Ctrl-C, or a VU
   * still busy past DURATION and the 10 s gracefulStop), so their outcome, minutes and bytes
   * are not in these figures; 0 in a run that ended normally.
   */
  unsettled: number;
  /** Refused streams by the answer's status, only statuses that occurred. */
  refusedByStatus: { status: string; count: number }[];
  /** Connection attempts after a view's first, each with a new ticket. */
  reconnects: number;
  /**
   * The most stream requests pending at once (a refused one counts until its answer): each
   * VU's peak, summed over VUs (an upper bound, equal when the peaks coincide, as when every
   * stream is held to the end); null when not reported.
   */
  peakOpen: number | null;
  /** k6's time to the stream's first byte (http_req_waiting), p50 and p95; null without streams. */
  timeToFirstByteP50Ms: number | null;
  timeToFirstByteP95Ms: number | null;
  /** Minutes streams were open, summed over streams. */
  openMinutes: number;
  /**
   * Bytes received on streams: k6's data_received of the client scenario minus the polling
   * requests' estimated bytes (lib/wire-bytes.ts); null when k6 did not report its part.
   */
  receivedBytes: number | null;
  receivedBytesPerStreamMinute: number | null;
  /**
   * SSE frames per stream and minute, from the bodies k6 read: only streams the server ended
   * (k6 hands a held stream's body to no one); null when none ended.
   */
  framesPerStreamMinute: Record<FrameKind, number> | null;
  /** Minutes of the streams whose bodies were read. */
  readMinutes: number;
}

const outcomeKey = (outcome: StreamOutcome) => subMetricKey(STREAM_METRIC.streams, { outcome });

/** What the stream figures read of the run's metrics. */
export type StreamMetrics = Pick<StoreReader, 'counter' | 'trendStat' | 'gauge'>;

export interface StreamInputs {
  vus: number;
  /** Requests and answers of the ticket kind (cw_requests{endpoint:ticket}). */
  tickets: number;
  ticketsOk: number;
  /** k6's bytes of the client scenario, and the polling requests' estimate. */
  scenarioReceivedBytes: number | null;
  pollingReceivedBytes: number;
}

export function streamFigures(m: StreamMetrics, inputs: StreamInputs): StreamFigures {
  const count = (key: string) => m.counter(key) ?? 0;
  const byOutcome = Object.fromEntries(
    STREAM_OUTCOMES.map((o) => [o, count(outcomeKey(o))]),
  ) as Record<StreamOutcome, number>;
  const settled = STREAM_OUTCOMES.reduce((sum, o) => sum + byOutcome[o], 0);
  const opened = Math.max(settled, count(STREAM_METRIC.requested));
  const shardPeaks = Array.from(
    { length: inputs.vus },
    (_, shard) => m.gauge(subMetricKey(STREAM_METRIC.open, shardTags(shard)))?.max,
  );
  const reported = shardPeaks.filter((p): p is number => p !== undefined);
  const openMinutes = count(STREAM_METRIC.openMs) / 60_000;
  const readMinutes = count(STREAM_METRIC.readMs) / 60_000;
  const receivedBytes =
    inputs.scenarioReceivedBytes === null
      ? null
      : Math.max(0, inputs.scenarioReceivedBytes - inputs.pollingReceivedBytes);
  const waiting = (stat: string) =>
    opened > 0 ? (m.trendStat(STREAM_WAITING_KEY, stat) ?? null) : null;
  return {
    tickets: inputs.tickets,
    ticketsRefused: inputs.tickets - inputs.ticketsOk,
    opened,
    connected: byOutcome.held + byOutcome.ended,
    byOutcome,
    unsettled: opened - settled,
    refusedByStatus: REFUSAL_TAGS.map((status) => ({
      status,
      count: count(subMetricKey(STREAM_METRIC.refusals, { status })),
    })).filter((r) => r.count > 0),
    reconnects: count(STREAM_METRIC.reconnects),
    peakOpen: reported.length === 0 ? null : reported.reduce((a, b) => a + b, 0),
    timeToFirstByteP50Ms: waiting('med'),
    timeToFirstByteP95Ms: waiting('p(95)'),
    openMinutes,
    receivedBytes,
    receivedBytesPerStreamMinute:
      receivedBytes === null || openMinutes <= 0 ? null : receivedBytes / openMinutes,
    framesPerStreamMinute:
      readMinutes <= 0
        ? null
        : (Object.fromEntries(
            FRAME_KINDS.map((f) => [
              f,
              count(subMetricKey(STREAM_METRIC.frames, { frame: f })) / readMinutes,
            ]),
          ) as Record<FrameKind, number>),
    readMinutes,
  };
}

/** Each user's traffic per hour, split into polling (every request and answer) and streams. */
export interface UserBandwidthFigures {
  pollingReceivedBytesPerHour: number | null;
  pollingSentBytesPerHour: number | null;
  streamReceivedBytesPerHour: number | null;
  streamSentBytesPerHour: number | null;
}

export function userBandwidth(
  users: number,
  measuredMs: number,
  polling: { received: number; sent: number },
  streams: { received: number | null; sent: number | null },
): UserBandwidthFigures {
  const perHour = (bytes: number | null) =>
    bytes === null || users < 1 || measuredMs <= 0
      ? null
      : (bytes * 3_600_000) / measuredMs / users;
  return {
    pollingReceivedBytesPerHour: perHour(polling.received),
    pollingSentBytesPerHour: perHour(polling.sent),
    streamReceivedBytesPerHour: perHour(streams.received),
    streamSentBytesPerHour: perHour(streams.sent),
  };
}

const orNA = (n: number | null, f: (n: number) => string) => (n === null ? NOT_AVAILABLE : f(n));
const line = (label: string, value: string) => `  ${`${label}:`.padEnd(20)}${value}`;

/** The text report's Streams section. */
export function renderStreamsSection(s: StreamFigures): string[] {
  const refusals =
    s.refusedByStatus.length === 0
      ? ''
      : ` (${s.refusedByStatus.map((r) => `${formatInt(r.count)} x ${r.status}`).join(', ')})`;
  const frames = s.framesPerStreamMinute;
  return [
    'Streams (SSE, one per open room; plain k6 holds each with http.asyncRequest):',
    line('Tickets', `${formatInt(s.tickets)} (${formatInt(s.ticketsRefused)} refused)`),
    line('Streams opened', formatInt(s.opened)),
    line(
      'Connected',
      `${formatInt(s.connected)} (${formatInt(s.byOutcome.held)} held to the end, ${formatInt(s.byOutcome.ended)} ended early by the server)`,
    ),
    line('Refused', `${formatInt(s.byOutcome.refused)}${refusals}`),
    line('Failed', `${formatInt(s.byOutcome.failed)} (no answer: connection refused or reset)`),
    ...(s.unsettled === 0
      ? []
      : [
          line(
            'Not settled',
            `${formatInt(s.unsettled)} (k6 stopped their VU first: their outcomes, minutes and bytes are missing here)`,
          ),
        ]),
    line('Reconnects', formatInt(s.reconnects)),
    line(
      'Peak open',
      orNA(s.peakOpen, (n) => `${formatInt(n)} (each VU's peak, summed)`),
    ),
    line(
      'First byte p50/p95',
      s.timeToFirstByteP50Ms === null
        ? NOT_AVAILABLE
        : `${formatMs(s.timeToFirstByteP50Ms)} / ${formatMs(s.timeToFirstByteP95Ms)}`,
    ),
    line('Stream minutes', formatFixed(s.openMinutes, 1, true)),
    line(
      'Bytes per minute',
      orNA(
        s.receivedBytesPerStreamMinute,
        (n) =>
          `${formatInt(n)} per stream (${formatBytes(s.receivedBytes ?? 0)} received: k6's data_received minus the polls' estimate)`,
      ),
    ),
    line(
      'Frames per minute',
      frames === null
        ? `n/a (k6 reads a stream's events only when the server ends it; every stream was held)`
        : `${formatFixed(frames.keepalive + frames.ping + frames.other, 1)} per stream (${formatFixed(frames.keepalive, 1)} keepalive, ${formatFixed(frames.ping, 1)} ping, ${formatFixed(frames.other, 1)} other; from the ${formatFixed(s.readMinutes, 1, true)} stream minutes the server ended)`,
    ),
  ];
}

/** The per-user bandwidth section: bytes per hour, polling and streams. */
export function renderUserBandwidthSection(b: UserBandwidthFigures): string[] {
  const kb = (n: number | null) => orNA(n, (v) => `${formatFixed(v / 1024, 1, true)} KB`);
  return [
    'Bandwidth per User (per hour):',
    line(
      'Polling',
      `${kb(b.pollingReceivedBytesPerHour)} down, ${kb(b.pollingSentBytesPerHour)} up`,
    ),
    line('Streams', `${kb(b.streamReceivedBytesPerHour)} down, ${kb(b.streamSentBytesPerHour)} up`),
  ];
}
