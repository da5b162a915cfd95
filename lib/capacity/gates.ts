// The service-level gates each capacity step is judged by: p95 latency and error rate from
// thresholds.json (its cw_latency and cw_errors entries), and the load generator keeping its
// schedule. Pure: the same expressions become k6 thresholds (exit code) and are evaluated here
// for the report, so both judge a step alike.

import { ConfigError } from '../env';
import { formatFixed } from '../format';
import { MAX_LAG_SHARE_OF_INTERVAL } from '../generator';
import { writerEnabled } from '../live-rooms/config';
import { WRITER_SCENARIO } from '../live-rooms/writer';
import { METRIC } from '../metric-names';
import { runEndpoints } from '../plan';
import { pollMetricCatalog } from '../poll/options';
import { parseThresholds, type ThresholdExpression } from '../thresholds';
import type { CapacityConfig } from './config';
import { capacitySteps } from './steps';

export interface CapacityGates {
  /** Expressions on a step's latency trend, e.g. `p(95)<500`. */
  latency: string[];
  /** Expressions on a step's error rate (429s excluded), e.g. `rate<0.01`. */
  errors: string[];
}

function expressionText(e: ThresholdExpression): string {
  return typeof e === 'string' ? e : e.threshold;
}

/**
 * The capacity gates from thresholds.json: its cw_latency and cw_errors expressions. Every
 * key is checked against what a capacity run records (its steps are its scenarios).
 */
export function capacityGates(rawGates: unknown, c: CapacityConfig): CapacityGates {
  const steps = capacitySteps(c);
  const catalog = pollMetricCatalog({
    endpoints: runEndpoints(c),
    writer: writerEnabled(c.live),
    roomBreakdown: 0,
    scenarios: [
      ...steps.map((s) => s.scenario),
      ...(writerEnabled(c.live) ? [WRITER_SCENARIO] : []),
    ],
    vus: Math.max(...steps.map((s) => s.vus)),
  });
  const gates = parseThresholds('thresholds.json', rawGates, catalog);
  const latency = (gates[METRIC.latency] ?? []).map(expressionText);
  const errors = (gates[METRIC.errors] ?? []).map(expressionText);
  if (latency.length === 0 && errors.length === 0) {
    throw new ConfigError(
      `thresholds.json: the capacity test judges each step by its ${METRIC.latency} and ${METRIC.errors} gates; define at least one, such as "${METRIC.latency}": ["p(95)<500"]`,
    );
  }
  return { latency, errors };
}

/** The lag gate as a k6 threshold expression for a poll interval. */
export function lagExpression(pollIntervalMs: number): string {
  return `p(95)<=${formatFixed(pollIntervalMs * MAX_LAG_SHARE_OF_INTERVAL, 3).replace(/\.?0+$/, '')}`;
}
