// The pass/fail gates from thresholds.json, checked at init against what the run records
// (lib/metric-catalog.ts), plus the declaration-only keys (empty lists) that make k6 hand the
// report its sub-metrics, and the guards that make a gate which judged nothing fail the run.

import { ConfigError } from './env';
import type { MetricCatalog, MetricSpec } from './metric-catalog';

export type ThresholdExpression =
  | string
  | { threshold: string; abortOnFail?: boolean; delayAbortEval?: string };
export type Thresholds = Record<string, ThresholdExpression[]>;

/** A threshold that fails exactly when its gate got no sample to judge. */
export interface Guard {
  metric: string;
  expression: string;
}

/** One expression of thresholds.json, as the scenario gates on it. */
export interface Gate {
  /** The metric key, e.g. `cw_latency{endpoint:poll}`. */
  metric: string;
  expression: string;
  /** `"optional": true`: no samples is reported but does not fail the run. */
  optional: boolean;
  /** The expression as k6 takes it (`optional` left out). */
  k6: ThresholdExpression;
  /**
   * Fails when the gate got no samples (k6 passes a threshold on nothing); null for a count of
   * events. A real threshold unless the gate is optional: then only read by the report.
   */
  guard: Guard | null;
}

const EXPRESSION =
  /^\s*(count|rate|value|avg|min|med|max|p\(\d+(\.\d+)?\))\s*(<=|>=|==|!=|<|>)\s*-?\d+(\.\d+)?\s*$/;
const METRIC_NAME = /^[A-Za-z0-9_]+$/;
const EXPRESSION_FIELDS = ['threshold', 'abortOnFail', 'delayAbortEval', 'optional'];

/** `metric{tag:value,...}` as k6 reads it: the tags between the first `{` and a final `}`. */
export function parseMetricKey(
  key: string,
): { metric: string; tags: [string, string][] } | undefined {
  const brace = key.indexOf('{');
  if (brace === -1) return METRIC_NAME.test(key) ? { metric: key, tags: [] } : undefined;
  const metric = key.slice(0, brace);
  if (!METRIC_NAME.test(metric) || !key.endsWith('}')) return undefined;
  const tags: [string, string][] = [];
  for (const pair of key.slice(brace + 1, -1).split(',')) {
    const colon = pair.indexOf(':');
    const name = pair.slice(0, colon).trim();
    const value = pair.slice(colon + 1).trim();
    if (colon <= 0 || name === '' || value === '') return undefined;
    tags.push([name, value]);
  }
  return { metric, tags };
}

