// k6's end-of-test metrics as summary.json stores them for merging: each metric by its key
// (`cw_requests{endpoint:poll}`) with what merges exactly: a counter's count, a rate's passes
// and fails, a gauge's min and max, and a trend's named stats with its dense quantile grid
// (lib/quantiles.ts). Which metrics are kept is the scenario's {@link StorePolicy}; a report
// that reads a metric its policy never keeps gets an error, not a silent 0. The merge rule adds
// counters and rates, merges quantile functions, and takes min and max of gauges. Pure.

import {
  byType,
  fields,
  type MergeContext,
  MergeError,
  type MergeRule,
  max,
  min,
  recordBy,
  same,
  sum,
} from './merge-rules';
import type { MetricReader, ThresholdReading } from './metric-reader';
import {
  mergeQuantileFunctions,
  QUANTILE_LEVEL_STATS,
  QUANTILE_LEVELS,
  type QuantileFunction,
  quantileAt,
} from './quantiles';
import type { MetricContains, SummaryData } from './summary-data';

export interface StoredCounter {
  type: 'counter';
  contains: MetricContains;
  count: number;
}

export interface StoredRate {
  type: 'rate';
  /** Samples that were true (for cw_errors: failed requests). */
  passes: number;
  fails: number;
}

export interface StoredTrend {
  type: 'trend';
  contains: MetricContains;
  /**
   * The stats k6 reported that the grid does not hold: `count`, `avg`, `min`, `max`, `med`,
   * and, without a grid, whatever percentiles `--summary-trend-stats` asked for.
   */
  stats: Record<string, number>;
  /** `p(level)` for each level of QUANTILE_LEVELS, in order; null when k6 did not report them all. */
  grid: number[] | null;
}

export interface StoredGauge {
  type: 'gauge';
  contains: MetricContains;
  min: number;
  max: number;
}

export type StoredMetric = StoredCounter | StoredRate | StoredTrend | StoredGauge;

/** Metrics by key, as k6 names them (sub-metrics `name{tag:value}`). */
export type MetricStore = Record<string, StoredMetric>;

/** Which metrics a scenario's summaries keep. */
export interface StorePolicy {
  /**
   * Why the metric under `key` is not kept (e.g. "per-room counts are in measured.instances"),
   * or undefined when it is. A metric with a threshold is kept whatever this says.
   */
  excluded(key: string): string | undefined;
}

const GRID_KEYS = QUANTILE_LEVEL_STATS;
let gridIndexes: Map<string, number> | undefined;

