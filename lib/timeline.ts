// The run over time: the load phase cut into a fixed number of slices (60, or one per 2 s in
// runs shorter than 2 minutes), and per slice what each request kind sent, how many got 429 or
// another error, and its latency and the polls' schedule lag. A VU counts the requests in
// plain numbers (lib/poll/slice-tally.ts) and hands each sum to k6 once per slice, as one
// sample of the slice's own counter `cw_slice_NN` tagged with its series (`sent.poll`); the
// latency of 1 in so many responses of a kind, and the lag of 1 in so many polls, go to the
// slice's own trend `cw_slice_time_NN` tagged with the series (`lat.poll`, `lag`), so that a
// slice gets about 150 of each whatever the rate. One counter and one trend per slice: k6
// tests each sample against its metric's sub-metrics one by one, and one trend for all the
// slices had 60 x (kinds + 1) of them. Why so: with the 1,089 summary trend stats
// k6 spends about 0.1 ms per declared sub-metric at the end of a run, counters too
// (docs/k6-runtime.md), which rules out a counter per latency bucket and slice (10,000 of
// them); and each sample is tested against its metric's sub-metrics one by one, so a sample
// per response would cost every response. handleSummary reads them back
// into `measured.timeline` as counts and histograms of quarter-octave buckets, which merge
// slice by slice. Pure: no k6.

import type { Endpoint } from './endpoints';
import { byIndex, fields, type MergeRule, nullable, record, same, sum } from './merge-rules';
import { trendSharesAtOrBelow } from './quantiles';
import { counterCount, type SummaryData } from './summary-data';

/** Slices of a run of 2 minutes or more; shorter runs get one slice per 2 s. */
export const TIMELINE_SLICES = 60;
/** The shortest slice: each slice costs k6 its sub-metrics at the end of the run. */
export const MIN_SLICE_MS = 2000;

export interface SliceLayout {
  /** Slice i covers [i x sliceMs, (i + 1) x sliceMs) ms from the load's start. */
  sliceMs: number;
  count: number;
}

/** Latency samples a slice should get of each kind, and lag samples: enough for a p95. */
export const SAMPLES_PER_SLICE = 150;

/**
 * Of how many events planned at `plannedPerSecond` (responses of a kind, or polls) a VU samples
 * one: the planned count per slice over {@link SAMPLES_PER_SLICE}, at least 1. The same in
 * every VU and instance (one configuration), so merged slices hold the same share.
 */
export function samplingPeriod(plannedPerSecond: number, layout: SliceLayout): number {
  return Math.max(1, Math.floor((plannedPerSecond * layout.sliceMs) / 1000 / SAMPLES_PER_SLICE));
}

/** 1 in `latency` responses of each kind has its latency sampled, 1 in `lag` polls its lag. */
export interface SamplingPeriods {
  latency: number;
  lag: number;
}

/** The slices of a load phase of `durationMs` (DURATION). */
export function sliceLayout(durationMs: number): SliceLayout {
  const sliceMs = Math.max(MIN_SLICE_MS, Math.ceil(durationMs / TIMELINE_SLICES));
  return {
    sliceMs,
    count: Math.max(1, Math.min(TIMELINE_SLICES, Math.ceil(durationMs / sliceMs))),
  };
}

/** The slice `sinceStartMs` falls in; answers after the end count in the last slice. */
export function sliceIndex(layout: SliceLayout, sinceStartMs: number): number {
  const i = Math.floor(sinceStartMs / layout.sliceMs);
  return i < 0 ? 0 : i >= layout.count ? layout.count - 1 : i;
}

/** Buckets are quarter octaves from 0.5 ms: bucket b holds 0.5 x 2^(b/4) ms and up. */
export const BUCKETS_PER_OCTAVE = 4;
export const FIRST_BUCKET_MS = 0.5;

/** The bucket of `ms` (bucket 0 holds everything up to 0.59 ms), at most `maxBucket`. */
export function bucketOf(ms: number, maxBucket: number): number {
  if (!(ms > FIRST_BUCKET_MS)) return 0;
  const b = Math.floor(Math.log2(ms / FIRST_BUCKET_MS) * BUCKETS_PER_OCTAVE);
  // biome-ignore lint/complexity/useMathMinMax: per response; a comparison costs Sobek less than a call
  return b > maxBucket ? maxBucket : b;
}

