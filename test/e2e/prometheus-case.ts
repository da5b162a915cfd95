// Live metrics for real: the stand-in and a Prometheus on loopback, then dist/poll.js in real
// k6 as k6-operator runs deploy/k6-operator/testrun.yaml with 2 runners (the manifest's
// arguments and K6_* env, the operator's segment flags and tags), sending to Prometheus by
// remote write. Then every query of deploy/grafana/claudeworld-poll.json, resolved as Grafana
// resolves it for the run's testid, goes to Prometheus' HTTP API: each must return data, and
// the counts must equal the runners' summary.json and the stand-in's /_stats.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpointNameTag, SEED_ENDPOINTS } from '../../lib/endpoints';
import { loadPollSummaries } from '../../scripts/report/summary-input';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import {
  dashboardTimeRange,
  GRAFANA_DEFAULTS,
  intervalMs,
  labelValuesVariables,
  panelQueries,
  resolveQuery,
} from './grafana-queries';
import { run } from './k6-case';
import { readTestRunManifest, runnerArgs, runnerEnvValues } from './k6-operator';
import { labelValues, queryPrometheus, type ResultSeries, startPrometheus } from './prometheus';

export const PROMETHEUS_CASE_NAME =
  'live metrics: 2 k6-operator runners -> Prometheus remote write -> every dashboard query';

const DASHBOARD = new URL('../../deploy/grafana/claudeworld-poll.json', import.meta.url);

const RUNNERS = 2;
/**
 * 12 users x 1 shared room for 24 s: 36 polls per path from each runner's address. The
 * stand-in allows 12 polls a minute per path and address, so the poll path gets 429s from about
 * 8 s on (the 429 panels need data: a rate needs two pushes of the counter) and chatting-agents
 * (120 a minute) none.
 */
const POLL_LIMIT = 12;
/** Some 500s on chatting-agents: the error share panel must show a share other than 0. */
const SERVER_FAULTS = { FAULT_ERROR_RATE: 'agents=0.2', FAULT_SEED: '3' };
const SCENARIO_ENV = {
  USERS: '12',
  VUS: '2',
  ROOMS: '1',
  DURATION: '24s',
  CLEANUP_GRACE: '30s',
  LIMIT_POLL: `${POLL_LIMIT}`,
};
/** Native-histogram percentiles are a bucket's bound: at most one bucket (9 %) above the truth. */
const BUCKET_FACTOR = 1.1;

/** What the run itself counted, from the runners' summaries and the stand-in. */
interface RunFigures {
  requests: number;
  rateLimited: number;
  errorShare: number;
  vus: number;
  maxLatencyS: number;
  maxScheduleLagS: number;
  /** Endpoints and statuses the stand-in saw, and the endpoints it answered 429 to. */
  endpoints: Set<string>;
  statuses: Set<string>;
  endpointsWith429: Set<string>;
}

type Check = (result: ResultSeries[], run: RunFigures) => string[];

const finite = (result: ResultSeries[]) =>
  result.flatMap((s) => s.values).filter((v) => Number.isFinite(v));
const labelSet = (result: ResultSeries[], label: string) =>
  [...new Set(result.map((s) => s.labels[label] ?? ''))].sort().join(',');
const sorted = (set: Set<string>) => [...set].sort().join(',');
/** One value of an instant query, compared with what the run counted. */
const equals =
  (what: string, expected: (r: RunFigures) => number): Check =>
  (result, r) => {
    const got = finite(result);
    const want = expected(r);
    return got.length === 1 && Math.abs((got[0] ?? Number.NaN) - want) < 1e-9
      ? []
      : [`${what}: Prometheus ${got.join(', ')} != the run's ${want}`];
  };
const labelsAre =
  (label: string, expected: (r: RunFigures) => Set<string>): Check =>
  (result, r) =>
    labelSet(result, label) === sorted(expected(r))
      ? []
      : [`${label} series ${labelSet(result, label)} != the stand-in's ${sorted(expected(r))}`];
const within =
  (what: string, max: (r: RunFigures) => number): Check =>
  (result, r) => {
    const bad = finite(result).filter((v) => v < 0 || v > max(r) * BUCKET_FACTOR);
    return bad.length === 0 ? [] : [`${what}: ${bad.join(', ')} outside 0..${max(r)} (+10 %)`];
  };
const both =
  (...checks: Check[]): Check =>
  (result, r) =>
    checks.flatMap((c) => c(result, r));

