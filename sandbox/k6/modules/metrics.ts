// The `k6/metrics` double: Counter, Gauge, Rate, Trend register in the test's registry (valid
// names only, init context only, as k6) and add() records a sample with the VU's tags.

import type * as K6Metrics from 'k6/metrics';
import type { VuRuntime } from '../runtime';
import type { MetricContains, MetricType } from '../types';

/** The public surface of a k6 metric class (k6's own declarations are branded). */
type MetricClass<C> = new (name: string, isTime?: boolean) => { [K in keyof C]: C[K] };

export interface MetricsModule {
  Counter: MetricClass<K6Metrics.Counter>;
  Gauge: MetricClass<K6Metrics.Gauge>;
  Rate: MetricClass<K6Metrics.Rate>;
  Trend: MetricClass<K6Metrics.Trend>;
}

export function createMetricsModule(vu: () => VuRuntime): MetricsModule {
  function metricClass(type: MetricType) {
    return class {
      readonly name: string;
      readonly #contains: MetricContains;

      constructor(name: string, isTime?: boolean) {
        const rt = vu();
        if (rt.phase !== 'init') {
          throw new rt.realm.Error('metrics must be declared in the init context');
        }
        this.#contains = isTime === true ? 'time' : 'default';
        rt.state.defineMetric(name, type, this.#contains);
        this.name = name;
      }

      add(value: number | boolean, tags?: { [name: string]: string }): void {
        const rt = vu();
        rt.checkRunning();
        if (rt.phase === 'init')
          throw new rt.realm.Error('metrics cannot be added in the init context');
        // The active runtime may be newer than the one the metric was declared in (unit tests).
        rt.state.defineMetric(this.name, type, this.#contains);
        const number = typeof value === 'boolean' ? Number(value) : value;
        if (typeof number !== 'number' || Number.isNaN(number)) {
          throw new rt.realm.TypeError(
            `${this.name}: add() needs a number or boolean, got ${String(value)}`,
          );
        }
        const own: Record<string, string> = {};
        for (const [k, v] of Object.entries(tags ?? {})) {
          if (typeof v !== 'string')
            throw new rt.realm.TypeError(`${this.name}: tag ${k} must be a string`);
          own[k] = v;
        }
        rt.emit(this.name, type === 'rate' ? (number !== 0 ? 1 : 0) : number, {
          ...rt.vuTags(),
          ...own,
        });
      }
    };
  }
  return {
    Counter: metricClass('counter'),
    Gauge: metricClass('gauge'),
    Rate: metricClass('rate'),
    Trend: metricClass('trend'),
  };
}
