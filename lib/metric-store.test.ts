import { describe, expect, it } from 'vitest';
import { percentile, trendStat } from '../sandbox/metric-values';
import { applyRule } from './merge-rules';
import {
  GAUGE_EXTREMES,
  GAUGE_SUM,
  type MetricStore,
  metricStoreRule,
  StoreReader,
  storeMetrics,
} from './metric-store';
import { QUANTILE_TREND_STATS, quantileAt } from './quantiles';
import type { SummaryData, SummaryMetric } from './summary-data';

const POLICY = {
  excluded: (key: string) => (key.includes('room:') ? 'per-room counts live elsewhere' : undefined),
};

const STATS = ['med', ...QUANTILE_TREND_STATS];

function trend(samples: readonly number[], stats = STATS): SummaryMetric {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    type: 'trend',
    contains: 'time',
    values: Object.fromEntries(stats.map((s) => [s, trendStat(sorted, s) ?? 0])),
  };
}

function data(metrics: Record<string, SummaryMetric>): SummaryData {
  return { metrics, options: { summaryTrendStats: STATS }, state: { testRunDurationMs: 10_000 } };
}

const counter = (count: number): SummaryMetric => ({
  type: 'counter',
  contains: 'default',
  values: { count, rate: count / 10 },
});

const spread = (n: number, low: number, high: number) =>
  Array.from({ length: n }, (_, i) => low + ((high - low) * i) / (n - 1));

describe('storeMetrics', () => {
  it('keeps what the policy keeps, and a gated metric whatever it says', () => {
    const gated: SummaryMetric = { ...counter(3), thresholds: { 'count>0': { ok: true } } };
    const store = storeMetrics(
      data({
        cw_requests: counter(5),
        'cw_requests{room:0}': counter(5),
        'cw_requests{room:1}': gated,
      }),
      POLICY,
    );
    expect(Object.keys(store)).toEqual(['cw_requests', 'cw_requests{room:1}']);
    expect(store.cw_requests).toEqual({ type: 'counter', contains: 'default', count: 5 });
  });

  it('stores a trend as its named stats and the dense grid, or the stats alone without it', () => {
    const store = storeMetrics(
      data({
        full: trend(spread(100, 1, 100)),
        partial: trend(spread(100, 1, 100), ['avg', 'med', 'p(95)']),
      }),
      POLICY,
    );
    const full = store.full;
    expect(full?.type === 'trend' && Object.keys(full.stats).sort()).toEqual([
      'avg',
      'count',
      'max',
      'med',
      'min',
    ]);
    expect(full?.type === 'trend' && full.grid?.length).toBe(1089);
    expect(store.partial).toMatchObject({ grid: null, stats: { avg: 50.5, 'p(95)': 95.05 } });
    const reader = new StoreReader(store, POLICY);
    expect(reader.trendStat('full', 'p(95)')).toBeCloseTo(95.05, 9);
    expect(reader.trendStat('partial', 'p(95)')).toBe(95.05);
    expect(reader.distribution('partial')).toBeNull();
  });
});

describe('StoreReader', () => {
  it('reads an absent metric as not recorded, and one the policy never keeps as a bug', () => {
    const reader = new StoreReader({}, POLICY);
    expect(reader.counter('cw_requests')).toBeUndefined();
    expect(() => reader.counter('cw_requests{room:0}')).toThrow(
      'metric store: cw_requests{room:0} is not stored: per-room counts live elsewhere',
    );
  });

  it('reads threshold aggregations with their k6 meanings', () => {
    const store = storeMetrics(
      data({
        n: counter(20),
        r: { type: 'rate', contains: 'default', values: { rate: 0.25, passes: 1, fails: 3 } },
        empty: trend([]),
      }),
      POLICY,
    );
    const reader = new StoreReader(store, POLICY);
    expect(reader.threshold('n', 'count', 10_000)).toEqual({
      value: 20,
      contains: 'default',
      sampled: true,
    });
    expect(reader.threshold('n', 'rate', 10_000)?.value).toBe(2);
    expect(reader.threshold('r', 'rate', 10_000)?.value).toBe(0.25);
    expect(reader.threshold('empty', 'p(95)', 10_000)?.sampled).toBe(false);
    expect(reader.threshold('missing', 'count', 10_000)).toBeUndefined();
  });
});

