// Merges the summaries of the k6 instances of one distributed run into the figures of the
// whole run. Counts and bytes add up; latencies merge through their quantile functions
// (percentiles cannot be averaged). The merged numbers are laid out as the `data` k6 would
// have given handleSummary for the whole run, thresholds.json is evaluated on them again, and
// buildPollFigures computes every other figure exactly as a single run's report does.
// Pure: the CLI (scripts/report/merge.ts) reads the files.

import {
  coversWholeTest,
  type InstanceInfo,
  parseSegment,
  type Segment,
  segmentCoverage,
} from '../distributed';
import type { Endpoint } from '../endpoints';
import { formatPercent } from '../format';
import {
  CONNECTION_ERROR_CODES,
  endpointRoomBreakdown,
  METRIC,
  reportedSubMetricKeys,
  roomBreakdownCount,
  subMetricKey,
} from '../metric-names';
import {
  mergeQuantileFunctions,
  QUANTILE_LEVELS,
  type QuantileFunction,
  quantileAt,
} from '../quantiles';
import type { MetricContains, SummaryData, SummaryMetric } from '../summary-data';
import { thresholdAggregation } from '../summary-data';
import { parseThresholdExpression, type Thresholds, thresholdHolds } from '../thresholds';
import type { PollConfig } from './config';
import { recommendations } from './recommendations';
import { buildPollFigures } from './report-figures';
import type {
  PollFigures,
  PollSummaryJson,
  PublicConfig,
  RateLimitFigures,
} from './summary-schema';

/** Bad input for a merge; `message` is one line naming the file. */
export class MergeInputError extends Error {
  override name = 'MergeInputError';
}

export interface MergeInput {
  file: string;
  summary: PollSummaryJson;
}

export interface MergeResult {
  figures: PollFigures;
  /** Share of the test the instances' segments cover (0..1). */
  coverage: number;
  /** Lines to print before the report: partial coverage, thresholds not re-evaluated. */
  warnings: string[];
}

/** Config fields that must be the same in every instance (summaryDir may differ). */
function comparableConfig(c: PublicConfig): Omit<PublicConfig, 'summaryDir'> {
  const { summaryDir: _where, ...rest } = c;
  return rest;
}

function firstDifference(a: unknown, b: unknown, path = ''): string {
  if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const d = firstDifference(
        (a as Record<string, unknown>)[key],
        (b as Record<string, unknown>)[key],
        path === '' ? key : `${path}.${key}`,
      );
      if (d !== '') return d;
    }
    return '';
  }
  return a === b ? '' : `${path} ${JSON.stringify(b)} vs ${JSON.stringify(a)}`;
}

interface Part extends MergeInput {
  instance: InstanceInfo;
  segment: Segment | undefined;
}

