// How report code reads end-of-test metrics: from k6's handleSummary `data` (a single run, the
// capacity test) or from a summary's stored metrics (lib/metric-store.ts: a single run's poll
// report and a merged distributed run). One interface, so a figure is computed the same way
// from either.

import { type QuantileFunction, readQuantileFunction } from './quantiles';
import {
  counterCount,
  type MetricContains,
  rateValues,
  type SummaryData,
  trendStat,
  trendValues,
} from './summary-data';

export interface MetricReader {
  /** A counter's total; undefined when the metric is absent (nothing recorded). */
  counter(key: string): number | undefined;
  /** A trend stat (`avg`, `med`, `p(95)`...); undefined when absent or not reported. */
  trendStat(key: string, stat: string): number | undefined;
  /** A trend's dense quantile function; null when absent, empty, or without the grid. */
  distribution(key: string): QuantileFunction | null;
  /** A rate metric's share of true samples and its counts; undefined when absent. */
  rate(key: string): { rate: number; passes: number; fails: number } | undefined;
}

/** Reads k6's handleSummary `data` as it is. */
export function summaryDataReader(data: SummaryData): MetricReader {
  return {
    counter: (key) => counterCount(data, key),
    trendStat: (key, stat) => trendStat(data, key, stat),
    distribution: (key) => readQuantileFunction(trendValues(data, key)),
    rate: (key) => rateValues(data, key),
  };
}

/** What one threshold of a metric tests, read the same way as the figures. */
export interface ThresholdReading {
  /** The tested aggregation's value; undefined when not reported. */
  readonly value: number | undefined;
  readonly contains: MetricContains;
  /** The metric got samples (a trend without any passes every threshold in k6). */
  readonly sampled: boolean;
}