describe('metricStoreRule', () => {
  function merged(...stores: MetricStore[]) {
    const warnings: string[] = [];
    const store = applyRule(
      metricStoreRule({ g: GAUGE_EXTREMES, open: GAUGE_SUM }),
      stores,
      stores.map((_, i) => `s${i}.json`),
      'measured.metrics',
      (w) => warnings.push(w),
    );
    return { store, warnings, reader: new StoreReader(store, POLICY) };
  }

  it('adds counters and rates, and takes a gauge from both ends', () => {
    const a = storeMetrics(
      data({
        n: counter(2),
        r: { type: 'rate', contains: 'default', values: { rate: 0.5, passes: 1, fails: 1 } },
        g: { type: 'gauge', contains: 'time', values: { value: 5, min: 1, max: 5 } },
      }),
      POLICY,
    );
    const b = storeMetrics(
      data({
        n: counter(3),
        r: { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 2 } },
        g: { type: 'gauge', contains: 'time', values: { value: 9, min: 2, max: 9 } },
        only: counter(7),
      }),
      POLICY,
    );
    const { reader } = merged(a, b);
    expect(reader.counter('n')).toBe(5);
    expect(reader.counter('only')).toBe(7);
    expect(reader.rate('r')).toEqual({ rate: 0.25, passes: 1, fails: 3 });
    expect(reader.gauge('g')).toEqual({ min: 1, max: 9 });
  });

  it('merges trends through their quantile functions, within 1 % of all samples', () => {
    const fast = spread(300, 2, 8);
    const slow = spread(100, 20, 300);
    const { reader } = merged(
      storeMetrics(data({ t: trend(fast) }), POLICY),
      storeMetrics(data({ t: trend(slow) }), POLICY),
    );
    const all = [...fast, ...slow].sort((a, b) => a - b);
    for (const p of [50, 95, 99]) {
      const truth = percentile(all, p / 100);
      const got = reader.trendStat('t', `p(${p})`) as number;
      expect(Math.abs(got - truth) / truth).toBeLessThan(0.01);
    }
    const d = reader.distribution('t');
    expect([d?.count, d?.min, d?.max]).toEqual([400, 2, 300]);
    expect(reader.trendStat('t', 'med')).toBeCloseTo(quantileAt(d as never, 50), 9);
    expect(reader.trendStat('t', 'avg')).toBeCloseTo(all.reduce((a, b) => a + b) / 400, 9);
  });

  it('skips an instance whose trend got no samples, and warns for one without the grid', () => {
    const samples = spread(50, 1, 10);
    const { reader } = merged(
      storeMetrics(data({ t: trend(samples) }), POLICY),
      storeMetrics(data({ t: trend([]) }), POLICY),
    );
    expect(reader.trendStat('t', 'min')).toBe(1);
    const partial = merged(
      storeMetrics(data({ t: trend(samples) }), POLICY),
      storeMetrics(data({ t: trend(samples, ['count', 'avg', 'min', 'max', 'p(95)']) }), POLICY),
    );
    expect(partial.reader.distribution('t')).toBeNull();
    expect(partial.reader.trendStat('t', 'count')).toBe(100);
    expect(partial.reader.trendStat('t', 'p(95)')).toBeUndefined();
    expect(partial.warnings).toEqual([
      'Warning: s1.json has no percentile grid for measured.metrics.t (--summary-trend-stats overridden?): its merged percentiles are not available',
    ]);
  });

  it('adds the extremes of a level gauge, and refuses a gauge without a rule', () => {
    const open = (max: number): SummaryMetric => ({
      type: 'gauge',
      contains: 'default',
      values: { value: max, min: 0, max },
    });
    expect(
      merged(
        storeMetrics(data({ open: open(3) }), POLICY),
        storeMetrics(data({ open: open(4) }), POLICY),
      ).reader.gauge('open'),
    ).toEqual({ min: 0, max: 7 });
    expect(() =>
      merged(
        storeMetrics(data({ level: open(3) }), POLICY),
        storeMetrics(data({ level: open(4) }), POLICY),
      ),
    ).toThrow('s0.json: measured.metrics.level is a gauge without a merge rule');
  });

  it('refuses a metric of one type in one instance and another in the next', () => {
    expect(() =>
      merged(
        storeMetrics(data({ x: counter(1) }), POLICY),
        storeMetrics(data({ x: trend([1, 2]) }), POLICY),
      ),
    ).toThrow('s1.json: measured.metrics.x is a trend, but s0.json has a counter');
  });
});
