// A latency histogram with a few log-spaced buckets, derived from a stored quantile function:
// each bucket holds the share of samples between its edges times the sample count. Pure; the
// text report prints it inside k6 and the HTML report draws it.

import { type QuantileFunction, sharesAtOrBelow } from './quantiles';

export interface HistogramBucket {
  /** Samples above `lowMs` (the first bucket: at or above it) and at or below `highMs`. */
  lowMs: number;
  highMs: number;
  count: number;
}

/** Most buckets a histogram gets; a wide distribution takes coarser steps instead. */
export const MAX_HISTOGRAM_BUCKETS = 8;

/** Log-spaced step series, finest first: each lists the mantissas of one decade. */
const SERIES: readonly (readonly number[])[] = [[1, 2, 5], [1, 3], [1]];

/** `mantissa` x 10^`exponent`, built so that 0.2 prints as 0.2, not 0.20000000000000001. */
function scaled(mantissa: number, exponent: number): number {
  return exponent >= 0 ? mantissa * 10 ** exponent : mantissa / 10 ** -exponent;
}

/** The series' edges from the largest one at or below `low` to the first at or above `high`. */
function edgesOf(mantissas: readonly number[], low: number, high: number): number[] {
  const edges: number[] = [];
  for (let exponent = Math.floor(Math.log10(low)) - 1; edges.length < 64; exponent++) {
    for (const m of mantissas) {
      const edge = scaled(m, exponent);
      if (edge > low && edges.length === 0) continue;
      if (edge <= low) {
        edges.length = 0;
        edges.push(edge);
        continue;
      }
      edges.push(edge);
      if (edge >= high) return edges;
    }
  }
  return edges;
}

/** Buckets covering min..max of `f`; empty without samples. Counts add up to `f.count`. */
export function latencyHistogram(f: QuantileFunction): HistogramBucket[] {
  if (!(f.count > 0)) return [];
  // Latencies are positive; a 0 ms sample lands in the first bucket.
  const low = Math.max(f.min, 0.001);
  const high = Math.max(f.max, low);
  let edges: number[] = [];
  for (const mantissas of SERIES) {
    edges = edgesOf(mantissas, low, high);
    if (edges.length - 1 <= MAX_HISTOGRAM_BUCKETS) break;
  }
  if (edges.length < 2) edges = [low, high];
  // Round the cumulative counts, not each bucket, so the buckets add up to the total. An inner
  // edge lies above the minimum and below the maximum, so at least one sample is at or below
  // it and one above: the buckets holding Min and Max are never empty, whatever the rounding.
  const shares = sharesAtOrBelow(f, edges);
  const cumulative = edges.map((_, i) => {
    if (i === 0) return 0;
    if (i === edges.length - 1) return f.count;
    const rounded = Math.round((shares[i] as number) * f.count);
    return Math.min(Math.max(rounded, 1), f.count - 1);
  });
  return edges.slice(1).map((highMs, i) => ({
    lowMs: edges[i] as number,
    highMs,
    count: Math.max(0, (cumulative[i + 1] as number) - (cumulative[i] as number)),
  }));
}
