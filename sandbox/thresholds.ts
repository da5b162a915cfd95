// options.thresholds as k6 reads them: keys `metric` or `metric{tag:value,...}`, each with
// expressions `aggregation op number` (string or {threshold, abortOnFail, delayAbortEval}).

import { parseDuration } from '../lib/env';
import type { Aggregate } from './metric-values';
import { SandboxError } from './scenarios';

export interface MetricKey {
  metric: string;
  tags: Record<string, string>;
}

export interface ThresholdRule {
  /** The expression as written, the key of `thresholds` in `data.metrics`. */
  source: string;
  aggregation: string;
  operator: string;
  value: number;
  abortOnFail: boolean;
  delayAbortEvalMs: number;
}

export interface ThresholdSet {
  key: string;
  target: MetricKey;
  rules: ThresholdRule[];
}

export function parseMetricKey(key: string): MetricKey {
  const match = /^([^{]+)(?:\{(.*)\})?$/.exec(key.trim());
  if (match === null) throw new SandboxError(`invalid threshold key ${key}`);
  const tags: Record<string, string> = {};
  for (const pair of (match[2] ?? '').split(',').filter((p) => p.trim() !== '')) {
    const colon = pair.indexOf(':');
    if (colon < 1) throw new SandboxError(`invalid threshold key ${key}: tag ${pair}`);
    tags[pair.slice(0, colon).trim()] = pair.slice(colon + 1).trim();
  }
  return { metric: (match[1] ?? '').trim(), tags };
}

const EXPRESSION =
  /^\s*(count|rate|value|avg|min|med|max|p\(\d+(?:\.\d+)?\))\s*(<=|>=|===|==|!=|<|>)\s*(-?\d+(?:\.\d+)?)\s*$/;

function parseRule(entry: unknown, key: string): ThresholdRule {
  const object =
    typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>) : {};
  const source = typeof entry === 'string' ? entry : object.threshold;
  const match = typeof source === 'string' ? EXPRESSION.exec(source) : null;
  if (typeof source !== 'string' || match === null) {
    throw new SandboxError(`invalid threshold on ${key}: ${JSON.stringify(entry)}`);
  }
  const delay = object.delayAbortEval;
  return {
    source,
    aggregation: match[1] as string,
    operator: match[2] as string,
    value: Number(match[3]),
    abortOnFail: object.abortOnFail === true,
    delayAbortEvalMs: typeof delay === 'string' ? (parseDuration(delay) ?? 0) : 0,
  };
}

export function parseThresholds(thresholds: unknown): ThresholdSet[] {
  return Object.entries((thresholds ?? {}) as Record<string, unknown>).map(([key, list]) => {
    if (!Array.isArray(list)) throw new SandboxError(`thresholds.${key} must be an array`);
    return { key, target: parseMetricKey(key), rules: list.map((e) => parseRule(e, key)) };
  });
}

function compare(left: number, operator: string, right: number): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '!=':
      return left !== right;
    default:
      return left === right;
  }
}

/**
 * Whether a rule holds. A Rate, Trend or Gauge without samples passes (docs/k6-runtime.md: `rate>0.99`
 * on an empty Rate is ok); a Counter without samples counts 0, so `count>0` fails.
 */
export function ruleHolds(rule: ThresholdRule, values: Aggregate): boolean {
  // Measured (k6 1.3.0, 2.2.0): a Rate without samples passes any threshold; an empty Trend,
  // Gauge or Counter is judged on zeros (`max>0`, `value>0`, `count>0` fail).
  if (values.samples === 0 && values.type === 'rate') return true;
  const left = values.get(rule.aggregation);
  if (left === undefined) {
    throw new SandboxError(
      `threshold ${rule.source}: ${rule.aggregation} does not apply to a ${values.type}`,
    );
  }
  return compare(left, rule.operator, rule.value);
}
