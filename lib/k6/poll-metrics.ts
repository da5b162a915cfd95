// The poll scenario's custom metrics (created at init, as k6 requires) and how responses and
// polls' lateness are recorded into them. Per answered response one sample is added,
// cw_latency (k6's http_req_duration holds the durations of connection errors too); the
// exact-sum counters go through a ResponseTally and reach k6 once per flush; errors are k6's
// own http_req_failed of the measured requests (their response callback, below).
//
// The per-request path is a few named steps; a benchmark build (bench/k6.ts) leaves some out
// to measure what each costs (BENCH_ABLATION, types/bench-ablation.d.ts); every other build
// keeps them all, and the condition costs nothing (a constant the bundler writes in).

import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Counter, Gauge, Trend } from 'k6/metrics';
import type { Endpoint } from '../endpoints';
import { METRIC } from '../metric-names';
import { runRequestEndpoints, timelinePlan } from '../plan';
import type { PollConfig } from '../poll/config';
import {
  type CounterSink,
  type EndpointSeries,
  ResponseTally,
  type TallyMetric,
} from '../poll/response-tally';
import { type KindSliceCounts, type SliceSink, SliceTally } from '../poll/slice-tally';
import { classifyResponse, NOT_ERROR_STATUSES } from '../response-outcome';
import {
  type SamplingPeriods,
  type SliceLayout,
  sliceIndex,
  sliceMetricName,
  sliceTimeMetricName,
} from '../timeline';
import { requestWireBytes, responseWireBytesFromHeaders } from '../wire-bytes';

const counters: Record<TallyMetric, Counter> = {
  [METRIC.requests]: new Counter(METRIC.requests),
  [METRIC.rateLimited]: new Counter(METRIC.rateLimited),
  [METRIC.bytesReceived]: new Counter(METRIC.bytesReceived),
  [METRIC.bytesSent]: new Counter(METRIC.bytesSent),
  [METRIC.connectionErrors]: new Counter(METRIC.connectionErrors),
  [METRIC.messagesReceived]: new Counter(METRIC.messagesReceived),
  [METRIC.cursorMoves]: new Counter(METRIC.cursorMoves),
};
const latency = new Trend(METRIC.latency, true);
const scheduleLag = new Trend(METRIC.scheduleLag, true);
const loadPhase = new Gauge(METRIC.loadPhase, true);

const toCounters: CounterSink = (metric, value, tags) => counters[metric].add(value, tags);

/**
 * The response callback of every measured request: k6 counts it in http_req_failed unless it
 * is 2xx or 429, which makes http_req_failed of the measured requests their error rate (the
 * gate name cw_errors, lib/metric-names.ts). Built once: k6 reads it per request in Go.
 */
export const MEASURED_RESPONSE_CALLBACK = http.expectedStatuses(...NOT_ERROR_STATUSES);

type AnyResponse = RefinedResponse<ResponseType | undefined>;

/**
 * The run over time (lib/timeline.ts): one Counter and one sampled-time Trend per slice,
 * created at init (k6 allows metrics only there), and the VU's counts of the current slice.
 */
export class TimelineRecorder {
  readonly layout: SliceLayout;
  readonly tally: SliceTally;
  private readonly sink: SliceSink;

  /** `streaming`: the client models', whose VUs also record their plan and streams per slice. */
  constructor(
    kinds: readonly Endpoint[],
    layout: SliceLayout,
    sampling: SamplingPeriods,
    streaming: boolean,
  ) {
    this.layout = layout;
    const counters = Array.from(
      { length: layout.count },
      (_, i) => new Counter(sliceMetricName(i)),
    );
    const times = Array.from(
      { length: layout.count },
      (_, i) => new Trend(sliceTimeMetricName(i), true),
    );
    this.sink = (slice, count, tags) => (counters[slice] as Counter).add(count, tags);
    this.tally = new SliceTally(
      kinds,
      layout,
      sampling,
      (slice, ms, tags) => (times[slice] as Trend).add(ms, tags),
      streaming,
    );
  }

  kind(endpoint: Endpoint): KindSliceCounts {
    return this.tally.kind(endpoint);
  }

  /** What is recorded next happened `sinceStartMs` after the load's start. */
  at(sinceStartMs: number): void {
    this.tally.enter(sliceIndex(this.layout, sinceStartMs), this.sink);
  }

  lag(lagMs: number): void {
    this.tally.lag(lagMs);
  }

  /** A request a client model's timers had due `dueMs` after the load's start. */
  due(dueMs: number): void {
    this.tally.due(dueMs);
  }

  /** From `sinceStartMs` on, the VU holds `open` streams. */
  streamsOpen(open: number, sinceStartMs: number): void {
    this.tally.streamsOpen(open, sinceStartMs);
  }

  flush(): void {
    this.tally.flush(this.sink);
  }
}

/**
 * The run's time slices (lib/timeline.ts), for the model the run sends; created at init, as
 * k6's metrics are. None in a benchmark build without them (BENCH_ABLATION.timeline).
 */
export function createTimeline(config: PollConfig): TimelineRecorder | undefined {
  if (BENCH_ABLATION.timeline) return undefined;
  const t = timelinePlan(config);
  return new TimelineRecorder(
    runRequestEndpoints(config),
    t.layout,
    t.sampling,
    config.client !== 'seed',
  );
}

