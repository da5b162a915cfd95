// Aggregates samples into the values k6 reports per metric type: counter {count, rate},
// gauge {value, min, max}, rate {rate, passes, fails}, trend stats with k6's percentiles.

import type { MetricType, Sample } from './k6/types';

/** k6's TrendSink.P: linear interpolation between the closest ranks. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  if (sorted.length === 1) return sorted[0] as number;
  const i = fraction * (sorted.length - 1);
  const low = sorted[Math.floor(i)] as number;
  const high = sorted[Math.ceil(i)] as number;
  return low + (high - low) * (i - Math.floor(i));
}

const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;

/** One trend stat (`avg`, `min`, `med`, `max`, `count`, `p(N)`); undefined for unknown names. */
export function trendStat(sorted: readonly number[], stat: string): number | undefined {
  const n = sorted.length;
  switch (stat) {
    case 'avg':
      return n === 0 ? 0 : sorted.reduce((a, b) => a + b, 0) / n;
    case 'min':
      return sorted[0] ?? 0;
    case 'max':
      return sorted[n - 1] ?? 0;
    case 'med':
      return percentile(sorted, 0.5);
    case 'count':
      return n;
  }
  const p = PERCENTILE.exec(stat);
  return p === null ? undefined : percentile(sorted, Number(p[1]) / 100);
}

export interface Aggregate {
  type: MetricType;
  samples: number;
  /** The value of one aggregation (`count`, `rate`, `value`, `p(95)`...); undefined if invalid. */
  get(aggregation: string): number | undefined;
  /** The `values` object k6 writes in `data.metrics` for this type. */
  values(trendStats: readonly string[]): Record<string, number>;
}

export function aggregate(
  type: MetricType,
  samples: readonly Sample[],
  durationMs: number,
): Aggregate {
  const values = samples.map((s) => s.value);
  const base = { type, samples: values.length };
  switch (type) {
    case 'counter': {
      const count = values.reduce((a, b) => a + b, 0);
      const rate = durationMs > 0 ? count / (durationMs / 1000) : 0;
      const all: Record<string, number> = { count, rate };
      return { ...base, get: (a) => all[a], values: () => all };
    }
    case 'gauge': {
      const all: Record<string, number> = {
        value: values[values.length - 1] ?? 0,
        // reduce, not Math.min(...values): spreading a long run's samples overflows the stack.
        min: values.length === 0 ? 0 : values.reduce((a, b) => Math.min(a, b)),
        max: values.length === 0 ? 0 : values.reduce((a, b) => Math.max(a, b)),
      };
      return { ...base, get: (a) => (a === 'value' ? all.value : undefined), values: () => all };
    }
    case 'rate': {
      const passes = values.filter((v) => v !== 0).length;
      const all: Record<string, number> = {
        rate: values.length === 0 ? 0 : passes / values.length,
        passes,
        fails: values.length - passes,
      };
      return { ...base, get: (a) => (a === 'rate' ? all.rate : undefined), values: () => all };
    }
    case 'trend': {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        ...base,
        get: (a) => (a === 'count' ? undefined : trendStat(sorted, a)),
        values: (stats) => Object.fromEntries(stats.map((s) => [s, trendStat(sorted, s) ?? 0])),
      };
    }
  }
}