/** Where bucket `b` starts, in ms (bucket 0: at 0). */
export function bucketLowMs(b: number): number {
  return b <= 0 ? 0 : FIRST_BUCKET_MS * 2 ** (b / BUCKETS_PER_OCTAVE);
}

/** The last bucket a run needs: latency and lag stay under about POLL_INTERVAL (its timeout). */
export function maxBucketFor(pollIntervalMs: number): number {
  return bucketOf(Math.max(pollIntervalMs, MIN_SLICE_MS) * 1.25, Number.POSITIVE_INFINITY);
}

/**
 * The `p`-th percentile (0..100) of a histogram of bucket counts, interpolated within its
 * bucket on a log scale (linearly in bucket 0): within a quarter octave (19 %) of the true
 * value, about 9 % at most from its middle. Null without samples.
 */
export function histogramPercentile(
  histogram: Readonly<Record<string, number>>,
  p: number,
): number | null {
  const buckets = Object.keys(histogram)
    .map(Number)
    .sort((a, b) => a - b);
  const total = buckets.reduce((n, b) => n + (histogram[b] ?? 0), 0);
  if (!(total > 0)) return null;
  const rank = (p / 100) * total;
  let below = 0;
  for (const b of buckets) {
    const count = histogram[b] ?? 0;
    if (below + count >= rank && count > 0) {
      const share = Math.min(1, Math.max(0, (rank - below) / count));
      const low = bucketLowMs(b);
      const high = bucketLowMs(b + 1);
      return b === 0 ? share * high : low * (high / low) ** share;
    }
    below += count;
  }
  return bucketLowMs((buckets[buckets.length - 1] as number) + 1);
}

/** What every slice's metric is named with: the counters and the trend. */
export const SLICE_METRIC_PREFIX = 'cw_slice_';

/** The counter of slice `i`: `cw_slice_07`. */
export function sliceMetricName(i: number): string {
  return `${SLICE_METRIC_PREFIX}${sliceLabel(i)}`;
}

/** The tag a slice sample names its series by. */
export const SERIES_TAG = 'series';
/** The trend of slice `i`'s sampled latencies and lags, tagged with the series: `cw_slice_time_07`. */
export function sliceTimeMetricName(i: number): string {
  return `${SLICE_METRIC_PREFIX}time_${sliceLabel(i)}`;
}

/** The series of one slice: per request kind its sends, 429s, other failures; latency; lag. */
export const SERIES = {
  sent: (kind: string) => `sent.${kind}`,
  rateLimited: (kind: string) => `limited.${kind}`,
  failed: (kind: string) => `failed.${kind}`,
  latency: (kind: string) => `lat.${kind}`,
  lag: 'lag',
  /** The client models' (CLIENT=chat|game): requests their timers had due in the slice. */
  planned: 'planned',
  /** The client models': ms the VU's streams were open in the slice, summed over its streams. */
  streamMs: 'stream_ms',
} as const;

/** `07`: the end of a slice's counter's and trend's names. */
export function sliceLabel(i: number): string {
  return `${i < 10 ? '0' : ''}${i}`;
}

/** The sub-metric of slice i's trend holding its samples of `series`. */
export function sliceTimeKey(i: number, series: string): string {
  return `${sliceTimeMetricName(i)}{${SERIES_TAG}:${series}}`;
}

/**
 * The sub-metric keys the options declare so that k6 reports every slice's series;
 * `streaming`: the client models', whose VUs also record each slice's plan and stream time.
 */
export function sliceSubMetricKeys(
  layout: SliceLayout,
  kinds: readonly Endpoint[],
  streaming: boolean,
): string[] {
  const keys: string[] = [];
  for (let i = 0; i < layout.count; i++) {
    const name = sliceMetricName(i);
    if (streaming) {
      keys.push(
        `${name}{${SERIES_TAG}:${SERIES.planned}}`,
        `${name}{${SERIES_TAG}:${SERIES.streamMs}}`,
      );
    }
    for (const k of kinds) {
      for (const s of [SERIES.sent(k), SERIES.rateLimited(k), SERIES.failed(k)]) {
        keys.push(`${name}{${SERIES_TAG}:${s}}`);
      }
      keys.push(sliceTimeKey(i, SERIES.latency(k)));
    }
    keys.push(sliceTimeKey(i, SERIES.lag));
  }
  return keys;
}