/** A grid stat's index in GRID_KEYS, or -1; the map is built at first use, not at each VU's init. */
function gridIndex(stat: string): number {
  if (gridIndexes === undefined) {
    gridIndexes = new Map();
    for (let i = 0; i < GRID_KEYS.length; i++) gridIndexes.set(GRID_KEYS[i] as string, i);
  }
  return gridIndexes.get(stat) ?? -1;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A trend's stored form. `named`: the stats k6 was asked for besides the grid's, read one by
 * one; without it (a hand-made data object) every stat k6 reported is looked at. k6's values
 * sit behind its Go map, where each read converts again: enumerating all 1,093 of them a
 * second time, after the grid, cost handleSummary about as much as the grid itself.
 */
function storedTrend(
  contains: MetricContains,
  values: Readonly<Record<string, number>>,
  named: readonly string[] | undefined,
) {
  const gridValues = GRID_KEYS.map((k) => values[k]);
  const grid = gridValues.every(finite) ? gridValues : null;
  const stats: Record<string, number> = {};
  const names = grid === null || named === undefined ? Object.keys(values) : named;
  for (let i = 0; i < names.length; i++) {
    const stat = names[i] as string;
    const value = values[stat];
    if (finite(value) && (grid === null || gridIndex(stat) === -1)) stats[stat] = value;
  }
  return { type: 'trend' as const, contains, stats, grid };
}

/** The metrics of k6's `data` that `policy` keeps, plus every metric with a threshold. */
export function storeMetrics(data: SummaryData, policy: StorePolicy): MetricStore {
  const store: MetricStore = {};
  const named = data.options?.summaryTrendStats?.filter((stat) => gridIndex(stat) === -1);
  for (const [key, metric] of Object.entries(data.metrics ?? {})) {
    if (metric === undefined) continue;
    const gated = metric.thresholds !== undefined && Object.keys(metric.thresholds).length > 0;
    if (!gated && policy.excluded(key) !== undefined) continue;
    switch (metric.type) {
      case 'counter':
        if (finite(metric.values.count)) {
          store[key] = { type: 'counter', contains: metric.contains, count: metric.values.count };
        }
        break;
      case 'rate':
        if (finite(metric.values.passes) && finite(metric.values.fails)) {
          store[key] = { type: 'rate', passes: metric.values.passes, fails: metric.values.fails };
        }
        break;
      case 'trend':
        store[key] = storedTrend(metric.contains, metric.values, named);
        break;
      case 'gauge':
        if (finite(metric.values.min) && finite(metric.values.max)) {
          store[key] = {
            type: 'gauge',
            contains: metric.contains,
            min: metric.values.min,
            max: metric.values.max,
          };
        }
        break;
    }
  }
  return store;
}

function trendFunction(t: StoredTrend): QuantileFunction | null {
  const { count, min: low, max: high, avg } = t.stats;
  if (t.grid === null || !finite(count) || !finite(low) || !finite(high) || !finite(avg)) {
    return null;
  }
  if (!(count > 0)) return null;
  return {
    count,
    min: low,
    max: high,
    avg,
    levels: QUANTILE_LEVELS.slice(),
    values: t.grid.slice(),
  };
}

/** A trend stat: a named one, a grid level, or a percentile between levels (merged thresholds). */
function trendStatOf(t: StoredTrend, stat: string): number | undefined {
  const named = t.stats[stat];
  if (named !== undefined) return named;
  if (t.grid === null) return undefined;
  const index = gridIndex(stat);
  if (index !== -1) return t.grid[index];
  const f = trendFunction(t);
  if (f === null) return undefined;
  if (stat === 'med') return quantileAt(f, 50);
  const percentile = /^p\(([\d.]+)\)$/.exec(stat);
  return percentile === null ? undefined : quantileAt(f, Number(percentile[1]));
}

function ofType<T extends StoredMetric['type']>(
  metric: StoredMetric | undefined,
  type: T,
): Extract<StoredMetric, { type: T }> | undefined {
  return metric?.type === type ? (metric as Extract<StoredMetric, { type: T }>) : undefined;
}

/** The value a threshold's aggregation tests (`count`, `rate`, `p(95)`...); k6's meanings. */
function aggregationValue(
  metric: StoredMetric,
  aggregation: string,
  durationMs: number,
): number | undefined {
  switch (metric.type) {
    case 'counter':
      if (aggregation === 'count') return metric.count;
      if (aggregation === 'rate') return durationMs > 0 ? metric.count / (durationMs / 1000) : 0;
      return undefined;
    case 'rate': {
      const total = metric.passes + metric.fails;
      if (aggregation === 'rate') return total > 0 ? metric.passes / total : 0;
      return undefined;
    }
    case 'trend':
      return trendStatOf(metric, aggregation);
    case 'gauge':
      return aggregation === 'min' ? metric.min : aggregation === 'max' ? metric.max : undefined;
  }
}

/** Reads stored metrics; reading a metric the policy never keeps throws (a report bug). */
export class StoreReader implements MetricReader {
  readonly #store: MetricStore;
  readonly #policy: StorePolicy;

  constructor(store: MetricStore, policy: StorePolicy) {
    this.#store = store;
    this.#policy = policy;
  }

  #get(key: string): StoredMetric | undefined {
    const metric = this.#store[key];
    if (metric !== undefined) return metric;
    const why = this.#policy.excluded(key);
    if (why !== undefined) throw new Error(`metric store: ${key} is not stored: ${why}`);
    return undefined;
  }

  has(key: string): boolean {
    return this.#store[key] !== undefined;
  }

  counter(key: string): number | undefined {
    return ofType(this.#get(key), 'counter')?.count;
  }

  trendStat(key: string, stat: string): number | undefined {
    const t = ofType(this.#get(key), 'trend');
    return t === undefined ? undefined : trendStatOf(t, stat);
  }

  distribution(key: string): QuantileFunction | null {
    const t = ofType(this.#get(key), 'trend');
    return t === undefined ? null : trendFunction(t);
  }

  rate(key: string): { rate: number; passes: number; fails: number } | undefined {
    const r = ofType(this.#get(key), 'rate');
    if (r === undefined) return undefined;
    const total = r.passes + r.fails;
    return { rate: total > 0 ? r.passes / total : 0, passes: r.passes, fails: r.fails };
  }

  gauge(key: string): { min: number; max: number } | undefined {
    const g = ofType(this.#get(key), 'gauge');
    return g === undefined ? undefined : { min: g.min, max: g.max };
  }

  /** What a threshold `aggregation` of `key` sees; undefined when the metric is not stored. */
  threshold(key: string, aggregation: string, durationMs: number): ThresholdReading | undefined {
    const metric = this.#store[key];
    if (metric === undefined) return undefined;
    return {
      value: aggregationValue(metric, aggregation, durationMs),
      contains: metric.type === 'rate' ? 'default' : metric.contains,
      sampled: metric.type !== 'trend' || (metric.stats.count ?? 1) > 0,
    };
  }
}

/** A trend's samples in one input: k6 reports a thresholded trend without samples as all 0. */
function trendSampled(t: StoredTrend): boolean {
  return (t.stats.count ?? 1) > 0;
}

/**
 * Trends merge through their quantile functions: the merged grid is that of all samples
 * together, within 1 % of the percentiles over the raw samples; count, min, max and avg merge
 * exactly; `med` and other named percentiles are read off the merged function. An input
 * without the grid (`--summary-trend-stats` overridden) leaves only the exact stats, with a
 * warning.
 */
const trendRule: MergeRule<StoredTrend> = {
  describe: 'quantile functions merged; count, min, max, avg exact',
  merge(values: readonly StoredTrend[], context: MergeContext): StoredTrend {
    const contains = same<MetricContains>().merge(
      values.map((t) => t.contains),
      { ...context, path: `${context.path}.contains` },
    );
    const sampledIndexes = values.flatMap((t, i) => (trendSampled(t) ? [i] : []));
    const sampled = sampledIndexes.map((i) => values[i] as StoredTrend);
    if (sampled.length === 0) return values[0] as StoredTrend;
    if (sampled.length === 1) return sampled[0] as StoredTrend;
    const functions = sampled.map(trendFunction);
    const exact = (name: 'count' | 'min' | 'max' | 'avg') =>
      sampled.every((t) => finite(t.stats[name]));
    const stats: Record<string, number> = {};
    if (exact('count')) stats.count = sampled.reduce((a, t) => a + (t.stats.count as number), 0);
    if (exact('min')) stats.min = Math.min(...sampled.map((t) => t.stats.min as number));
    if (exact('max')) stats.max = Math.max(...sampled.map((t) => t.stats.max as number));
    if (exact('avg') && stats.count !== undefined) {
      const total = sampled.reduce(
        (a, t) => a + (t.stats.avg as number) * (t.stats.count as number),
        0,
      );
      stats.avg = total / stats.count;
    }
    const missing = functions.indexOf(null);
    if (missing !== -1) {
      const source = context.sources[sampledIndexes[missing] as number] ?? '';
      context.warn(
        `Warning: ${source} has no percentile grid for ${context.path} (--summary-trend-stats overridden?): its merged percentiles are not available`,
      );
      return { type: 'trend', contains, stats, grid: null };
    }
    const merged = mergeQuantileFunctions(functions);
    if (merged === null) throw new MergeError(`${context.path}: no samples to merge`);
    const result: StoredTrend = {
      type: 'trend',
      contains,
      stats: { count: merged.count, min: merged.min, max: merged.max, avg: merged.avg },
      grid: merged.values,
    };
    for (const name of Object.keys((sampled[0] as StoredTrend).stats)) {
      const value = trendStatOf(result, name);
      if (value !== undefined) result.stats[name] = value;
    }
    return result;
  },
};

/**
 * A gauge whose extremes stay extremes across instances (a time: how far the load phase got):
 * the smallest min and the largest max.
 */
export const GAUGE_EXTREMES: MergeRule<StoredGauge> = fields<StoredGauge>({
  type: same(),
  contains: same(),
  min,
  max,
});

/**
 * A gauge of a level each instance holds (open connections): the instances' extremes added,
 * an upper bound of the whole run's, since their peaks need not coincide.
 */
export const GAUGE_SUM: MergeRule<StoredGauge> = fields<StoredGauge>({
  type: same(),
  contains: same(),
  min: sum,
  max: sum,
});

/**
 * How stored metrics of several instances merge: by key, each by its type. Counters and rates
 * add and trends merge whatever they measure; a gauge means a time or a level, so each gauge
 * metric (by name, tags aside) names its rule in `gauges`, and one without is an error.
 */
export function metricStoreRule(
  gauges: Readonly<Record<string, MergeRule<StoredGauge>>>,
): MergeRule<MetricStore> {
  const undeclared: MergeRule<StoredGauge> = {
    describe: 'none declared',
    merge(_values, context) {
      throw new MergeError(
        `${context.sources[0] ?? ''}: ${context.path} is a gauge without a merge rule (a time or a level? name its rule in the scenario's gauge rules)`,
      );
    },
  };
  const byMetricType = (gauge: MergeRule<StoredGauge>) =>
    byType<StoredMetric>({
      counter: fields<StoredCounter>({ type: same(), contains: same(), count: sum }),
      rate: fields<StoredRate>({ type: same(), passes: sum, fails: sum }),
      trend: trendRule,
      gauge,
    });
  return recordBy(
    (key) => byMetricType(gauges[key.replace(/\{.*$/, '')] ?? undeclared),
    'counters and rates add, trends merge, gauges by their declared rule',
  );
}
