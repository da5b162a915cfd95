// A VU's part of the run's time series (lib/timeline.ts): per request kind the requests of the
// current slice, its 429s and other failures, counted in plain numbers per response and handed
// to k6 once per slice as one sample per non-empty series; and the latency of 1 in so many
// responses of each kind, and the lag of 1 in so many polls, handed over at once as a sample
// of the slice's sampled-time trend, tagged with the series. The client models' VUs also count the
// requests their timers had due, by the slice they were due in, and their streams' open time
// per slice. Every tags object is made once for the VU's life. Pure: the scenario binds the
// sinks to k6 metrics, tests to arrays.

import type { Endpoint } from '../endpoints';
import type { ResponseOutcome } from '../response-outcome';
import {
  type SamplingPeriods,
  SERIES,
  SERIES_TAG,
  type SliceLayout,
  sliceIndex,
} from '../timeline';

type Tags = Readonly<Record<string, string>>;

/** Where a slice's counts go: the counter of slice `slice`, with the series' tags. */
export type SliceSink = (slice: number, count: number, tags: Tags) => void;
/** Where a sampled time goes: the trend of slice `slice`, with the series' tags. */
export type TimeSink = (slice: number, ms: number, tags: Tags) => void;

/** One request kind's counts in the current slice, and its sampling countdown. */
export class KindSliceCounts {
  sent = 0;
  rateLimited = 0;
  failed = 0;
  /** Responses until the next sampled one. */
  untilSample: number;
  readonly latencyTags: Tags;
  private readonly sentTags: Tags;
  private readonly rateLimitedTags: Tags;
  private readonly failedTags: Tags;

  constructor(kind: Endpoint, period: number) {
    // The first sample is the period-th response: not the VU's first (which opens its
    // connection) unless every response is sampled.
    this.untilSample = period;
    this.latencyTags = { [SERIES_TAG]: SERIES.latency(kind) };
    this.sentTags = { [SERIES_TAG]: SERIES.sent(kind) };
    this.rateLimitedTags = { [SERIES_TAG]: SERIES.rateLimited(kind) };
    this.failedTags = { [SERIES_TAG]: SERIES.failed(kind) };
  }

  flush(slice: number, sink: SliceSink): void {
    if (this.sent > 0) sink(slice, this.sent, this.sentTags);
    if (this.rateLimited > 0) sink(slice, this.rateLimited, this.rateLimitedTags);
    if (this.failed > 0) sink(slice, this.failed, this.failedTags);
    this.sent = 0;
    this.rateLimited = 0;
    this.failed = 0;
  }
}

/** A series counted into any slice, not only the current one: handed over with the current's. */
class SliceSums {
  private readonly sums: number[];
  private readonly tags: Tags;

  constructor(slices: number, series: string) {
    this.sums = new Array<number>(slices).fill(0);
    this.tags = { [SERIES_TAG]: series };
  }

  add(slice: number, n: number): void {
    this.sums[slice] = (this.sums[slice] as number) + n;
  }

  flush(sink: SliceSink): void {
    for (let i = 0; i < this.sums.length; i++) {
      const n = this.sums[i] as number;
      if (n > 0) sink(i, n, this.tags);
      this.sums[i] = 0;
    }
  }
}

/** The client models' part: what their timers had due, and how long their streams were open. */
class StreamingSlices {
  readonly planned: SliceSums;
  readonly streamMs: SliceSums;
  /** Streams open since `sinceMs` (ms from the load's start), not yet counted. */
  open = 0;
  sinceMs = 0;

  constructor(slices: number) {
    this.planned = new SliceSums(slices, SERIES.planned);
    this.streamMs = new SliceSums(slices, SERIES.streamMs);
  }
}

export class SliceTally {
  private readonly kinds = new Map<Endpoint, KindSliceCounts>();
  private readonly layout: SliceLayout;
  private readonly streaming: StreamingSlices | undefined;
  private readonly latencyPeriod: number;
  private readonly lagPeriod: number;
  private readonly lagTags: Tags;
  private readonly timeSink: TimeSink;
  private untilLagSample: number;
  private slice = 0;

  /**
   * For the request kinds of the run's model, over the slices of `layout`; the responses and
   * polls of `sampling` are sampled into `timeSink`. `streaming`: a client model's VU, which
   * also counts its plan and its streams' time.
   */
  constructor(
    kinds: readonly Endpoint[],
    layout: SliceLayout,
    sampling: SamplingPeriods,
    timeSink: TimeSink,
    streaming = false,
  ) {
    const slices = layout.count;
    this.layout = layout;
    this.streaming = streaming ? new StreamingSlices(slices) : undefined;
    this.latencyPeriod = sampling.latency;
    this.lagPeriod = sampling.lag;
    this.timeSink = timeSink;
    for (const kind of kinds) {
      this.kinds.set(kind, new KindSliceCounts(kind, sampling.latency));
    }
    this.lagTags = { [SERIES_TAG]: SERIES.lag };
    this.untilLagSample = sampling.lag;
  }

  /** A kind's counts; looked up once per VU, not per response. */
  kind(kind: Endpoint): KindSliceCounts {
    const counts = this.kinds.get(kind);
    if (counts === undefined) throw new Error(`SliceTally: unknown request kind ${kind}`);
    return counts;
  }

  /** What follows belongs to slice `slice`: the counts of the one before are flushed first. */
  enter(slice: number, sink: SliceSink): void {
    if (slice === this.slice) return;
    this.flush(sink);
    this.slice = slice;
  }

  /** Counts one response of a kind; its latency, when sampled and an answer arrived. */
  count(counts: KindSliceCounts, outcome: ResponseOutcome, latencyMs: number): void {
    counts.sent++;
    if (outcome.rateLimited) counts.rateLimited++;
    else if (outcome.error) counts.failed++;
    if (--counts.untilSample === 0) {
      counts.untilSample = this.latencyPeriod;
      if (outcome.connectionError === undefined) {
        this.timeSink(this.slice, latencyMs, counts.latencyTags);
      }
    }
  }

  /** One poll's schedule lag, when sampled. */
  lag(lagMs: number): void {
    if (--this.untilLagSample === 0) {
      this.untilLagSample = this.lagPeriod;
      this.timeSink(this.slice, lagMs, this.lagTags);
    }
  }

  /** A request a client model's timers had due `dueMs` after the load's start. */
  due(dueMs: number): void {
    this.streaming?.planned.add(sliceIndex(this.layout, dueMs), 1);
  }

  /**
   * From `atMs` (after the load's start) the VU holds `open` streams: the time since the last
   * call counts, times the streams open then, in the slices it spans.
   */
  streamsOpen(open: number, atMs: number): void {
    const s = this.streaming;
    if (s === undefined) return;
    const { sliceMs, count } = this.layout;
    let from = s.sinceMs;
    while (s.open > 0 && from < atMs) {
      const i = sliceIndex(this.layout, from);
      // Time past the last slice's end counts in it, as late answers do.
      const end = i === count - 1 ? atMs : Math.min(atMs, (i + 1) * sliceMs);
      s.streamMs.add(i, s.open * (end - from));
      from = end;
    }
    s.open = open;
    s.sinceMs = Math.max(s.sinceMs, atMs);
  }

  /** Hands every non-zero count of the current slice to `sink` and starts again from 0. */
  flush(sink: SliceSink): void {
    for (const counts of this.kinds.values()) counts.flush(this.slice, sink);
    this.streaming?.planned.flush(sink);
    this.streaming?.streamMs.flush(sink);
  }
}
