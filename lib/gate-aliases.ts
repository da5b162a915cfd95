// Gate names of thresholds.json that k6 records under a metric of its own, so the script adds
// no sample of its own per response for them: `cw_errors` is k6's `http_req_failed` of the
// measured requests, whose response callback expects 2xx and 429 (lib/response-outcome.ts).
// The names people write in thresholds.json stay the interface: a scenario's options give k6
// each aliased key as k6's key (`cw_errors{endpoint:poll}` becomes
// `http_req_failed{scenario:poll,endpoint:poll}`), and its handleSummary hands the report k6's
// data with those metrics back under the gate keys, so that reports, summary.json and the
// merge read them as before. Pure.

import { METRIC, subMetricKey, VU_ROLE_TAG } from './metric-names';
import type { SummaryData, SummaryMetric, ThresholdOutcomes } from './summary-data';
import type { ThresholdExpression, Thresholds } from './thresholds';

/** Gate name -> the k6 metric that records it (same type and values: a Rate). */
export const GATE_ALIASES: Readonly<Record<string, string>> = {
  [METRIC.errors]: 'http_req_failed',
};

/** One key of the gates that k6 evaluates under another key. */
export interface AliasedKey {
  /** As thresholds.json (or the scenario) wrote it, e.g. `cw_errors{endpoint:poll}`. */
  readonly gateKey: string;
  /** As k6 gets it, e.g. `http_req_failed{scenario:poll,endpoint:poll}`. */
  readonly k6Key: string;
  /** Its expressions' texts: the keys of their outcomes in k6's data. */
  readonly expressions: readonly string[];
}

export interface K6Thresholds {
  /** What the options give k6. */
  readonly thresholds: Thresholds;
  /** What handleSummary gives back ({@link withGateKeys}). */
  readonly aliased: readonly AliasedKey[];
  /** Keys the gates name directly that an alias also maps to: they keep their own outcomes. */
  readonly direct: Readonly<Record<string, readonly string[]>>;
}

function expressionText(e: ThresholdExpression): string {
  return typeof e === 'string' ? e : e.threshold;
}

/** `metric{a:1,b:2}` -> its name and tags in order; the key is valid (lib/thresholds.ts). */
function splitKey(key: string): { metric: string; tags: [string, string][] } {
  const open = key.indexOf('{');
  if (open === -1) return { metric: key, tags: [] };
  const tags = key
    .slice(open + 1, -1)
    .split(',')
    .map((pair): [string, string] => {
      const colon = pair.indexOf(':');
      return [pair.slice(0, colon).trim(), pair.slice(colon + 1).trim()];
    });
  return { metric: key.slice(0, open), tags };
}

/**
 * The k6 key of an aliased gate key: the k6 metric, with the gate key's tags, first of all a
 * `scenario` tag (`scenario`'s when the key names none: only that scenario's requests are
 * measured ones), then, with `role`, the VU role tag (the live-room writer's VUs share the
 * poll scenario, and their sends are not measured requests). Undefined when `key` is not an
 * aliased metric's.
 */
export function k6KeyOf(
  key: string,
  scenario: string | undefined,
  role?: string,
): string | undefined {
  const { metric, tags } = splitKey(key);
  const k6Metric = GATE_ALIASES[metric];
  if (k6Metric === undefined) return undefined;
  if (role !== undefined && !tags.some(([name]) => name === VU_ROLE_TAG)) {
    tags.unshift([VU_ROLE_TAG, role]);
  }
  if (!tags.some(([name]) => name === 'scenario')) {
    if (scenario === undefined) {
      throw new Error(`gate-aliases: ${key} names no scenario, and none is given`);
    }
    tags.unshift(['scenario', scenario]);
  }
  return subMetricKey(k6Metric, Object.fromEntries(tags));
}

/**
 * `gates` as k6 takes them: each aliased key under its k6 key ({@link k6KeyOf}); keys that
 * meet there have their expressions joined, in the gates' order.
 */
export function toK6Thresholds(
  gates: Thresholds,
  scenario: string | undefined,
  role?: string,
): K6Thresholds {
  const thresholds: Thresholds = {};
  const aliased: AliasedKey[] = [];
  for (const [key, expressions] of Object.entries(gates)) {
    const k6Key = k6KeyOf(key, scenario, role);
    if (k6Key === undefined) {
      thresholds[key] = [...(thresholds[key] ?? []), ...expressions];
      continue;
    }
    aliased.push({ gateKey: key, k6Key, expressions: expressions.map(expressionText) });
    thresholds[k6Key] = [...(thresholds[k6Key] ?? []), ...expressions];
  }
  const direct: Record<string, readonly string[]> = {};
  for (const { k6Key } of aliased) {
    const own = gates[k6Key];
    if (own !== undefined) direct[k6Key] = own.map(expressionText);
  }
  return { thresholds, aliased, direct };
}

function pick(
  outcomes: ThresholdOutcomes | undefined,
  expressions: readonly string[],
): ThresholdOutcomes | undefined {
  if (outcomes === undefined) return undefined;
  const out: Record<string, { readonly ok: boolean }> = {};
  for (const e of expressions) {
    const outcome = outcomes[e];
    if (outcome !== undefined) out[e] = outcome;
  }
  return out;
}

function withOutcomes(metric: SummaryMetric, outcomes: ThresholdOutcomes | undefined) {
  const { thresholds: _all, ...rest } = metric;
  return (outcomes === undefined ? rest : { ...rest, thresholds: outcomes }) as SummaryMetric;
}

/**
 * k6's summary data with each aliased metric under its gate key, with the outcomes of the
 * gate key's expressions; a k6 key the gates did not name directly is taken out, so the data
 * reads as if k6 had recorded the gate metric itself.
 */
export function withGateKeys(data: SummaryData, k6: K6Thresholds): SummaryData {
  if (k6.aliased.length === 0) return data;
  const metrics: Record<string, SummaryMetric | undefined> = { ...data.metrics };
  for (const { gateKey, k6Key, expressions } of k6.aliased) {
    const metric = data.metrics[k6Key];
    if (metric === undefined) continue;
    metrics[gateKey] = withOutcomes(metric, pick(metric.thresholds, expressions));
  }
  for (const { k6Key } of k6.aliased) {
    const metric = data.metrics[k6Key];
    const own = k6.direct[k6Key];
    if (metric === undefined) continue;
    if (own === undefined) delete metrics[k6Key];
    else metrics[k6Key] = withOutcomes(metric, pick(metric.thresholds, own));
  }
  return { ...data, metrics };
}
