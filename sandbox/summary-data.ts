// The `data` object k6 passes to handleSummary, built from the run's samples in k6's shape:
// metrics with samples, sub-metrics only for threshold keys, zero entries for thresholded
// metrics without samples, threshold results, root_group with groups and checks, state.

import { createHash } from 'node:crypto';
import type { MetricDefinition, Sample } from './k6/types';
import { aggregate } from './metric-values';
import { type MetricKey, ruleHolds, type ThresholdSet } from './thresholds';

export const DEFAULT_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];

export interface SummaryInput {
  metrics: ReadonlyMap<string, MetricDefinition>;
  samples: readonly Sample[];
  thresholds: readonly ThresholdSet[];
  trendStats: readonly string[];
  durationMs: number;
  groups: ReadonlySet<string>;
  /** What setup() returned, JSON round-tripped; undefined leaves `setup_data` out. */
  setupData: unknown;
}

export interface MetricEntry {
  type: string;
  contains: string;
  values: Record<string, number>;
  thresholds?: Record<string, { ok: boolean }>;
}

/** Samples by metric, built once per list: a run declares thousands of sub-metrics. */
const byMetricCache = new WeakMap<
  readonly Sample[],
  { length: number; map: Map<string, Sample[]> }
>();

function samplesByMetric(samples: readonly Sample[]): Map<string, Sample[]> {
  const cached = byMetricCache.get(samples);
  // The live list of a running test grows: index it again when it did.
  if (cached !== undefined && cached.length === samples.length) return cached.map;
  const map = new Map<string, Sample[]>();
  for (const s of samples) {
    const list = map.get(s.metric);
    if (list === undefined) map.set(s.metric, [s]);
    else list.push(s);
  }
  byMetricCache.set(samples, { length: samples.length, map });
  return map;
}

function matching(samples: readonly Sample[], key: MetricKey): Sample[] {
  const wanted = Object.entries(key.tags);
  const ofMetric = samplesByMetric(samples).get(key.metric) ?? [];
  return wanted.length === 0
    ? ofMetric
    : ofMetric.filter((s) => wanted.every(([k, v]) => s.tags[k] === v));
}

/** Evaluates every threshold: key -> expression -> ok. */
export function evaluateThresholds(
  input: Pick<SummaryInput, 'metrics' | 'samples' | 'thresholds' | 'durationMs'>,
): Map<string, Record<string, { ok: boolean }>> {
  const results = new Map<string, Record<string, { ok: boolean }>>();
  for (const set of input.thresholds) {
    const definition = input.metrics.get(set.target.metric);
    if (definition === undefined) continue;
    const values = aggregate(
      definition.type,
      matching(input.samples, set.target),
      input.durationMs,
    );
    results.set(
      set.key,
      Object.fromEntries(set.rules.map((r) => [r.source, { ok: ruleHolds(r, values) }])),
    );
  }
  return results;
}

function entry(
  definition: MetricDefinition,
  samples: readonly Sample[],
  input: SummaryInput,
  thresholds: Record<string, { ok: boolean }> | undefined,
): MetricEntry {
  const values = aggregate(definition.type, samples, input.durationMs).values(input.trendStats);
  const result: MetricEntry = { type: definition.type, contains: definition.contains, values };
  if (thresholds !== undefined && Object.keys(thresholds).length > 0)
    result.thresholds = thresholds;
  return result;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

interface GroupNode {
  name: string;
  path: string;
  id: string;
  groups: GroupNode[];
  checks: { name: string; path: string; id: string; passes: number; fails: number }[];
}

function rootGroup(samples: readonly Sample[], groups: ReadonlySet<string>): GroupNode {
  const nodes = new Map<string, GroupNode>();
  const node = (path: string): GroupNode => {
    let found = nodes.get(path);
    if (found === undefined) {
      const name = path.slice(path.lastIndexOf('::') + 2);
      found = { name: path === '' ? '' : name, path, id: md5(path), groups: [], checks: [] };
      nodes.set(path, found);
      if (path !== '') node(path.slice(0, path.lastIndexOf('::'))).groups.push(found);
    }
    return found;
  };
  const root = node('');
  for (const path of groups) node(path);
  for (const s of samples) {
    if (s.metric !== 'checks') continue;
    const group = node(s.tags.group ?? '');
    const name = s.tags.check ?? '';
    const path = `${group.path}::${name}`;
    let check = group.checks.find((c) => c.name === name);
    if (check === undefined) {
      check = { name, path, id: md5(path), passes: 0, fails: 0 };
      group.checks.push(check);
    }
    if (s.value !== 0) check.passes++;
    else check.fails++;
  }
  return root;
}

export function summaryData(input: SummaryInput): Record<string, unknown> {
  const thresholdResults = evaluateThresholds(input);
  const metrics: Record<string, MetricEntry> = {};
  const byMetric = new Map<string, Sample[]>();
  for (const s of input.samples) {
    const list = byMetric.get(s.metric) ?? [];
    list.push(s);
    byMetric.set(s.metric, list);
  }
  for (const [name, definition] of input.metrics) {
    const samples = byMetric.get(name) ?? [];
    if (samples.length === 0 && !thresholdResults.has(name)) continue;
    metrics[name] = entry(definition, samples, input, thresholdResults.get(name));
  }
  for (const set of input.thresholds) {
    const definition = input.metrics.get(set.target.metric);
    if (definition === undefined || Object.keys(set.target.tags).length === 0) continue;
    // k6 also reports the parent of a thresholded sub-metric, with zeros when it has no samples.
    metrics[set.target.metric] ??= entry(definition, [], input, undefined);
    metrics[set.key] = entry(
      definition,
      matching(input.samples, set.target),
      input,
      thresholdResults.get(set.key),
    );
  }
  const duration = input.metrics.get('http_req_duration');
  const expectedKey = 'http_req_duration{expected_response:true}';
  if (duration !== undefined && metrics.http_req_duration !== undefined && !metrics[expectedKey]) {
    const target = { metric: 'http_req_duration', tags: { expected_response: 'true' } };
    metrics[expectedKey] = entry(duration, matching(input.samples, target), input, undefined);
  }
  const data: Record<string, unknown> = {
    root_group: rootGroup(input.samples, input.groups),
    options: { summaryTrendStats: [...input.trendStats], summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: input.durationMs },
    metrics,
  };
  if (input.setupData !== undefined) data.setup_data = input.setupData;
  return data;
}