/** What each panel's queries must show, by panel title: a new panel needs its check here. */
const PANEL_CHECKS: Readonly<Record<string, Check>> = {
  'Polling requests (whole run)': equals('requests', (r) => r.requests),
  'Rate limited (429)': equals('429s', (r) => r.rateLimited),
  'Active VUs (all instances)': within('VUs', (r) => r.vus),
  'Errors other than 429 (share)': equals('error share', (r) => r.errorShare),
  'Requests/s by endpoint': labelsAre('endpoint', (r) => r.endpoints),
  'Responses/s by status': labelsAre('status', (r) => r.statuses),
  'Latency by endpoint (p50, p95, p99 over all instances)': both(
    labelsAre('endpoint', (r) => r.endpoints),
    within('latency (s)', (r) => r.maxLatencyS),
  ),
  '429s/s by endpoint': labelsAre('endpoint', (r) => r.endpointsWith429),
  'Schedule lag p95 (polls started late: the generator is overloaded)': within(
    'schedule lag (s)',
    (r) => r.maxScheduleLagS,
  ),
  'Active VUs over time (all instances)': (result, r) => {
    const peak = Math.max(...finite(result));
    return peak === r.vus ? [] : [`peak VUs ${peak} != VUS ${r.vus} over all runners`];
  },
};

export interface PrometheusCaseResult {
  problems: string[];
  /** The figures compared, for the log. */
  checks: string[];
}

