import { describe, expect, it } from 'vitest';
import { percentile, trendStat } from '../sandbox/metric-values';
import {
  mergeQuantileFunctions,
  QUANTILE_LEVELS,
  QUANTILE_TREND_STATS,
  type QuantileFunction,
  quantileAt,
  readQuantileFunction,
  SAMPLE_REBUILD_LIMIT,
  shareAtOrBelow,
  trendSharesAtOrBelow,
} from './quantiles';

/** A seeded PRNG (mulberry32), so every run draws the same samples. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal latencies in ms around `medianMs`, as response times tend to be. */
function latencies(seed: number, n: number, medianMs: number, sigma: number): number[] {
  const next = random(seed);
  return Array.from({ length: n }, () => {
    const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    return medianMs * Math.exp(sigma * gauss);
  });
}

/** The `values` k6 reports for a Trend of these samples with the quantile stats asked for. */
function k6TrendValues(samples: readonly number[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  return Object.fromEntries(
    QUANTILE_TREND_STATS.map((stat) => [stat, trendStat(sorted, stat) ?? Number.NaN]),
  );
}

function fromSamples(samples: readonly number[]): QuantileFunction {
  const f = readQuantileFunction(k6TrendValues(samples));
  if (f === null) throw new Error('no quantile function');
  return f;
}

function truth(samples: readonly number[], percent: number): number {
  return percentile(
    [...samples].sort((a, b) => a - b),
    percent / 100,
  );
}

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

describe('the quantile grid', () => {
  it('asks k6 for every level by the name k6 reports it under', () => {
    expect(QUANTILE_LEVELS).toHaveLength(1089);
    expect(QUANTILE_TREND_STATS.slice(0, 7)).toEqual([
      'count',
      'avg',
      'min',
      'max',
      'p(0.1)',
      'p(0.2)',
      'p(0.3)',
    ]);
    expect(QUANTILE_TREND_STATS).toContain('p(95)');
    expect(QUANTILE_TREND_STATS).toContain('p(99)');
    expect(QUANTILE_TREND_STATS.at(-1)).toBe('p(99.99)');
    expect(QUANTILE_TREND_STATS).toContain('p(99.01)');
    expect(QUANTILE_TREND_STATS.every((s) => !/\d{5}/.test(s))).toBe(true);
  });
});

describe('readQuantileFunction', () => {
  it('reads count, min, max, avg and every level in order', () => {
    const f = fromSamples([4, 1, 3, 2, 5]);
    expect(f).toMatchObject({ count: 5, min: 1, max: 5, avg: 3 });
    expect(f.values[QUANTILE_LEVELS.indexOf(50)]).toBe(3);
    expect(f.values[QUANTILE_LEVELS.indexOf(25)]).toBe(2);
    expect(f.levels).toEqual(QUANTILE_LEVELS);
  });

  it('is null when a stat is missing (--summary-trend-stats overridden) or nothing was sampled', () => {
    const values = k6TrendValues([1, 2, 3]);
    expect(readQuantileFunction(undefined)).toBeNull();
    expect(readQuantileFunction({ ...values, count: 0 })).toBeNull();
    const { 'p(42.7)': _dropped, ...withoutOne } = values;
    expect(readQuantileFunction(withoutOne)).toBeNull();
    const { count: _count, ...withoutCount } = values;
    expect(readQuantileFunction(withoutCount)).toBeNull();
  });
});

describe('trendSharesAtOrBelow', () => {
  it("gives shareAtOrBelow's shares, read straight off k6's stats", () => {
    const runs = [
      latencies(7, 150, 20, 0.6),
      [5, 5, 5, 7, 7, 9],
      [3],
      Array.from({ length: 40 }, (_, i) => (i < 30 ? 10 : 10 + i)),
    ];
    for (const samples of runs) {
      const values = k6TrendValues(samples);
      const f = fromSamples(samples);
      const edges = [0.1, 3, 5, 6, 7, 9, 10, 10.5, 12, 20, 25, 44, 49, 60, 500];
      const shares = trendSharesAtOrBelow(values, edges);
      expect(shares).toHaveLength(edges.length);
      edges.forEach((edge, i) => {
        expect(shares?.[i]).toBeCloseTo(shareAtOrBelow(f, edge), 12);
      });
    }
  });

  it('is null where readQuantileFunction is', () => {
    const values = k6TrendValues([1, 2, 3]);
    expect(trendSharesAtOrBelow(undefined, [1])).toBeNull();
    expect(trendSharesAtOrBelow({ ...values, count: 0 }, [1])).toBeNull();
    const { 'p(0.1)': _first, ...withoutFirst } = values;
    expect(trendSharesAtOrBelow(withoutFirst, [2])).toBeNull();
    const { 'p(50)': _median, ...withoutMedian } = values;
    expect(trendSharesAtOrBelow(withoutMedian, [2])).toBeNull();
  });
});

describe('quantileAt', () => {
  const f = fromSamples(Array.from({ length: 1001 }, (_, i) => i));

  it('gives the grid values at grid levels, min and max at the ends', () => {
    expect(quantileAt(f, 95)).toBeCloseTo(950, 9);
    expect(quantileAt(f, 99.5)).toBeCloseTo(995, 9);
    expect(quantileAt(f, 0)).toBe(0);
    expect(quantileAt(f, 100)).toBe(1000);
  });

  it('interpolates between levels', () => {
    expect(quantileAt(f, 0.05)).toBeCloseTo(0.5, 9);
    expect(quantileAt(f, 99.995)).toBeCloseTo(999.95, 9);
  });

  it('interpolates between the same two corners as a scan from the lowest would', () => {
    const skewed = fromSamples(latencies(7, 5000, 40, 0.8));
    const p = [0, ...skewed.levels, 100];
    const x = [skewed.min, ...skewed.values, skewed.max];
    const scanned = (percent: number) => {
      let k = 1;
      while ((p[k] as number) < percent) k++;
      const [p0, p1, x0, x1] = [p[k - 1], p[k], x[k - 1], x[k]] as number[];
      return (
        (x0 as number) +
        (((x1 as number) - (x0 as number)) * (percent - (p0 as number))) /
          ((p1 as number) - (p0 as number))
      );
    };
    const percents = [0.01, 0.1, 0.15, 12.34, 50, 90, 95, 98.999, 99, 99.005, 99.9, 99.99, 99.995];
    for (const percent of percents) expect(quantileAt(skewed, percent)).toBe(scanned(percent));
  });
});

describe('mergeQuantileFunctions', () => {
  it('keeps a single distribution as it is and skips empty ones', () => {
    const f = fromSamples([1, 2, 3]);
    expect(mergeQuantileFunctions([null, f])).toBe(f);
    expect(mergeQuantileFunctions([null])).toBeNull();
  });

  it('gets p50, p95 and p99 of one run split over instances within 1 %', () => {
    const all = latencies(7, 30_000, 40, 0.6);
    const parts = [all.slice(0, 5_000), all.slice(5_000, 17_000), all.slice(17_000)];
    const merged = mergeQuantileFunctions(parts.map(fromSamples));
    if (merged === null) throw new Error('no merge');
    for (const p of [50, 95, 99]) {
      expect(relativeError(quantileAt(merged, p), truth(all, p))).toBeLessThan(0.01);
    }
  });

  it('gets the percentiles of instances that saw different latencies within 1 %', () => {
    // One instance near the server, one behind a slow link: the mean of their p95s is far off.
    const near = latencies(11, 20_000, 20, 0.4);
    const far = latencies(12, 8_000, 150, 0.8);
    const merged = mergeQuantileFunctions([fromSamples(near), fromSamples(far)]);
    if (merged === null) throw new Error('no merge');
    const all = [...near, ...far];
    for (const p of [50, 95, 99]) {
      expect(relativeError(quantileAt(merged, p), truth(all, p))).toBeLessThan(0.01);
    }
    const meanOfP95 = (truth(near, 95) + truth(far, 95)) / 2;
    expect(relativeError(meanOfP95, truth(all, 95))).toBeGreaterThan(0.05);
  });

  it('gets the percentiles of short runs (few samples each) within 1 %', () => {
    // 40 samples an instance: k6 interpolates between neighbours, coarse for a CDF mix.
    for (const seed of [1, 2, 3, 4, 5]) {
      const parts = [latencies(seed, 40, 4, 0.5), latencies(seed + 50, 40, 4, 0.5), [2.5, 3]];
      const merged = mergeQuantileFunctions(parts.map(fromSamples));
      if (merged === null) throw new Error('no merge');
      for (const p of [50, 95, 99]) {
        expect(relativeError(quantileAt(merged, p), truth(parts.flat(), p))).toBeLessThan(0.01);
      }
    }
  });

  it('mixes the CDFs of runs too large to rebuild, within 1 %', () => {
    const all = latencies(21, SAMPLE_REBUILD_LIMIT + 10_000, 40, 0.6);
    const half = all.length / 2;
    const merged = mergeQuantileFunctions([
      fromSamples(all.slice(0, half)),
      fromSamples(all.slice(half)),
    ]);
    if (merged === null) throw new Error('no merge');
    for (const p of [50, 95, 99]) {
      expect(relativeError(quantileAt(merged, p), truth(all, p))).toBeLessThan(0.01);
    }
  });

  it('gives the exact percentiles of small runs, whose samples the grid determines', () => {
    // Two instances of a short distributed run: a few dozen widely spread samples each.
    const a = latencies(21, 40, 8, 1.2);
    const b = latencies(22, 37, 12, 1.5);
    const merged = mergeQuantileFunctions([fromSamples(a), fromSamples(b)]);
    if (merged === null) throw new Error('no merge');
    const all = [...a, ...b];
    for (const p of [50, 90, 95, 99]) {
      expect(relativeError(quantileAt(merged, p), truth(all, p))).toBeLessThan(1e-9);
    }
  });

  it('sums counts and keeps exact min, max and mean', () => {
    const a = [3, 5, 7];
    const b = [1, 10];
    const merged = mergeQuantileFunctions([fromSamples(a), fromSamples(b)]);
    expect(merged).toMatchObject({ count: 5, min: 1, max: 10, avg: 26 / 5 });
  });

  it('handles values many samples share (a step in the distribution)', () => {
    const flat = Array.from({ length: 9_000 }, () => 5);
    const spread = Array.from({ length: 1_000 }, (_, i) => 10 + i / 10);
    const merged = mergeQuantileFunctions([fromSamples(flat), fromSamples(spread)]);
    if (merged === null) throw new Error('no merge');
    expect(quantileAt(merged, 50)).toBe(5);
    expect(quantileAt(merged, 89)).toBe(5);
    const all = [...flat, ...spread];
    expect(relativeError(quantileAt(merged, 95), truth(all, 95))).toBeLessThan(0.01);
    expect(relativeError(quantileAt(merged, 99), truth(all, 99))).toBeLessThan(0.01);
  });

  it('refuses distributions on different grids', () => {
    const f = fromSamples([1, 2, 3]);
    const other = { ...f, levels: f.levels.slice(1), values: f.values.slice(1) };
    expect(() => mergeQuantileFunctions([f, other])).toThrow(/different percentile grids/);
  });
});
