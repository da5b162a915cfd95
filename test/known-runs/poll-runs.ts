// Known runs for the report tests: handleSummary `data` shaped like the real k6 fixtures
// (test/fixtures/k6), with the poll scenario's metrics. Declared sub-metrics without samples
// are present with zero values, as k6 reports them.

import { SEED_ENDPOINTS } from '../../lib/endpoints';
import { METRIC, reportedSubMetricKeys } from '../../lib/metric-names';
import { type PollConfig, parsePollConfig } from '../../lib/poll/config';
import type { PollRunInfo } from '../../lib/poll/report-figures';
import { QUANTILE_LEVELS, QUANTILE_TREND_STATS } from '../../lib/quantiles';
import { LOAD_STOP_METRIC } from '../../lib/run-status';
import type { SummaryData, SummaryMetric, ThresholdOutcomes } from '../../lib/summary-data';
import { SERIES, SERIES_TAG, sliceLayout, sliceMetricName, sliceTimeKey } from '../../lib/timeline';

/** k6's default trend stats plus p(99), which the poll scenario asks for. */
const ALL_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

/** What the poll scenario asks k6 for: the report's stats plus the dense quantile grid. */
const DENSE_TREND_STATS = [...new Set([...ALL_TREND_STATS, ...QUANTILE_TREND_STATS])];

/**
 * A trend's values with a quantile function drawn straight between its stats (min at 0 %, med
 * at 50 %, p(90), p(95), p(99), max at 100 %): a plausible shape with the same named stats.
 */
export function withQuantiles(
  values: Readonly<Record<string, number>>,
  count: number,
): Record<string, number> {
  const anchors: [number, number][] = [
    [0, values.min ?? 0],
    [50, values.med ?? 0],
    [90, values['p(90)'] ?? 0],
    [95, values['p(95)'] ?? 0],
    [99, values['p(99)'] ?? 0],
    [100, values.max ?? 0],
  ];
  const at = (level: number) => {
    let i = 1;
    while ((anchors[i] as [number, number])[0] < level) i++;
    const [p0, x0] = anchors[i - 1] as [number, number];
    const [p1, x1] = anchors[i] as [number, number];
    return x0 + ((x1 - x0) * (level - p0)) / (p1 - p0);
  };
  return {
    ...values,
    count,
    ...Object.fromEntries(QUANTILE_LEVELS.map((level) => [`p(${level})`, at(level)])),
  };
}

export interface RunSpec {
  durationMs: number;
  /** Room indexes broken down (as roomBreakdownCount gives for the run's config). */
  breakdown: number;
  counters?: Readonly<Record<string, number>>;
  /** Every stat; only those in `trendStats` reach the data, as in k6. */
  trends?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  rates?: Readonly<Record<string, { passes: number; fails: number }>>;
  /** Threshold outcomes by metric key, then expression. */
  thresholds?: Readonly<Record<string, Readonly<Record<string, boolean>>>>;
  trendStats?: readonly string[];
  setupData?: unknown;
  /** Gauges by key (their value, min and max alike): the load phase, teardown's record of the stop. */
  gauges?: Readonly<Record<string, number>>;
}