export async function runPrometheusCase(
  k6Bin: string,
  prometheusBin: string,
): Promise<PrometheusCaseResult> {
  const problems: string[] = [];
  const checks: string[] = [];
  const expect = (ok: boolean, line: string) => {
    checks.push(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
    if (!ok) problems.push(line);
  };
  const runId = `prom-${Date.now().toString(36)}`;
  const { testRun } = readTestRunManifest(runId);
  const serverOptions = parseServerOptions({ LIMIT_POLL: `${POLL_LIMIT}`, ...SERVER_FAULTS });
  const server = await startStandInServer({ ...serverOptions, host: '127.0.0.1', port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-case-'));
  let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
  try {
    prometheus = await startPrometheus(prometheusBin);
    const k6Env: Record<string, string> = {};
    for (const [name, value] of Object.entries(runnerEnvValues(testRun))) {
      if (name.startsWith('K6_')) k6Env[name] = value;
    }
    k6Env.K6_PROMETHEUS_RW_SERVER_URL = prometheus.remoteWriteUrl;
    const scenarioEnv: Record<string, string> = {
      ...SCENARIO_ENV,
      BASE_URL: server.url,
      PASSWORD: serverOptions.adminPassword,
      RUN_ID: runId,
      SUMMARY_DIR: dir,
    };
    const runs = await Promise.all(
      Array.from({ length: RUNNERS }, (_, i) => {
        const args = runnerArgs(
          { ...testRun, spec: { ...testRun.spec, parallelism: RUNNERS } },
          i + 1,
          'dist/poll.js',
        );
        // Scenario settings as -e (not the developer's environment); the K6_* output settings
        // as the runner pod has them, in k6's own environment.
        args.splice(1, 0, '--include-system-env-vars=false', '--address', '');
        args.push('--local-ips', `127.0.0.${i + 2}`);
        for (const [name, value] of Object.entries(scenarioEnv))
          args.push('-e', `${name}=${value}`);
        return run(k6Bin, args, { env: { ...process.env, ...k6Env } });
      }),
    );
    runs.forEach((r, i) => {
      // The poll path's 429s cross the `cw_rate_limited count==0` gate: k6 exits 99.
      expect(r.code === 99, `runner ${i + 1}: k6 exit ${r.code} (99: the 429 gate, as planned)`);
      if (r.code !== 99) checks.push(r.stderr.trimEnd().split('\n').slice(-12).join('\n'));
      // e.g. two runners writing one series (no instance_id): Prometheus refuses out-of-order
      // samples with a 400 and k6 drops the whole push.
      const refused = r.stderr
        .split('\n')
        .filter((l) => l.includes('Failed to send the time series'));
      expect(refused.length === 0, `runner ${i + 1}: ${refused.length} remote writes refused`);
    });
    if (runs.some((r) => r.code !== 99)) return { problems, checks };
    const summaries = loadPollSummaries([dir]).map((l) => l.summary);
    expect(summaries.length === RUNNERS, `${summaries.length} summaries for ${RUNNERS} runners`);
    for (const s of summaries) {
      const failed = s.thresholds.filter((t) => !t.passed).map((t) => t.metric);
      expect(
        failed.includes('cw_rate_limited'),
        `${s.instance.executionSegment ?? 'single instance'}: failed thresholds ${failed.join(', ')} (cw_rate_limited among them)`,
      );
    }

    const stats = server.core.stats();
    const sum = (f: (s: (typeof summaries)[number]) => number) =>
      summaries.reduce((total, s) => total + f(s), 0);
    const figures: RunFigures = {
      requests: sum((s) => s.requests.total),
      rateLimited: sum((s) => s.requests.rateLimited),
      errorShare: 0,
      vus: Number(SCENARIO_ENV.VUS),
      maxLatencyS:
        Math.max(...summaries.flatMap((s) => s.endpoints.map((e) => e.latency.maxMs ?? 0))) / 1000,
      maxScheduleLagS:
        Math.max(...summaries.map((s) => s.scheduleLagDistribution?.max ?? 0)) / 1000,
      endpoints: new Set(),
      statuses: new Set(),
      endpointsWith429: new Set(),
    };
    // errorPercent: failed requests other than 429s, percent of the runner's requests.
    const errors = sum((s) => ((s.requests.errorPercent ?? 0) / 100) * s.requests.total);
    figures.errorShare = figures.requests === 0 ? 0 : errors / figures.requests;
    let served = 0;
    let served429 = 0;
    for (const endpoint of SEED_ENDPOINTS) {
      const seen = stats.endpoints[`GET ${endpointNameTag(endpoint)}`];
      if (seen === undefined) continue;
      figures.endpoints.add(endpoint);
      served += seen.requests;
      for (const [status, n] of Object.entries(seen.statuses)) {
        figures.statuses.add(status);
        if (status === '429') {
          served429 += n;
          figures.endpointsWith429.add(endpoint);
        }
      }
    }
    expect(
      figures.requests === served,
      `summaries: ${figures.requests} requests = stand-in /_stats ${served}`,
    );
    expect(
      figures.rateLimited === served429 && served429 > 0,
      `summaries: ${figures.rateLimited} 429s = stand-in /_stats ${served429} (> 0)`,
    );

    // Grafana rounds a range query's end down to the step: look once the first step after the
    // run has passed, as the dashboard's next refresh would (at most one step, 15 s, later).
    const dashboard: unknown = JSON.parse(readFileSync(DASHBOARD, 'utf8'));
    const ranAt = dashboardTimeRange(dashboard, Date.now());
    const stepMs = intervalMs(ranAt.toMs - ranAt.fromMs, GRAFANA_DEFAULTS);
    const lookAt = Math.ceil(ranAt.toMs / stepMs) * stepMs + 1;
    await new Promise((resolve) => setTimeout(resolve, lookAt - Date.now()));
    const range = dashboardTimeRange(dashboard, lookAt);
    for (const v of labelValuesVariables(dashboard)) {
      const values = await labelValues(prometheus.url, v.metric, v.label, range);
      expect(
        values.includes(runId),
        `variable ${v.name} = label_values(${v.metric}, ${v.label}): [${values.join(', ')}] has ${runId}`,
      );
    }
    const queries = panelQueries(dashboard);
    for (const title of Object.keys(PANEL_CHECKS)) {
      expect(
        queries.some((q) => q.panelTitle === title),
        `the dashboard has the panel "${title}"`,
      );
    }
    for (const q of queries) {
      const resolved = resolveQuery(q, range, { testid: runId });
      const result = await queryPrometheus(prometheus.url, resolved);
      const what = `"${q.panelTitle}" ${q.refId} (${q.instant ? 'instant' : 'range'}): ${resolved.expr}`;
      const check = PANEL_CHECKS[q.panelTitle];
      const found =
        finite(result).length === 0
          ? [`no data (${result.length} series)`]
          : check === undefined
            ? ['no check for this panel']
            : check(result, figures);
      const shown = found.join('; ') || describe(result, q.instant ? 'value' : 'last');
      expect(found.length === 0, `${what}\n           -> ${shown}`);
    }
    return { problems, checks };
  } finally {
    await prometheus?.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A short account of a result for the log: each series' distinguishing labels and last value. */
function describe(result: ResultSeries[], valueName: string): string {
  return result
    .map((s) => {
      const labels = ['endpoint', 'status']
        .filter((l) => s.labels[l] !== undefined)
        .map((l) => `${l}=${s.labels[l]}`)
        .join(',');
      const last = s.values.filter((v) => Number.isFinite(v)).at(-1);
      return `${labels ? `${labels} ` : ''}${valueName} ${last === undefined ? '-' : Number(last.toPrecision(4))}`;
    })
    .join('; ');
}