/** One request kind in one slice. */
export interface KindSlice {
  sent: number;
  /** Answered 429. */
  rateLimited: number;
  /** Anything but 200 and 429: other statuses and connection errors. */
  failed: number;
  /**
   * The sampled responses (1 in `sampling.latency`) per latency bucket, by bucket number, only
   * buckets with responses: from k6's quantile grid of the slice's samples.
   */
  latency: Record<string, number>;
}

export interface SliceMeasured {
  /**
   * Requests the instance's users were due to send in the slice: the seed's schedule; the
   * client models' timers (what came due in the slice, sent then or later, or left unsent at
   * the end).
   */
  planned: number;
  kinds: Record<string, KindSlice>;
  /** The sampled polls (1 in `sampling.lag`) per schedule-lag bucket. */
  lag: Record<string, number>;
  /**
   * The client models': ms the streams were open in the slice, summed over the streams (the
   * mean of streams open times the slice's length); null for the seed, which holds none.
   */
  streamMs: number | null;
}

/** summary.json's `measured.timeline`: null in a summary of a run without polling. */
export interface TimelineMeasured {
  sliceMs: number;
  sampling: SamplingPeriods;
  slices: SliceMeasured[];
}

/** Merge: the same slices in every instance (one configuration), added slice by slice. */
export const TIMELINE_RULE: MergeRule<TimelineMeasured | null> = nullable(
  fields<TimelineMeasured>({
    sliceMs: same(),
    sampling: fields<SamplingPeriods>({ latency: same(), lag: same() }),
    slices: byIndex(
      fields<SliceMeasured>({
        planned: sum,
        kinds: record(
          fields<KindSlice>({ sent: sum, rateLimited: sum, failed: sum, latency: record(sum) }),
        ),
        lag: record(sum),
        streamMs: nullable(sum),
      }),
    ),
  }),
);

/**
 * The sampled values' histogram: each bucket's share of k6's quantile grid, times the count.
 * `edges[b]` is where bucket b ends (the last bucket has no end).
 */
function histogramOf(values: Readonly<Record<string, number>> | undefined, edges: number[]) {
  const h: Record<string, number> = {};
  const shares = trendSharesAtOrBelow(values, edges);
  if (shares === null) return h;
  const count = values?.count as number;
  // Cumulative counts rounded, so that the buckets add up to the samples.
  let below = 0;
  for (let b = 0; b <= edges.length; b++) {
    const atOrBelow = b === edges.length ? count : Math.round((shares[b] as number) * count);
    const n = atOrBelow - below;
    if (n > 0) h[b] = n;
    below = Math.max(below, atOrBelow);
  }
  return h;
}

/**
 * The slices k6 reported: each series' count and each sampled series' histogram, with the
 * plan per slice: `planned[i]` from the seed's configuration, or `recorded` for the client
 * models, whose VUs record each slice's plan and stream time (SERIES.planned, .streamMs).
 */
export function measureTimeline(
  data: SummaryData,
  layout: SliceLayout,
  kinds: readonly Endpoint[],
  maxBucket: number,
  sampling: SamplingPeriods,
  planned: readonly number[] | 'recorded',
): TimelineMeasured {
  const edges = Array.from({ length: maxBucket }, (_, b) => bucketLowMs(b + 1));
  const slices = Array.from({ length: layout.count }, (_, i): SliceMeasured => {
    const name = sliceMetricName(i);
    const read = (series: string) => counterCount(data, `${name}{${SERIES_TAG}:${series}}`) ?? 0;
    const sampled = (series: string) =>
      histogramOf(data.metrics?.[sliceTimeKey(i, series)]?.values, edges);
    const perKind: Record<string, KindSlice> = {};
    for (const k of kinds) {
      perKind[k] = {
        sent: read(SERIES.sent(k)),
        rateLimited: read(SERIES.rateLimited(k)),
        failed: read(SERIES.failed(k)),
        latency: sampled(SERIES.latency(k)),
      };
    }
    const recorded = planned === 'recorded';
    return {
      planned: recorded ? read(SERIES.planned) : (planned[i] ?? 0),
      kinds: perKind,
      lag: sampled(SERIES.lag),
      streamMs: recorded ? read(SERIES.streamMs) : null,
    };
  });
  return { sliceMs: layout.sliceMs, sampling, slices };
}

