// The `data` object k6 passes to handleSummary (shape measured with k6 1.3 and 2.2, see
// docs/k6-runtime.md), and readers that never throw: a metric may be absent, of another type,
// or lack a trend stat the user left out of --summary-trend-stats.

import { parseThresholdExpression } from './thresholds';

/** `{ 'p(95)<500': { ok: true } }`: each threshold expression of a metric and its outcome. */
export type ThresholdOutcomes = Readonly<Record<string, { readonly ok: boolean }>>;

/** What a metric holds: plain numbers, durations in ms, or bytes. */
export type MetricContains = 'default' | 'time' | 'data';

interface MetricBase {
  readonly contains: MetricContains;
  readonly thresholds?: ThresholdOutcomes;
}

export interface CounterMetric extends MetricBase {
  readonly type: 'counter';
  readonly values: { readonly count: number; readonly rate: number };
}

/** Trend values hold only the stats in `options.summaryTrendStats` (`avg`, `p(95)`, ...). */
export interface TrendMetric extends MetricBase {
  readonly type: 'trend';
  readonly values: Readonly<Record<string, number>>;
}

export interface RateMetric extends MetricBase {
  readonly type: 'rate';
  readonly values: { readonly rate: number; readonly passes: number; readonly fails: number };
}

export interface GaugeMetric extends MetricBase {
  readonly type: 'gauge';
  readonly values: { readonly value: number; readonly min: number; readonly max: number };
}

export type SummaryMetric = CounterMetric | TrendMetric | RateMetric | GaugeMetric;

export interface SummaryCheck {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly passes: number;
  readonly fails: number;
}

export interface SummaryGroup {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: readonly SummaryGroup[];
  readonly checks: readonly SummaryCheck[];
}

export interface SummaryData {
  /** Metrics by key; sub-metrics are keyed `name{tag:value,...}`. */
  readonly metrics: Readonly<Record<string, SummaryMetric | undefined>>;
  readonly options: {
    readonly summaryTrendStats: readonly string[];
    readonly summaryTimeUnit?: string;
    readonly noColor?: boolean;
  };
  readonly state: {
    /** The whole test run, setup and teardown included, in ms (a float). */
    readonly testRunDurationMs: number;
    readonly isStdOutTTY?: boolean;
    readonly isStdErrTTY?: boolean;
  };
  /** Whatever setup() returned (undefined when it failed): may hold secrets, never print it. */
  readonly setup_data?: unknown;
  readonly root_group?: SummaryGroup;
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** The metric under `key` if it has the expected type. */
function metricOfType<T extends SummaryMetric['type']>(
  data: SummaryData,
  key: string,
  type: T,
): Extract<SummaryMetric, { type: T }> | undefined {
  const metric = data.metrics?.[key]; // `?.`: a hand-made or truncated data object may lack it
  return metric?.type === type ? (metric as Extract<SummaryMetric, { type: T }>) : undefined;
}

/** A counter's total; undefined when the metric is absent or not a counter. */
export function counterCount(data: SummaryData, key: string): number | undefined {
  return finite(metricOfType(data, key, 'counter')?.values.count);
}

/** One stat of a trend (`avg`, `med`, `p(95)`...); undefined when absent or not a trend. */
export function trendStat(data: SummaryData, key: string, stat: string): number | undefined {
  return finite(metricOfType(data, key, 'trend')?.values[stat]);
}

/** A trend's reported stats (`avg`, `p(95)`, ...); undefined when absent. */
export function trendValues(
  data: SummaryData,
  key: string,
): Readonly<Record<string, number>> | undefined {
  return metricOfType(data, key, 'trend')?.values;
}

/** A rate metric's share of true samples and its counts; undefined when absent. */
export function rateValues(
  data: SummaryData,
  key: string,
): { rate: number; passes: number; fails: number } | undefined {
  const values = metricOfType(data, key, 'rate')?.values;
  const rate = finite(values?.rate);
  const passes = finite(values?.passes);
  const fails = finite(values?.fails);
  return rate === undefined || passes === undefined || fails === undefined
    ? undefined
    : { rate, passes, fails };
}

/** The test run's duration in ms; 0 when k6 did not report a usable value. */
export function testRunDurationMs(data: SummaryData): number {
  const ms = finite(data.state?.testRunDurationMs);
  return ms === undefined || ms < 0 ? 0 : ms;
}

/** One threshold expression of one metric (or sub-metric) key and whether it held. */
export interface ThresholdResult {
  /** The metric key as declared, e.g. `cw_latency{endpoint:poll}`. */
  readonly metric: string;
  /** The expression as declared, e.g. `p(95)<1000`. */
  readonly expression: string;
  readonly ok: boolean;
  /** The aggregation the expression tests (`p(95)`, `rate`, `count`...), if it parses. */
  readonly aggregation: string | undefined;
  /** That aggregation's value in the summary; undefined when k6 did not report it. */
  readonly observed: number | undefined;
  /** What the metric holds, to print the observed value with its unit. */
  readonly contains: MetricContains;
}

/** The aggregation on the left of a threshold expression: `p(95)` in `p(95) < 500`. */
export function thresholdAggregation(expression: string): string | undefined {
  return parseThresholdExpression(expression)?.aggregation;
}

/**
 * Every threshold in the summary with its outcome, sorted by metric key, then expression.
 * Keys declared with an empty list (only so that a sub-metric is reported) have none.
 */
export function thresholdResults(data: SummaryData): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const [metric, entry] of Object.entries(data.metrics ?? {})) {
    if (entry?.thresholds === undefined) continue;
    const values = entry.values as Readonly<Record<string, unknown>>;
    for (const [expression, outcome] of Object.entries(entry.thresholds)) {
      const aggregation = thresholdAggregation(expression);
      results.push({
        metric,
        expression,
        ok: outcome?.ok === true,
        aggregation,
        observed: aggregation === undefined ? undefined : finite(values[aggregation]),
        contains: entry.contains,
      });
    }
  }
  return results.sort((a, b) =>
    a.metric === b.metric
      ? compareStrings(a.expression, b.expression)
      : compareStrings(a.metric, b.metric),
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * How many samples a guard counts (lib/thresholds.ts): a counter's count (`count>0`), a trend's
 * `count` (`max>0`: a trend of response times; without `count` in --summary-trend-stats, 0 when
 * its max is 0 and unknown, null, otherwise). An absent metric got none.
 */
export function guardSamples(
  data: SummaryData,
  guard: { metric: string; expression: string },
): number | null {
  const metric = data.metrics?.[guard.metric];
  if (metric === undefined) return 0;
  if (thresholdAggregation(guard.expression) === 'count')
    return counterCount(data, guard.metric) ?? null;
  const count = trendStat(data, guard.metric, 'count');
  if (count !== undefined) return count;
  const max = trendStat(data, guard.metric, 'max');
  return max === undefined ? null : max > 0 ? null : 0;
}
