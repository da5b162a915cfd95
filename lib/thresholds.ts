// The pass/fail gates from thresholds.json, checked at init, plus the declaration-only keys
// (empty lists) that make k6 hand the report its sub-metrics.

import { ConfigError } from './env';

export type ThresholdExpression =
  | string
  | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };
export type Thresholds = Record<string, ThresholdExpression[]>;

const EXPRESSION =
  /^\s*(count|rate|value|avg|min|med|max|p\(\d+(\.\d+)?\))\s*(<=|>=|==|!=|<|>)\s*-?\d+(\.\d+)?\s*$/;
const METRIC_KEY = /^[A-Za-z0-9_]+(\{[^{}]+\})?$/;

function checkExpression(source: string, key: string, expression: unknown): ThresholdExpression {
  const text =
    typeof expression === 'string'
      ? expression
      : typeof expression === 'object' && expression !== null && 'threshold' in expression
        ? (expression as { threshold: unknown }).threshold
        : undefined;
  if (typeof text !== 'string' || !EXPRESSION.test(text)) {
    throw new ConfigError(
      `${source}: ${key}: got ${JSON.stringify(expression)}; expected an expression such as "p(95)<500", "rate<0.01" or "count==0" (or {"threshold": ..., "abortOnFail": true})`,
    );
  }
  return expression as ThresholdExpression;
}

/**
 * Validates thresholds as k6 takes them: `{ "metric" or "metric{tag:value}": [expressions] }`.
 * `knownMetrics` limits the metric names, so a typo fails here instead of passing silently.
 */
export function parseThresholds(
  source: string,
  raw: unknown,
  knownMetrics: readonly string[],
): Thresholds {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      `${source}: expected an object of metric name -> list of threshold expressions`,
    );
  }
  const out: Thresholds = {};
  for (const [key, expressions] of Object.entries(raw)) {
    const metric = key.replace(/\{.*$/, '');
    if (!METRIC_KEY.test(key) || !knownMetrics.includes(metric)) {
      throw new ConfigError(
        `${source}: unknown metric ${JSON.stringify(key)}; expected one of ${knownMetrics.join(', ')}`,
      );
    }
    if (!Array.isArray(expressions)) {
      throw new ConfigError(`${source}: ${key}: expected a list of threshold expressions`);
    }
    out[key] = expressions.map((e) => checkExpression(source, key, e));
  }
  return out;
}

/** The gates plus each declaration-only key not already a gate (k6 reports both). */
export function withDeclaredSubMetrics(
  gates: Thresholds,
  declaredKeys: readonly string[],
): Thresholds {
  const out: Thresholds = { ...gates };
  for (const key of declaredKeys) out[key] ??= [];
  return out;
}

const PARTS = /^\s*([a-z]+(?:\(\s*[\d.]+\s*\))?)\s*(<=|>=|===|==|!=|<|>)\s*(-?[\d.]+)\s*$/i;

export interface ParsedThresholdExpression {
  aggregation: string;
  operator: string;
  value: number;
}

/** A threshold expression's parts: `p(95)`, `<`, `500` of `p(95) < 500`; undefined if it is none. */
export function parseThresholdExpression(
  expression: string,
): ParsedThresholdExpression | undefined {
  const match = PARTS.exec(expression);
  if (match === null) return undefined;
  return {
    aggregation: (match[1] ?? '').replace(/\s+/g, ''),
    operator: match[2] ?? '',
    value: Number(match[3]),
  };
}

/** Whether `observed` satisfies the expression's comparison, as k6 evaluates it. */
export function thresholdHolds(expression: ParsedThresholdExpression, observed: number): boolean {
  const v = expression.value;
  switch (expression.operator) {
    case '<':
      return observed < v;
    case '<=':
      return observed <= v;
    case '>':
      return observed > v;
    case '>=':
      return observed >= v;
    case '!=':
      return observed !== v;
    default:
      return observed === v;
  }
}

/** The thresholds whose crossing stops the run (abortOnFail), as metric key and expression. */
export function abortingThresholds(
  thresholds: Thresholds,
): { metric: string; expression: string }[] {
  return Object.entries(thresholds).flatMap(([metric, expressions]) =>
    expressions.flatMap((e) =>
      typeof e === 'object' && e.abortOnFail === true ? [{ metric, expression: e.threshold }] : [],
    ),
  );
}