/** One request kind in one slice, as the report shows it. */
export interface KindSliceFigures {
  sentPerSecond: number | null;
  rateLimitedPerSecond: number | null;
  failedPerSecond: number | null;
  /** From the slice's histogram, to the µs: within a quarter octave, see {@link histogramPercentile}. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Sampled responses behind the percentiles (1 in the timeline's `sampling.latency`). */
  latencySamples: number;
}

/** One slice of the load phase; its measured values are null from where a stopped load ended. */
export interface SliceFigures {
  startMs: number;
  endMs: number;
  /** Polling requests due in the slice, per second. */
  plannedPerSecond: number;
  sentPerSecond: number | null;
  rateLimitedPerSecond: number | null;
  failedPerSecond: number | null;
  scheduleLagP95Ms: number | null;
  /** By request kind. */
  kinds: Record<string, KindSliceFigures>;
  /**
   * Streams open, on average over the slice (its stream time over its length): the client
   * models' (CLIENT=chat|game); null for the seed, which holds none.
   */
  openStreams: number | null;
}

/** summary.json's `timeline`: the run over time. */
export interface TimelineFigures {
  sliceMs: number;
  sampling: SamplingPeriods;
  slices: SliceFigures[];
}

/**
 * A slice's percentile to the µs: k6's interpreter and Node compute the interpolation's powers
 * a last bit apart, and the merge (in Node) must give back the figures k6 wrote.
 */
function toMicros(ms: number | null): number | null {
  return ms === null ? null : Math.round(ms * 1000) / 1000;
}

/**
 * The figures of each slice: rates over the slice's part of DURATION (late answers count in
 * the last slice), percentiles from the histograms; in a run stopped early, null from the
 * slice `loadPhaseMs` falls in: nothing was measured there, or only part.
 */
export function timelineFigures(
  t: TimelineMeasured,
  kinds: readonly Endpoint[],
  durationMs: number,
  loadPhaseMs: number | null,
): TimelineFigures {
  const end = loadPhaseMs ?? durationMs;
  const slices = t.slices.map((s, i): SliceFigures => {
    const startMs = i * t.sliceMs;
    const endMs = Math.min((i + 1) * t.sliceMs, durationMs);
    const seconds = Math.max(endMs - startMs, 1) / 1000;
    // A load stopped early (Ctrl-C) measured its last slice in part, and a VU stopped within
    // a slice never handed over that slice's counts: only whole slices count then.
    const measured = end >= durationMs ? startMs < end : endMs <= end;
    const rate = (n: number) => (measured ? n / seconds : null);
    const perKind: Record<string, KindSliceFigures> = {};
    let sent = 0;
    let rateLimited = 0;
    let failed = 0;
    for (const k of kinds) {
      const c = s.kinds[k] ?? { sent: 0, rateLimited: 0, failed: 0, latency: {} };
      sent += c.sent;
      rateLimited += c.rateLimited;
      failed += c.failed;
      const samples = Object.values(c.latency).reduce((a, b) => a + b, 0);
      perKind[k] = {
        sentPerSecond: rate(c.sent),
        rateLimitedPerSecond: rate(c.rateLimited),
        failedPerSecond: rate(c.failed),
        latencyP50Ms: measured ? toMicros(histogramPercentile(c.latency, 50)) : null,
        latencyP95Ms: measured ? toMicros(histogramPercentile(c.latency, 95)) : null,
        latencySamples: samples,
      };
    }
    return {
      startMs,
      endMs,
      plannedPerSecond: s.planned / seconds,
      sentPerSecond: rate(sent),
      rateLimitedPerSecond: rate(rateLimited),
      failedPerSecond: rate(failed),
      scheduleLagP95Ms: measured ? toMicros(histogramPercentile(s.lag, 95)) : null,
      kinds: perKind,
      // Absent from summaries written before the client models recorded slices.
      openStreams: measured && s.streamMs != null ? s.streamMs / (endMs - startMs || 1) : null,
    };
  });
  return { sliceMs: t.sliceMs, sampling: t.sampling, slices };
}