function listOf(values: readonly string[]): string {
  return values.length <= 1
    ? (values[0] ?? '')
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** `endpoint (poll, agents), room (0, 1), status (any)`: a metric's tags and their values. */
function describeTags(spec: MetricSpec): string {
  const tags = Object.entries(spec.tags).map(([name, values]) =>
    values === null
      ? `${name} (any)`
      : `${name} (${values.length === 0 ? 'none in this run' : values.join(', ')})`,
  );
  return tags.length === 0 ? 'none' : tags.join(', ');
}

/** The key's metric spec, or a ConfigError naming the key and what is allowed. */
function checkKey(source: string, key: string, catalog: MetricCatalog): MetricSpec {
  const parsed = parseMetricKey(key);
  const spec = parsed === undefined ? undefined : catalog[parsed.metric];
  if (parsed === undefined || spec === undefined) {
    throw new ConfigError(
      `${source}: unknown metric ${JSON.stringify(key)}; expected one of ${Object.keys(catalog).join(', ')}`,
    );
  }
  for (const [name, value] of parsed.tags) {
    const values = spec.tags[name];
    if (values === undefined) {
      throw new ConfigError(
        `${source}: ${JSON.stringify(key)}: ${parsed.metric} has no tag ${JSON.stringify(name)}, so this gate would judge no sample; its tags: ${describeTags(spec)}`,
      );
    }
    if (values !== null && !values.includes(value)) {
      throw new ConfigError(
        `${source}: ${JSON.stringify(key)}: no ${parsed.metric} sample of this run has ${name} ${JSON.stringify(value)}; ${values.length === 0 ? `this run has no ${name} tag` : `expected ${listOf(values)}`} (its tags: ${describeTags(spec)})`,
      );
    }
  }
  return spec;
}

function expressionText(source: string, key: string, expression: unknown): string {
  const text =
    typeof expression === 'string'
      ? expression
      : typeof expression === 'object' && expression !== null && 'threshold' in expression
        ? (expression as { threshold: unknown }).threshold
        : undefined;
  const fields =
    typeof expression === 'object' && expression !== null ? Object.keys(expression) : [];
  const unknown = fields.find((f) => !EXPRESSION_FIELDS.includes(f));
  if (typeof text !== 'string' || !EXPRESSION.test(text) || unknown !== undefined) {
    throw new ConfigError(
      `${source}: ${key}: got ${JSON.stringify(expression)}; expected an expression such as "p(95)<500", "rate<0.01" or "count==0" (or {"threshold": ..., "abortOnFail": true, "optional": true})`,
    );
  }
  return text;
}

/** The guard of a gate on `key`: see {@link SampleCount}. */
function guardOf(key: string, spec: MetricSpec): Guard | null {
  const samples = spec.samples;
  if (samples === null) return null;
  if (samples === 'positive') return { metric: key, expression: 'max>0' };
  const tags = (parseMetricKey(key)?.tags ?? []).filter(([name]) => samples.tags.includes(name));
  const metric =
    tags.length === 0
      ? samples.counter
      : `${samples.counter}{${tags.map(([n, v]) => `${n}:${v}`).join(',')}}`;
  return { metric, expression: 'count>0' };
}

/**
 * The gates of thresholds.json: `{ "metric" or "metric{tag:value}": [expressions] }`, each
 * key checked against `catalog` (metric, tags, values), each expression as k6 takes it or
 * `{"threshold": ..., "abortOnFail": true, "optional": true}`.
 */
export function parseGates(source: string, raw: unknown, catalog: MetricCatalog): Gate[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(
      `${source}: expected an object of metric name -> list of threshold expressions`,
    );
  }
  const gates: Gate[] = [];
  for (const [key, expressions] of Object.entries(raw)) {
    const spec = checkKey(source, key, catalog);
    if (!Array.isArray(expressions)) {
      throw new ConfigError(`${source}: ${key}: expected a list of threshold expressions`);
    }
    for (const e of expressions) {
      const expression = expressionText(source, key, e);
      const { optional, ...k6 } =
        typeof e === 'string' ? { optional: false } : (e as { optional?: unknown });
      gates.push({
        metric: key,
        expression,
        optional: optional === true,
        k6: typeof e === 'string' ? e : (k6 as ThresholdExpression),
        guard: guardOf(key, spec),
      });
    }
  }
  return gates;
}

/**
 * The gates as k6 thresholds, each guard not already a gate added to its key: an optional
 * gate's guard key only declared (an empty list), so that the report can read it.
 */
export function gateThresholds(gates: readonly Gate[]): Thresholds {
  const out: Thresholds = {};
  const listOf = (key: string): ThresholdExpression[] => {
    const list = out[key] ?? [];
    out[key] = list;
    return list;
  };
  for (const gate of gates) listOf(gate.metric).push(gate.k6);
  for (const { guard, optional } of gates) {
    if (guard === null) continue;
    const list = listOf(guard.metric);
    const present = list.some(
      (e) => (typeof e === 'string' ? e : e.threshold) === guard.expression,
    );
    if (!optional && !present) list.push(guard.expression);
  }
  return out;
}

/** Validates thresholds as k6 takes them (see {@link parseGates}), without guards. */
export function parseThresholds(source: string, raw: unknown, catalog: MetricCatalog): Thresholds {
  const gates = parseGates(source, raw, catalog);
  const out: Thresholds = Object.fromEntries(Object.keys(raw as object).map((key) => [key, []]));
  for (const gate of gates) out[gate.metric]?.push(gate.k6);
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

/** The gates whose crossing stops the run (abortOnFail), as metric key and expression. */
export function abortingThresholds(
  gates: readonly Gate[],
): { metric: string; expression: string }[] {
  return gates.flatMap((g) =>
    typeof g.k6 === 'object' && g.k6.abortOnFail === true
      ? [{ metric: g.metric, expression: g.expression }]
      : [],
  );
}
