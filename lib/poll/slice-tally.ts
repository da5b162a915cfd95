// A VU's sums for the run's time series (lib/timeline.ts): per request kind the requests of
// the current slice, its 429s and other failures and a latency histogram, and the polls'
// schedule lag histogram, counted in plain numbers per response and handed to k6 once per
// flush or slice change as one sample per non-empty series. Each series has one tags object
// for the VU's life. Pure: the scenario binds the sink to k6 Counters, tests to an array.

import type { Endpoint } from '../endpoints';
import type { ResponseOutcome } from '../response-outcome';
import { BUCKETS_PER_OCTAVE, bucketOf, FIRST_BUCKET_MS, SERIES, SERIES_TAG } from '../timeline';

/** log2(ms / FIRST_BUCKET_MS) is log2(ms x LOG_SCALE). */
const LOG_SCALE = 1 / FIRST_BUCKET_MS;

type Tags = Readonly<Record<string, string>>;

/** Where flushed sums go: the counter of slice `slice`, with the series' tags. */
export type SliceSink = (slice: number, count: number, tags: Tags) => void;

function tagsOf(series: string): Tags {
  return { [SERIES_TAG]: series };
}

/** One request kind's sums in the current slice. */
export class KindSliceCounts {
  sent = 0;
  rateLimited = 0;
  failed = 0;
  readonly latency: number[];
  readonly #sentTags: Tags;
  readonly #rateLimitedTags: Tags;
  readonly #failedTags: Tags;
  readonly #latencyTags: Tags[];

  constructor(kind: Endpoint, maxBucket: number) {
    this.latency = new Array<number>(maxBucket + 1).fill(0);
    this.#sentTags = tagsOf(SERIES.sent(kind));
    this.#rateLimitedTags = tagsOf(SERIES.rateLimited(kind));
    this.#failedTags = tagsOf(SERIES.failed(kind));
    this.#latencyTags = this.latency.map((_, b) => tagsOf(SERIES.latency(kind, b)));
  }

  flush(slice: number, sink: SliceSink): void {
    if (this.sent > 0) sink(slice, this.sent, this.#sentTags);
    if (this.rateLimited > 0) sink(slice, this.rateLimited, this.#rateLimitedTags);
    if (this.failed > 0) sink(slice, this.failed, this.#failedTags);
    this.sent = 0;
    this.rateLimited = 0;
    this.failed = 0;
    flushHistogram(this.latency, this.#latencyTags, slice, sink);
  }
}

function flushHistogram(counts: number[], tags: readonly Tags[], slice: number, sink: SliceSink) {
  for (let b = 0; b < counts.length; b++) {
    const n = counts[b] as number;
    if (n > 0) {
      sink(slice, n, tags[b] as Tags);
      counts[b] = 0;
    }
  }
}

export class SliceTally {
  private readonly kinds = new Map<Endpoint, KindSliceCounts>();
  private readonly lagCounts: number[];
  private readonly lagTags: Tags[];
  private readonly maxBucket: number;
  private slice = 0;

  /** For the request kinds of the run's model; buckets up to `maxBucket` (maxBucketFor). */
  constructor(kinds: readonly Endpoint[], maxBucket: number) {
    this.maxBucket = maxBucket;
    for (const kind of kinds) this.kinds.set(kind, new KindSliceCounts(kind, maxBucket));
    this.lagCounts = new Array<number>(maxBucket + 1).fill(0);
    this.lagTags = this.lagCounts.map((_, b) => tagsOf(SERIES.lag(b)));
  }

  /** A kind's sums; looked up once per VU, not per response. */
  kind(kind: Endpoint): KindSliceCounts {
    const counts = this.kinds.get(kind);
    if (counts === undefined) throw new Error(`SliceTally: unknown request kind ${kind}`);
    return counts;
  }

  /** What follows belongs to slice `slice`: the sums of the one before are flushed first. */
  enter(slice: number, sink: SliceSink): void {
    if (slice === this.slice) return;
    this.flush(sink);
    this.slice = slice;
  }

  /** Counts one response of a kind; latency only when an answer arrived. */
  count(counts: KindSliceCounts, outcome: ResponseOutcome, latencyMs: number): void {
    counts.sent++;
    if (outcome.rateLimited) counts.rateLimited++;
    else if (outcome.error) counts.failed++;
    if (outcome.connectionError === undefined) {
      // bucketOf, inlined: a call costs Sobek about as much as the arithmetic.
      let b =
        latencyMs > FIRST_BUCKET_MS
          ? Math.floor(Math.log2(latencyMs * LOG_SCALE) * BUCKETS_PER_OCTAVE)
          : 0;
      if (b > this.maxBucket) b = this.maxBucket;
      counts.latency[b] = (counts.latency[b] as number) + 1;
    }
  }

  /** Counts one poll's schedule lag. */
  lag(lagMs: number): void {
    const b = bucketOf(lagMs, this.maxBucket);
    this.lagCounts[b] = (this.lagCounts[b] as number) + 1;
  }

  /** Hands every non-zero sum of the current slice to `sink` and starts again from 0. */
  flush(sink: SliceSink): void {
    for (const counts of this.kinds.values()) counts.flush(this.slice, sink);
    flushHistogram(this.lagCounts, this.lagTags, this.slice, sink);
  }
}
