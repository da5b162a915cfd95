// The run over time: the load phase cut into a fixed number of slices (60, or one a second in
// runs shorter than a minute), and per slice what each request kind sent, how many got 429 or
// another error, and its latency and the polls' schedule lag as histograms of quarter-octave
// buckets. A VU counts these in plain numbers (lib/poll/slice-tally.ts) and hands each sum to
// k6 once per flush, as one sample of the slice's own counter `cw_slice_NN` tagged with its
// series (`sent.poll`, `lat.poll.17`): k6 matches a sample against its metric's sub-metrics one
// by one, so each slice's metric keeps its own short list, and no response is tagged or
// sampled twice. handleSummary reads the sub-metrics back into `measured.timeline`, which
// merges slice by slice. Pure: no k6.

import type { Endpoint } from './endpoints';
import { byIndex, fields, type MergeRule, nullable, record, same, sum } from './merge-rules';
import { counterCount, type SummaryData } from './summary-data';

/** Slices of a run of a minute or more; shorter runs get one slice a second. */
export const TIMELINE_SLICES = 60;
/** The shortest slice: a VU flushes its sums about once a second. */
export const MIN_SLICE_MS = 1000;

export interface SliceLayout {
  /** Slice i covers [i x sliceMs, (i + 1) x sliceMs) ms from the load's start. */
  sliceMs: number;
  count: number;
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

/** What every slice's counter is named with. */
export const SLICE_METRIC_PREFIX = 'cw_slice_';

/** The counter of slice `i`: `cw_slice_07`. */
export function sliceMetricName(i: number): string {
  return `${SLICE_METRIC_PREFIX}${i < 10 ? '0' : ''}${i}`;
}

/** The tag a slice sample names its series by. */
export const SERIES_TAG = 'series';

/** The series of one slice: per request kind its sends, 429s, other failures, latency buckets. */
export const SERIES = {
  sent: (kind: string) => `sent.${kind}`,
  rateLimited: (kind: string) => `limited.${kind}`,
  failed: (kind: string) => `failed.${kind}`,
  latency: (kind: string, bucket: number) => `lat.${kind}.${bucket}`,
  lag: (bucket: number) => `lag.${bucket}`,
} as const;

/** Every series of a slice, for the options' declared sub-metrics. */
export function sliceSeries(kinds: readonly Endpoint[], maxBucket: number): string[] {
  const buckets = Array.from({ length: maxBucket + 1 }, (_, b) => b);
  return [
    ...kinds.flatMap((k) => [
      SERIES.sent(k),
      SERIES.rateLimited(k),
      SERIES.failed(k),
      ...buckets.map((b) => SERIES.latency(k, b)),
    ]),
    ...buckets.map((b) => SERIES.lag(b)),
  ];
}

/** The sub-metric keys the options declare so that k6 reports every slice's series. */
export function sliceSubMetricKeys(
  layout: SliceLayout,
  kinds: readonly Endpoint[],
  maxBucket: number,
): string[] {
  const series = sliceSeries(kinds, maxBucket);
  const keys: string[] = [];
  for (let i = 0; i < layout.count; i++) {
    const name = sliceMetricName(i);
    for (const s of series) keys.push(`${name}{${SERIES_TAG}:${s}}`);
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
  /** Responses per latency bucket (by bucket number; only buckets with responses). */
  latency: Record<string, number>;
}

export interface SliceMeasured {
  /** Polling requests the instance's users were due to send in the slice. */
  planned: number;
  kinds: Record<string, KindSlice>;
  /** Polls per schedule-lag bucket. */
  lag: Record<string, number>;
}

/** summary.json's `measured.timeline`: null in a summary of a run without polling. */
export interface TimelineMeasured {
  sliceMs: number;
  slices: SliceMeasured[];
}

/** Merge: the same slices in every instance (one configuration), added slice by slice. */
export const TIMELINE_RULE: MergeRule<TimelineMeasured | null> = nullable(
  fields<TimelineMeasured>({
    sliceMs: same(),
    slices: byIndex(
      fields<SliceMeasured>({
        planned: sum,
        kinds: record(
          fields<KindSlice>({ sent: sum, rateLimited: sum, failed: sum, latency: record(sum) }),
        ),
        lag: record(sum),
      }),
    ),
  }),
);

/**
 * The slices k6 reported: each series' count, with the plan per slice (`planned[i]`, from the
 * configuration). Buckets and kinds without samples are left out.
 */
export function measureTimeline(
  data: SummaryData,
  layout: SliceLayout,
  kinds: readonly Endpoint[],
  maxBucket: number,
  planned: readonly number[],
): TimelineMeasured {
  const slices = Array.from({ length: layout.count }, (_, i): SliceMeasured => {
    const name = sliceMetricName(i);
    const read = (series: string) => counterCount(data, `${name}{${SERIES_TAG}:${series}}`) ?? 0;
    const histogram = (series: (b: number) => string) => {
      const h: Record<string, number> = {};
      for (let b = 0; b <= maxBucket; b++) {
        const n = read(series(b));
        if (n > 0) h[b] = n;
      }
      return h;
    };
    const perKind: Record<string, KindSlice> = {};
    for (const k of kinds) {
      perKind[k] = {
        sent: read(SERIES.sent(k)),
        rateLimited: read(SERIES.rateLimited(k)),
        failed: read(SERIES.failed(k)),
        latency: histogram((b) => SERIES.latency(k, b)),
      };
    }
    return { planned: planned[i] ?? 0, kinds: perKind, lag: histogram(SERIES.lag) };
  });
  return { sliceMs: layout.sliceMs, slices };
}

/** One request kind in one slice, as the report shows it. */
export interface KindSliceFigures {
  sentPerSecond: number | null;
  rateLimitedPerSecond: number | null;
  failedPerSecond: number | null;
  /** From the slice's histogram: within a quarter octave, see {@link histogramPercentile}. */
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  /** Responses behind the percentiles. */
  latencySamples: number;
}

/** One slice of the load phase; its measured values are null past the load's end. */
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
  /** Streams open at once: recorded by the web client models (CLIENT=chat|game); null here. */
  openStreams: number | null;
}

/** summary.json's `timeline`: the run over time. */
export interface TimelineFigures {
  sliceMs: number;
  slices: SliceFigures[];
}

/**
 * The figures of each slice: rates over the slice's part of DURATION (late answers count in
 * the last slice), percentiles from the histograms; null past `loadPhaseMs` (a run stopped
 * early), where nothing was measured.
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
    const measured = startMs < end;
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
        latencyP50Ms: measured ? histogramPercentile(c.latency, 50) : null,
        latencyP95Ms: measured ? histogramPercentile(c.latency, 95) : null,
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
      scheduleLagP95Ms: measured ? histogramPercentile(s.lag, 95) : null,
      kinds: perKind,
      openStreams: null,
    };
  });
  return { sliceMs: t.sliceMs, slices };
}
