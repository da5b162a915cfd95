import { describe, expect, it } from 'vitest';
import { latencyHistogram, MAX_HISTOGRAM_BUCKETS } from './latency-histogram';
import { QUANTILE_LEVELS, type QuantileFunction } from './quantiles';

/** A uniform distribution of `count` samples between `min` and `max`. */
function uniform(min: number, max: number, count: number): QuantileFunction {
  return {
    count,
    min,
    max,
    avg: (min + max) / 2,
    levels: [...QUANTILE_LEVELS],
    values: QUANTILE_LEVELS.map((level) => min + ((max - min) * level) / 100),
  };
}

describe('latencyHistogram', () => {
  it('splits a uniform distribution at 1-2-5 edges in proportion to their widths', () => {
    expect(latencyHistogram(uniform(10, 110, 1000))).toEqual([
      { lowMs: 10, highMs: 20, count: 100 },
      { lowMs: 20, highMs: 50, count: 300 },
      { lowMs: 50, highMs: 100, count: 500 },
      { lowMs: 100, highMs: 200, count: 100 },
    ]);
  });

  it('takes coarser steps for a wide distribution, and the counts add up to the total', () => {
    const buckets = latencyHistogram(uniform(0.3, 40_000, 777));
    expect(buckets.length).toBeLessThanOrEqual(MAX_HISTOGRAM_BUCKETS);
    expect(buckets.map((b) => b.lowMs)).toEqual([0.1, 1, 10, 100, 1000, 10_000]);
    expect(buckets.at(-1)?.highMs).toBe(100_000);
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(777);
  });

  it('puts samples that all share one value into one bucket', () => {
    expect(latencyHistogram(uniform(5, 5, 12))).toEqual([{ lowMs: 5, highMs: 10, count: 12 }]);
  });

  it('has no buckets without samples', () => {
    expect(latencyHistogram({ ...uniform(1, 2, 0), count: 0 })).toEqual([]);
  });

  it('never leaves the buckets of Min and Max empty, whatever the rounding', () => {
    // 30 samples: the fastest at 0.47 ms and the slowest at 81.32 ms each hold less than half a
    // sample's share of the quantile function; the rest lie near 20 ms.
    const values = QUANTILE_LEVELS.map((level) =>
      level <= 0.5 ? 0.47 : level >= 99.5 ? 81.32 : 20,
    );
    const f: QuantileFunction = {
      count: 30,
      min: 0.47,
      max: 81.32,
      avg: 20.4,
      levels: [...QUANTILE_LEVELS],
      values,
    };
    const buckets = latencyHistogram(f);
    const holding = (ms: number) => buckets.find((b) => b.lowMs <= ms && ms <= b.highMs);
    expect(holding(0.47)?.count).toBeGreaterThan(0);
    expect(holding(81.32)?.count).toBeGreaterThan(0);
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(30);
  });
});