function checkInputs(inputs: readonly MergeInput[]): Part[] {
  if (inputs.length === 0) throw new MergeInputError('no summaries to merge');
  const parts = inputs.map(({ file, summary }): Part => {
    if (summary.instances !== undefined && summary.instances !== null) {
      throw new MergeInputError(`${file}: a merged summary already; merge the instances' files`);
    }
    const instance = summary.instance;
    if (instance === undefined || instance === null) {
      throw new MergeInputError(
        `${file}: no "instance" field (written by an older version of the scenario); it cannot be merged`,
      );
    }
    const segment =
      instance.executionSegment === null ? undefined : parseSegment(instance.executionSegment);
    if (instance.executionSegment !== null && segment === undefined) {
      throw new MergeInputError(
        `${file}: execution segment ${JSON.stringify(instance.executionSegment)} is not a k6 segment`,
      );
    }
    return { file, summary, instance, segment };
  });
  const [first] = parts as [Part, ...Part[]];
  for (const part of parts.slice(1)) {
    if (part.instance.runId !== first.instance.runId) {
      throw new MergeInputError(
        `${part.file}: RUN_ID ${JSON.stringify(part.instance.runId)}, but ${first.file} has ${JSON.stringify(first.instance.runId)}: only the instances of one run merge`,
      );
    }
    const difference = firstDifference(
      comparableConfig(first.summary.config),
      comparableConfig(part.summary.config),
    );
    if (difference !== '') {
      throw new MergeInputError(
        `${part.file}: another configuration than ${first.file} (${difference})`,
      );
    }
    const twin = parts.find(
      (p) => p !== part && p.instance.executionSegment === part.instance.executionSegment,
    );
    if (twin !== undefined) {
      throw new MergeInputError(
        `${part.file}: the same segment (${part.instance.executionSegment ?? 'whole test'}) as ${twin.file}: each instance's summary once`,
      );
    }
  }
  return parts;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

function counter(
  count: number,
  seconds: number,
  contains: MetricContains = 'default',
): SummaryMetric {
  return { type: 'counter', contains, values: { count, rate: seconds > 0 ? count / seconds : 0 } };
}

/** The trend k6 would report for `f`: count, avg, min, med, max and every grid level. */
function trend(f: QuantileFunction, extraPercentiles: readonly number[]): SummaryMetric {
  const values: Record<string, number> = {
    count: f.count,
    avg: f.avg,
    min: f.min,
    max: f.max,
    med: quantileAt(f, 50),
  };
  QUANTILE_LEVELS.forEach((level, i) => {
    values[`p(${level})`] = f.values[i] as number;
  });
  for (const p of extraPercentiles) values[`p(${p})`] = quantileAt(f, p);
  return { type: 'trend', contains: 'time', values };
}

/** Percentiles thresholds ask for (`p(97.5)`), so that the merged trend reports them. */
function thresholdPercentiles(gates: Thresholds): number[] {
  const out = new Set<number>([90, 95, 99]);
  for (const expressions of Object.values(gates)) {
    for (const e of expressions) {
      const text = typeof e === 'string' ? e : e.threshold;
      const match = /^p\(([\d.]+)\)$/.exec(thresholdAggregation(text) ?? '');
      if (match !== null) out.add(Number(match[1]));
    }
  }
  return [...out];
}

/** The quantile functions of the parts that have samples; null when one of them lacks it. */
function mergedDistribution(
  parts: readonly Part[],
  pick: (s: PollSummaryJson) => { requests: number; distribution: QuantileFunction | null },
): QuantileFunction | null | 'missing' {
  const picked = parts.map((p) => pick(p.summary));
  if (picked.some((x) => x.requests > 0 && x.distribution === null)) return 'missing';
  return mergeQuantileFunctions(picked.map((x) => x.distribution));
}

/** The k6 summary `data` of the whole run, rebuilt from the instances' figures. */
function mergedData(parts: readonly Part[], gates: Thresholds, warnings: string[]): SummaryData {
  const summaries = parts.map((p) => p.summary);
  const durationMs = Math.max(...summaries.map((s) => s.duration.measuredMs));
  const seconds = durationMs / 1000;
  const metrics: Record<string, SummaryMetric> = {};
  const addCounter = (key: string, pick: (s: PollSummaryJson) => number) => {
    metrics[key] = counter(sum(summaries.map(pick)), seconds);
  };
  const first = summaries[0] as PollSummaryJson;
  const roomCount = first.config.roomCount;
  // The instances share one configuration, so one model and its request kinds.
  const endpoints: Endpoint[] = first.endpoints.map((e) => e.endpoint);
  // Every sub-metric the report reads starts at zero, as k6 declares them.
  for (const key of reportedSubMetricKeys(roomBreakdownCount(roomCount), endpoints)) {
    if (!key.startsWith(METRIC.latency) && !key.startsWith(METRIC.errors))
      metrics[key] = counter(0, seconds);
  }
  const errorCount = (s: PollSummaryJson, type: string) =>
    s.errors.find((e) => e.type === type)?.count ?? 0;

  addCounter(METRIC.requests, (s) => s.requests.total);
  addCounter(METRIC.rateLimited, (s) => s.requests.rateLimited);
  addCounter(METRIC.connectionErrors, (s) => s.requests.connectionErrors);
  addCounter(subMetricKey(METRIC.requests, { status: '200' }), (s) => s.requests.successful);
  addCounter(subMetricKey(METRIC.requests, { status: '429' }), (s) => s.requests.rateLimited);
  addCounter(
    subMetricKey(METRIC.requests, { status: 'connection_error' }),
    (s) => s.requests.connectionErrors,
  );
  for (const type of new Set(summaries.flatMap((s) => s.errors.map((e) => e.type)))) {
    const http = /^HTTP_(.+)$/.exec(type);
    if (http !== null && http[1] !== '429') {
      addCounter(subMetricKey(METRIC.requests, { status: http[1] as string }), (s) =>
        errorCount(s, type),
      );
    }
    const connection = /^CONNECTION_(.+)$/.exec(type);
    if (
      connection !== null &&
      (connection[1] === 'other' || (connection[1] as string) in CONNECTION_ERROR_CODES)
    ) {
      addCounter(
        subMetricKey(METRIC.connectionErrors, { error_code: connection[1] as string }),
        (s) => errorCount(s, type),
      );
    }
  }
  const percentiles = thresholdPercentiles(gates);
  const latency = mergedDistribution(parts, (s) => ({
    requests: s.requests.total - s.requests.connectionErrors,
    distribution: s.latencyDistribution,
  }));
  if (latency === 'missing') warnings.push(missingDistribution('latency'));
  else if (latency !== null) metrics[METRIC.latency] = trend(latency, percentiles);

  for (const endpoint of endpoints) {
    const pick = (s: PollSummaryJson) => s.endpoints.find((e) => e.endpoint === endpoint);
    addCounter(subMetricKey(METRIC.requests, { endpoint }), (s) => pick(s)?.requests ?? 0);
    addCounter(subMetricKey(METRIC.rateLimited, { endpoint }), (s) => pick(s)?.rateLimited ?? 0);
    const breakdown = endpointRoomBreakdown(endpoint, roomBreakdownCount(roomCount));
    for (let room = 0; room < breakdown; room++) {
      const tags = { endpoint, room: `${room}` };
      const roomOf = (s: PollSummaryJson) => pick(s)?.rooms?.find((r) => r.index === room);
      addCounter(subMetricKey(METRIC.requests, tags), (s) => roomOf(s)?.requests ?? 0);
      addCounter(subMetricKey(METRIC.rateLimited, tags), (s) => roomOf(s)?.rateLimited ?? 0);
    }
    const merged = mergedDistribution(parts, (s) => ({
      requests: pick(s)?.requests ?? 0,
      distribution: pick(s)?.latencyDistribution ?? null,
    }));
    if (merged !== 'missing' && merged !== null) {
      metrics[subMetricKey(METRIC.latency, { endpoint })] = trend(merged, percentiles);
    }
  }
  const lag = mergedDistribution(parts, (s) => ({
    requests: s.requests.total,
    distribution: s.scheduleLagDistribution ?? null,
  }));
  if (lag === 'missing') warnings.push(missingDistribution('schedule lag'));
  else if (lag !== null) metrics[METRIC.scheduleLag] = trend(lag, percentiles);

  const total = sum(summaries.map((s) => s.requests.total));
  const errors = sum(summaries.map((s) => s.requests.failed - s.requests.rateLimited));
  metrics[METRIC.errors] = {
    type: 'rate',
    contains: 'default',
    values: { rate: total > 0 ? errors / total : 0, passes: errors, fails: total - errors },
  };
  const k6Counter = (key: string, pick: (s: PollSummaryJson) => number | null) => {
    const values = summaries.map(pick);
    if (values.every((v): v is number => v !== null)) {
      metrics[key] = counter(sum(values), seconds, key === 'http_reqs' ? 'default' : 'data');
    }
  };
  k6Counter('http_reqs', (s) => s.k6Totals.httpRequests);
  k6Counter('data_received', (s) => s.k6Totals.dataReceivedBytes);
  k6Counter('data_sent', (s) => s.k6Totals.dataSentBytes);
  addCounter(METRIC.bytesReceived, (s) =>
    s.transfer.source === 'estimate' ? s.transfer.receivedBytes : 0,
  );
  addCounter(METRIC.bytesSent, (s) =>
    s.transfer.source === 'estimate' ? s.transfer.sentBytes : 0,
  );

  return {
    metrics,
    options: { summaryTrendStats: [] },
    state: { testRunDurationMs: durationMs },
  };
}

function missingDistribution(what: string): string {
  return `Warning: an instance's summary has no ${what} distribution (--summary-trend-stats overridden?): merged ${what} figures are not available`;
}

/** Whether the expression holds for the value; k6 passes thresholds without samples. */
function holds(expression: string, value: number | undefined): boolean {
  const parsed = parseThresholdExpression(expression);
  if (parsed === undefined) return false;
  return value === undefined || thresholdHolds(parsed, value);
}

/**
 * thresholds.json evaluated on the merged data, written into it as k6 writes outcomes. A
 * metric the summaries do not carry (e.g. http_req_duration) takes the instances' outcomes:
 * it passes when every instance passed it.
 */
function evaluateThresholds(
  data: SummaryData,
  gates: Thresholds,
  parts: readonly Part[],
  warnings: string[],
): void {
  const metrics = data.metrics as Record<string, SummaryMetric | undefined>;
  for (const [key, expressions] of Object.entries(gates)) {
    if (expressions.length === 0) continue;
    const metric = metrics[key];
    const outcomes: Record<string, { ok: boolean }> = {};
    for (const e of expressions) {
      const expression = typeof e === 'string' ? e : e.threshold;
      if (metric === undefined) {
        const failedIn = parts.filter((p) =>
          p.summary.thresholds.some(
            (t) => t.metric === key && t.expression === expression && !t.passed,
          ),
        );
        outcomes[expression] = { ok: failedIn.length === 0 };
        warnings.push(
          `Warning: threshold ${key} ${expression} cannot be evaluated on merged data (the summaries do not carry ${key}); ${failedIn.length === 0 ? 'every instance passed it' : `failed in ${failedIn.map((p) => p.file).join(', ')}`}`,
        );
        continue;
      }
      const aggregation = thresholdAggregation(expression) ?? '';
      const values = metric.values as Readonly<Record<string, number>>;
      const sampled = metric.type !== 'trend' || (values.count ?? 0) > 0;
      outcomes[expression] = { ok: holds(expression, sampled ? values[aggregation] : undefined) };
    }
    metrics[key] =
      metric === undefined
        ? {
            type: 'counter',
            contains: 'default',
            values: { count: Number.NaN, rate: Number.NaN },
            thresholds: outcomes,
          }
        : { ...metric, thresholds: outcomes };
  }
}

/**
 * Rate limits are per client IP and path, and the instances of a distributed run send from
 * their own addresses (k6-operator: a pod each; locally `--local-ips`). So the busiest path is
 * taken per source address: instances reporting the same `localIps` add up, an instance
 * without one is its own address. The plan per address is the plan times the largest share of
 * the test one address runs, and so is the mean per path.
 */
function perAddressRateLimits(
  figures: Omit<PollFigures, 'recommendations'>,
  parts: readonly Part[],
): RateLimitFigures[] {
  const groups = new Map<string, Part[]>();
  parts.forEach((p, i) => {
    const key = p.instance.localIps ?? `instance ${i}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  });
  const share = (group: readonly Part[]) =>
    segmentCoverage(group.map((p) => p.segment ?? { from: 0, to: 1 }));
  const largestShare = Math.max(...[...groups.values()].map(share));
  const minutes = figures.duration.measuredMs / 60_000;
  return figures.rateLimits.map((r) => {
    let busiest: { perMinute: number; path: string } | null = null;
    for (const group of groups.values()) {
      const byPath = new Map<string, number>();
      for (const p of group) {
        const endpoint = p.summary.endpoints.find((e) => e.endpoint === r.endpoint);
        for (const room of endpoint?.rooms ?? []) {
          byPath.set(room.path, (byPath.get(room.path) ?? 0) + room.requests);
        }
      }
      for (const [path, requests] of byPath) {
        const perMinute = minutes > 0 ? requests / minutes : 0;
        if (busiest === null || perMinute > busiest.perMinute) busiest = { perMinute, path };
      }
    }
    const planned = r.plannedPerPathPerMinute * largestShare;
    const achieved = r.achievedBusiestPerMinute === null ? null : (busiest?.perMinute ?? null);
    return {
      ...r,
      plannedPerPathPerMinute: planned,
      achievedBusiestPerMinute: achieved,
      achievedMeanPerMinute:
        r.achievedMeanPerMinute === null ? null : r.achievedMeanPerMinute * largestShare,
      busiestPath: achieved === null ? null : (busiest?.path ?? null),
      overLimit: planned > r.limitPerMinute || (achieved ?? 0) > r.limitPerMinute,
    };
  });
}

/** PollConfig back from a summary's public config (the password is never in a summary). */
function runConfig(c: PublicConfig, runId: string | null): Omit<PollConfig, 'password'> {
  return {
    baseUrl: c.baseUrl,
    users: c.users,
    rooms: c.roomsPerUser,
    roomMode: c.roomMode,
    durationMs: c.plannedDurationMs,
    pollIntervalMs: c.pollIntervalMs,
    noCleanup: c.noCleanup,
    startPhase: c.startPhase,
    vus: c.vusConfigured ?? undefined,
    limits: c.limitsPerMinute,
    summaryDir: c.summaryDir,
    runId: runId ?? undefined,
    cleanupGraceMs: 0,
    rampUpMs: c.rampUpMs,
    live: c.live,
    scaleUsers: c.scaleUsers,
  };
}

/**
 * The whole run's figures from its instances' summaries, thresholds re-evaluated with
 * `gates` (thresholds.json, validated). Throws a {@link MergeInputError} on summaries that do
 * not belong together; `summaryDir` is where the merged files go.
 */
export function mergePollSummaries(
  inputs: readonly MergeInput[],
  gates: Thresholds,
  summaryDir: string,
): MergeResult {
  const parts = checkInputs(inputs);
  const first = parts[0] as Part;
  const warnings: string[] = [];
  const segments = parts.map((p) => p.segment ?? { text: '0:1', from: 0, to: 1 });
  const coverage = segmentCoverage(segments);
  if (!coversWholeTest(segments)) {
    warnings.push(
      `Warning: segments cover ${formatPercent(coverage * 100, 0)} of the test (${parts.map((p) => p.instance.executionSegment).join(', ')}): the figures are of that part only`,
    );
  }
  const data = mergedData(parts, gates, warnings);
  evaluateThresholds(data, gates, parts, warnings);
  const allSetUp = parts.every((p) => p.summary.status.setupCompleted);
  const roomIds = (first.summary.endpoints[0]?.rooms ?? []).map((r) => r.roomId ?? Number.NaN);
  const figures = buildPollFigures(data, {
    config: { ...runConfig(first.summary.config, first.instance.runId), summaryDir },
    vus: first.summary.config.vusUsed,
    roomIds: allSetUp && roomIds.every(Number.isFinite) ? roomIds : undefined,
    instance: {
      runId: first.instance.runId,
      executionSegment: null,
      executionSegmentSequence: first.instance.executionSegmentSequence,
      localIps: null,
    },
  });
  const { recommendations: _single, ...withoutAdvice } = figures;
  const perAddress = { ...withoutAdvice, rateLimits: perAddressRateLimits(figures, parts) };
  return {
    coverage,
    warnings,
    figures: {
      ...perAddress,
      recommendations: recommendations(perAddress),
      instances: parts.map((p) => ({
        file: p.file,
        executionSegment: p.instance.executionSegment,
        localIps: p.instance.localIps,
        requests: p.summary.requests.total,
        thresholdsPassed: p.summary.status.thresholdsPassed,
      })),
    },
  };
}