function baseName(key: string): string {
  return key.replace(/\{.*$/, '');
}

function contains(key: string): SummaryMetric['contains'] {
  const name = baseName(key);
  if (name === METRIC.latency || name === METRIC.scheduleLag) return 'time';
  if (name === METRIC.bytesReceived || name === METRIC.bytesSent) return 'data';
  return name === 'data_received' || name === 'data_sent' ? 'data' : 'default';
}

function pick(values: Readonly<Record<string, number>>, stats: readonly string[]) {
  return Object.fromEntries(stats.map((s) => [s, values[s] ?? 0]));
}

/** The `data` k6 would pass to handleSummary for `spec`. */
export function summaryDataFor(spec: RunSpec): SummaryData {
  const seconds = spec.durationMs / 1000;
  const stats = spec.trendStats ?? ALL_TREND_STATS;
  const metrics: Record<string, SummaryMetric> = {};
  const outcomes = (key: string): { thresholds?: ThresholdOutcomes } => {
    const t = spec.thresholds?.[key];
    if (t === undefined) return {};
    return {
      thresholds: Object.fromEntries(Object.entries(t).map(([e, ok]) => [e, { ok }])),
    };
  };
  for (const key of [
    ...reportedSubMetricKeys(spec.breakdown, SEED_ENDPOINTS),
    ...Object.keys(spec.thresholds ?? {}),
  ]) {
    const name = baseName(key);
    if (name === METRIC.latency || name === METRIC.scheduleLag) {
      metrics[key] = { type: 'trend', contains: 'time', values: pick({}, stats), ...outcomes(key) };
    } else if (name === METRIC.errors) {
      metrics[key] = {
        type: 'rate',
        contains: 'default',
        values: { rate: 0, passes: 0, fails: 0 },
        ...outcomes(key),
      };
    } else {
      metrics[key] = {
        type: 'counter',
        contains: contains(key),
        values: { count: 0, rate: 0 },
        ...outcomes(key),
      };
    }
  }
  for (const [key, count] of Object.entries(spec.counters ?? {})) {
    const rate = seconds > 0 ? count / seconds : 0;
    metrics[key] = {
      type: 'counter',
      contains: contains(key),
      values: { count, rate },
      ...outcomes(key),
    };
  }
  for (const [key, values] of Object.entries(spec.trends ?? {})) {
    metrics[key] = {
      type: 'trend',
      contains: 'time',
      values: pick(values, stats),
      ...outcomes(key),
    };
  }
  for (const [key, { passes, fails }] of Object.entries(spec.rates ?? {})) {
    const total = passes + fails;
    metrics[key] = {
      type: 'rate',
      contains: 'default',
      values: { rate: total === 0 ? 0 : passes / total, passes, fails },
      ...outcomes(key),
    };
  }
  for (const [key, ms] of Object.entries(spec.gauges ?? {})) {
    metrics[key] = { type: 'gauge', contains: 'time', values: { value: ms, min: ms, max: ms } };
  }
  return {
    metrics,
    options: { summaryTrendStats: stats, summaryTimeUnit: '', noColor: false },
    state: { isStdOutTTY: false, isStdErrTTY: false, testRunDurationMs: spec.durationMs },
    setup_data: spec.setupData,
    root_group: {
      name: '',
      path: '',
      id: 'd41d8cd98f00b204e9800998ecf8427e',
      groups: [],
      checks: [],
    },
  };
}

/** What one request kind sent in a slice: requests and each one's latency. */
export interface KindSliceSpec {
  latenciesMs: readonly number[];
  rateLimited?: number;
  failed?: number;
}

/** A trend's values as k6 reports them for `samples`: count, min, max, avg, med, every p(L). */
export function trendValues(samples: readonly number[]): Record<string, number> {
  const s = [...samples].sort((x, y) => x - y);
  const n = s.length;
  const p = (level: number) => {
    const at = (level / 100) * (n - 1);
    const i = Math.floor(at);
    const lo = s[i] as number;
    const hi = s[Math.min(i + 1, n - 1)] as number;
    return lo + (at - i) * (hi - lo);
  };
  const values: Record<string, number> = {
    count: n,
    min: s[0] as number,
    max: s[n - 1] as number,
    avg: s.reduce((a, b) => a + b, 0) / n,
    med: p(50),
  };
  for (const stat of DENSE_TREND_STATS) {
    const level = /^p\(([\d.]+)\)$/.exec(stat)?.[1];
    if (level !== undefined) values[stat] = p(Number(level));
  }
  return values;
}

/**
 * The time slices' metrics as k6 reports them for a run of `config`: the counters
 * (`cw_slice_NN{series:...}` and each slice's own total) and the sampled-time trends
 * (`cw_slice_time_NN{series:...}`); `slice(i)` says what each kind sent in slice i (every
 * latency sampled, as at a low rate), each poll's lag is `lagMs`.
 */
export function sliceMetrics(
  config: Pick<PollConfig, 'durationMs'>,
  slice: (i: number) => Readonly<Record<string, KindSliceSpec>>,
  lagMs = 1,
): { counters: Record<string, number>; trends: Record<string, Record<string, number>> } {
  const layout = sliceLayout(config.durationMs);
  const counters: Record<string, number> = {};
  const trends: Record<string, Record<string, number>> = {};
  for (let i = 0; i < layout.count; i++) {
    const name = sliceMetricName(i);
    const add = (series: string, n: number) => {
      if (n === 0) return;
      const key = `${name}{${SERIES_TAG}:${series}}`;
      counters[key] = (counters[key] ?? 0) + n;
      counters[name] = (counters[name] ?? 0) + n;
    };
    const lags: number[] = [];
    for (const [kind, k] of Object.entries(slice(i))) {
      add(SERIES.sent(kind), k.latenciesMs.length);
      add(SERIES.rateLimited(kind), k.rateLimited ?? 0);
      add(SERIES.failed(kind), k.failed ?? 0);
      if (k.latenciesMs.length > 0)
        trends[sliceTimeKey(i, SERIES.latency(kind))] = trendValues(k.latenciesMs);
      for (let n = 0; n < k.latenciesMs.length / 2; n++) lags.push(lagMs);
    }
    if (lags.length > 0) trends[sliceTimeKey(i, SERIES.lag)] = trendValues(lags);
  }
  return { counters, trends };
}

export const SECRET_PASSWORD = 'hunter2-Secret!pw';
export const SECRET_TOKEN = 'sk-live-api-key-0123456789';

/** A full PollConfig (with a password, as the scenario has it) at the old tool's defaults. */
export function pollConfig(overrides: Partial<PollConfig> = {}): PollConfig {
  return { ...parsePollConfig({ PASSWORD: SECRET_PASSWORD }), ...overrides };
}

/** setup_data as the scenario returns it: room ids next to a token that must never print. */
export function setupData(roomIds: number[]): unknown {
  return { token: SECRET_TOKEN, password: SECRET_PASSWORD, roomIds };
}

export interface KnownRun {
  data: SummaryData;
  run: PollRunInfo;
}

/** 4 users x 2 shared rooms (ids 17, 18) for 60 s: 60 requests/min per path, all 200. */
export function healthyRun(): KnownRun {
  const config = pollConfig({ users: 4, summaryDir: 'reports/' });
  const perPath = 60;
  const trendPoll = {
    avg: 45.671,
    min: 12.344,
    med: 42.118,
    max: 123.452,
    'p(90)': 70.1,
    'p(95)': 78.904,
    'p(99)': 95.226,
  };
  const trendAgents = {
    avg: 30.5,
    min: 10.25,
    med: 28.75,
    max: 80.5,
    'p(90)': 50,
    'p(95)': 55.125,
    'p(99)': 70.875,
  };
  // 30 slices of 2 s, 4 polls of each kind each; latency climbs in the last 20 s.
  const healthySlices = sliceMetrics(config, (i) => ({
    poll: { latenciesMs: i < 20 ? [30, 45, 30, 45] : [60, 110, 60, 110] },
    agents: { latenciesMs: i < 20 ? [20, 28, 20, 28] : [40, 70, 40, 70] },
  }));
  return {
    run: { config, vus: 1, roomIds: [17, 18] },
    data: summaryDataFor({
      durationMs: 60_230.5,
      gauges: { [METRIC.loadPhase]: 60_000, [LOAD_STOP_METRIC]: 60_004.25 },
      breakdown: 2,
      trendStats: DENSE_TREND_STATS,
      counters: {
        ...healthySlices.counters,
        [METRIC.requests]: 240,
        'cw_requests{status:200}': 240,
        'cw_requests{endpoint:poll}': 120,
        'cw_requests{endpoint:agents}': 120,
        'cw_requests{endpoint:poll,room:0}': perPath,
        'cw_requests{endpoint:poll,room:1}': perPath,
        'cw_requests{endpoint:agents,room:0}': perPath,
        'cw_requests{endpoint:agents,room:1}': perPath,
        [METRIC.bytesReceived]: 360_000,
        'cw_bytes_received{endpoint:poll}': 216_000,
        'cw_bytes_received{endpoint:agents}': 144_000,
        [METRIC.bytesSent]: 72_000,
        http_reqs: 245,
        data_received: 365_120,
        data_sent: 73_216,
        'data_received{role:poll}': 364_000,
        'data_sent{role:poll}': 72_600,
      },
      trends: {
        ...healthySlices.trends,
        [METRIC.latency]: withQuantiles(
          {
            avg: 38.0855,
            min: 10.25,
            med: 35.4,
            max: 123.452,
            'p(90)': 66,
            'p(95)': 74.5,
            'p(99)': 92.1,
          },
          240,
        ),
        'cw_latency{endpoint:poll}': withQuantiles(trendPoll, 120),
        'cw_latency{endpoint:agents}': withQuantiles(trendAgents, 120),
        [METRIC.scheduleLag]: {
          avg: 1.2,
          min: 0,
          med: 0.8,
          max: 11.7,
          'p(90)': 2.9,
          'p(95)': 3.25,
          'p(99)': 8.5,
        },
      },
      rates: { [METRIC.errors]: { passes: 0, fails: 240 } },
      thresholds: {
        'cw_latency{endpoint:poll}': { 'p(95)<1000': true },
        [METRIC.errors]: { 'rate<0.01': true },
        [METRIC.requests]: { 'count>0': true },
      },
      setupData: setupData([17, 18]),
    }),
  };
}

/**
 * The old tool's defaults: 10 users x 2 shared rooms (ids 3, 4), every 4 s for 60 s. Each
 * path gets 150 requests/min; the server allows 60 polls and 120 agents calls per path.
 */
export function rateLimitedRun(): KnownRun {
  const config = pollConfig();
  const poll = { ok: 60, limited: 90 };
  const agents = { ok: 120, limited: 30 };
  const perRoom = (e: typeof poll) => e.ok + e.limited;
  // 20 polls every 2 s; 429s from 20 s on, as each path's 60-second window fills.
  const limitedSlices = sliceMetrics(config, (i) => ({
    poll: {
      latenciesMs: [1100, 1300, 2200, 1500, 900, 1100, 1300, 2200, 1500, 900],
      rateLimited: i < 10 ? 0 : 6,
    },
    agents: {
      latenciesMs: [1000, 1200, 2100, 1400, 800, 1000, 1200, 2100, 1400, 800],
      rateLimited: i < 10 ? 0 : 2,
    },
  }));
  return {
    run: { config, vus: 1, roomIds: [3, 4] },
    data: summaryDataFor({
      durationMs: 61_842.25,
      breakdown: 2,
      counters: {
        ...limitedSlices.counters,
        [METRIC.requests]: 600,
        'cw_requests{status:200}': 2 * (poll.ok + agents.ok),
        'cw_requests{status:429}': 2 * (poll.limited + agents.limited),
        'cw_requests{endpoint:poll}': 2 * perRoom(poll),
        'cw_requests{endpoint:agents}': 2 * perRoom(agents),
        'cw_requests{endpoint:poll,room:0}': perRoom(poll),
        'cw_requests{endpoint:poll,room:1}': perRoom(poll) - 1,
        'cw_requests{endpoint:agents,room:0}': perRoom(agents) + 1,
        'cw_requests{endpoint:agents,room:1}': perRoom(agents),
        [METRIC.rateLimited]: 2 * (poll.limited + agents.limited),
        'cw_rate_limited{endpoint:poll}': 2 * poll.limited,
        'cw_rate_limited{endpoint:agents}': 2 * agents.limited,
        'cw_rate_limited{endpoint:poll,room:0}': poll.limited,
        'cw_rate_limited{endpoint:poll,room:1}': poll.limited,
        'cw_rate_limited{endpoint:agents,room:0}': agents.limited,
        'cw_rate_limited{endpoint:agents,room:1}': agents.limited,
        [METRIC.bytesReceived]: 850_000,
        'cw_bytes_received{endpoint:poll}': 480_000,
        'cw_bytes_received{endpoint:agents}': 370_000,
        [METRIC.bytesSent]: 180_000,
        http_reqs: 605,
        data_received: 861_532,
        data_sent: 182_044,
        'data_received{role:poll}': 860_400,
        'data_sent{role:poll}': 181_200,
      },
      trends: {
        ...limitedSlices.trends,
        [METRIC.latency]: {
          avg: 1250.5,
          min: 400.25,
          med: 1100,
          max: 3500.75,
          'p(90)': 1900,
          'p(95)': 2200.5,
          'p(99)': 3100.25,
        },
        'cw_latency{endpoint:poll}': {
          avg: 1300,
          min: 410,
          med: 1150,
          max: 3500.75,
          'p(90)': 1950,
          'p(95)': 2250,
          'p(99)': 3150,
        },
        'cw_latency{endpoint:agents}': {
          avg: 1200,
          min: 400.25,
          med: 1050,
          max: 3000,
          'p(90)': 1850,
          'p(95)': 2100,
          'p(99)': 2900,
        },
        [METRIC.scheduleLag]: {
          avg: 40,
          min: 0,
          med: 20,
          max: 820.5,
          'p(90)': 300,
          'p(95)': 350.25,
          'p(99)': 700,
        },
      },
      rates: { [METRIC.errors]: { passes: 0, fails: 600 } },
      thresholds: {
        'cw_latency{endpoint:poll}': { 'p(95)<1000': false },
        'cw_requests{status:429}': { 'count<1': false },
        [METRIC.errors]: { 'rate<0.01': true },
      },
      setupData: setupData([3, 4]),
    }),
  };
}

/**
 * 12 users with 2 rooms each (per-user mode: 24 rooms, too many to break down) for 30 s; the
 * server went away mid-run. `--summary-trend-stats` left out p(99).
 */
export function connectionErrorRun(): KnownRun {
  const config = pollConfig({ users: 12, roomMode: 'per-user', durationMs: 30_000, vus: 2 });
  return {
    run: { config, vus: 2, roomIds: Array.from({ length: 24 }, (_, i) => 101 + i) },
    data: summaryDataFor({
      durationMs: 30_512,
      breakdown: 0,
      trendStats: ['avg', 'min', 'med', 'max', 'p(95)'],
      counters: {
        [METRIC.requests]: 360,
        'cw_requests{status:200}': 100,
        'cw_requests{status:500}': 20,
        'cw_requests{status:other}': 4,
        'cw_requests{status:connection_error}': 236,
        'cw_requests{endpoint:poll}': 180,
        'cw_requests{endpoint:agents}': 180,
        [METRIC.connectionErrors]: 236,
        'cw_connection_errors{error_code:1212}': 200,
        'cw_connection_errors{error_code:1050}': 30,
        'cw_connection_errors{error_code:other}': 6,
        [METRIC.bytesReceived]: 40_000,
        'cw_bytes_received{endpoint:poll}': 24_000,
        'cw_bytes_received{endpoint:agents}': 16_000,
        [METRIC.bytesSent]: 36_000,
        http_reqs: 373,
        data_received: 41_990,
        data_sent: 38_002,
        'data_received{role:poll}': 41_000,
        'data_sent{role:poll}': 37_200,
      },
      trends: {
        [METRIC.latency]: { avg: 20.5, min: 4.25, med: 18, max: 60.125, 'p(95)': 44.5 },
        'cw_latency{endpoint:poll}': { avg: 22, min: 4.25, med: 19, max: 60.125, 'p(95)': 46 },
        'cw_latency{endpoint:agents}': { avg: 19, min: 5, med: 17, max: 50, 'p(95)': 41 },
        [METRIC.scheduleLag]: { avg: 0.5, min: 0, med: 0, max: 5.5, 'p(95)': 1.5 },
      },
      rates: { [METRIC.errors]: { passes: 260, fails: 100 } },
      thresholds: {
        [METRIC.errors]: { 'rate<0.01': false },
        'cw_latency{endpoint:poll}': { 'p(99)<1500': true },
      },
      setupData: setupData([]),
    }),
  };
}

/** Login failed in setup: no rooms, no polling; declared metrics are all zero. */
export function setupFailedRun(): KnownRun {
  const config = pollConfig({ summaryDir: 'out' });
  return {
    run: { config, vus: 3, roomIds: undefined },
    data: summaryDataFor({
      durationMs: 0.623726,
      breakdown: 2,
      counters: { [METRIC.requests]: 0, http_reqs: 1, data_received: 312, data_sent: 158 },
      trends: { [METRIC.latency]: {} },
      rates: { [METRIC.errors]: { passes: 0, fails: 0 } },
      thresholds: {
        'cw_latency{endpoint:poll}': { 'p(95)<1000': true },
        [METRIC.errors]: { 'rate<0.01': true },
      },
    }),
  };
}