/** What a VU records of one request kind: its series, and its request size measured once. */
export interface RecordedEndpoint {
  readonly series: EndpointSeries;
  /** Its sums of the current time slice; undefined without a timeline. */
  readonly slice: KindSliceCounts | undefined;
  /** Request bytes other than the URL: the same for every request of the kind from a VU. */
  requestBytesBesidesUrl: number | undefined;
}

/** One VU's recording of its poll responses. */
export class PollRecorder {
  readonly #tally: ResponseTally;
  // A plain field: read per response (see SliceTally).
  private readonly timeline: TimelineRecorder | undefined;

  /**
   * For the request kinds `endpoints` (the run's model), rooms broken down as the report's;
   * `timeline`: the run's time slices, when the scenario records them.
   */
  constructor(endpoints: readonly Endpoint[], roomBreakdown: number, timeline?: TimelineRecorder) {
    this.#tally = new ResponseTally(endpoints, roomBreakdown);
    this.timeline = timeline;
  }

  /** A kind's recording state, asked once per VU and kind so that no response looks it up. */
  endpoint(endpoint: Endpoint): RecordedEndpoint {
    return {
      series: this.#tally.endpoint(endpoint),
      slice: this.timeline?.kind(endpoint),
      requestBytesBesidesUrl: undefined,
    };
  }

  /**
   * Records one response whose `status` and `body` (null unless a string) the VU has read
   * already: k6 converts a response field to JavaScript at each read.
   */
  record(
    recorded: RecordedEndpoint,
    roomIndex: number,
    url: string,
    response: AnyResponse,
    status: number,
    body: string | null,
  ): void {
    const series = recorded.series.of(roomIndex);
    // The error code tells connection errors apart; an answer's is 1000 + its status.
    const outcome = classifyResponse(status, status === 0 ? response.error_code : undefined);
    const slice = recorded.slice;
    if (outcome.connectionError !== undefined) {
      if (slice !== undefined) (this.timeline as TimelineRecorder).tally.count(slice, outcome, 0);
      if (!BENCH_ABLATION.tally) this.#tally.count(series, outcome, 0, 0);
      return;
    }
    // Read once: each read of response.timings converts it from Go again.
    const durationMs = response.timings.duration;
    if (slice !== undefined) {
      (this.timeline as TimelineRecorder).tally.count(slice, outcome, durationMs);
    }
    if (!BENCH_ABLATION.latency) latency.add(durationMs, series.tags);
    if (BENCH_ABLATION.tally) return;
    const received = BENCH_ABLATION.headerBytes
      ? 0
      : responseWireBytesFromHeaders(status, response.headers, body);
    this.#tally.count(series, outcome, received, requestBytes(recorded, url, response));
  }

  /** Counts a message list a poll's answer held, and whether it moved the user's cursor. */
  messages(recorded: RecordedEndpoint, roomIndex: number, count: number, moved: boolean): void {
    const series = recorded.series.of(roomIndex);
    series.messagesReceived += count;
    if (moved) series.cursorMoves++;
  }

  /**
   * Adds the sums counted since the last flush to k6's counters; `sinceStartMs` (ms from the
   * scenario's start) marks how far the load phase has got; `withSlice`: the current time
   * slice's too (the VU is done, or may not wake again before the end).
   */
  flush(sinceStartMs: number, withSlice = false): void {
    this.#tally.flush(toCounters);
    // Otherwise a slice's sums go to k6 when the next slice starts (at()): once per slice, not
    // split over the flushes within it (each sample costs k6 its sub-metric tests).
    if (withSlice) this.timeline?.flush();
    loadPhase.add(sinceStartMs);
  }

  /** The batch sent now, `sinceStartMs` after the load's start, counts in that time slice. */
  at(sinceStartMs: number): void {
    this.timeline?.at(sinceStartMs);
  }

  /** How late a poll started against its due time, in ms. */
  scheduleLag(lagMs: number): void {
    // Recorded apart: `?.` would skip its argument without a timeline.
    const lag = recordScheduleLag(lagMs);
    this.timeline?.lag(lag);
  }
}

/** Only the URL (since_id) varies between a VU's requests of a kind: measure the rest once. */
function requestBytes(recorded: RecordedEndpoint, url: string, response: AnyResponse): number {
  let besidesUrl = recorded.requestBytesBesidesUrl;
  if (besidesUrl === undefined) {
    const { method, url: sentUrl, headers } = response.request;
    besidesUrl = requestWireBytes(method, sentUrl, headers, null) - sentUrl.length;
    recorded.requestBytesBesidesUrl = besidesUrl;
  }
  return besidesUrl + url.length;
}

/** Records how late a poll started against its due time, in ms; gives the lag recorded. */
function recordScheduleLag(lagMs: number): number {
  // biome-ignore lint/complexity/useMathMinMax: per poll; a comparison costs Sobek less than a call
  const lag = lagMs > 0 ? lagMs : 0;
  if (!BENCH_ABLATION.scheduleLag) scheduleLag.add(lag);
  return lag;
}
