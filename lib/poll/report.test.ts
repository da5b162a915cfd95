import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  RECORDED_RUNS,
  type RecordedRun,
  recordedSummaryData,
} from '../../test/fixtures/k6/fixtures';
import { EXPECTED_REPORTS } from '../../test/known-runs/expected-reports';
import {
  connectionErrorRun,
  healthyRun,
  type KnownRun,
  pollConfig,
  rateLimitedRun,
  SECRET_PASSWORD,
  SECRET_TOKEN,
  setupData,
  setupFailedRun,
} from '../../test/known-runs/poll-runs';
import { withoutPassword } from '../config/target';
import { QUANTILE_LEVELS } from '../quantiles';
import type { SummaryData } from '../summary-data';
import { runConfigOf } from './public-config';
import { type PollSummaryJson, renderPollReport, renderPollSummaryFiles } from './report';

const KNOWN_RUNS = { healthyRun, rateLimitedRun, connectionErrorRun, setupFailedRun };

const realFixture = (name: RecordedRun) => recordedSummaryData<SummaryData>(name);

function files({ data, run }: KnownRun) {
  const out = renderPollSummaryFiles(data, run);
  const dir = run.config.summaryDir === '' ? '' : `${run.config.summaryDir.replace(/\/$/, '')}/`;
  const json = out[`${dir}summary.json`];
  const junit = out[`${dir}junit.xml`];
  if (json === undefined || junit === undefined)
    throw new Error(`missing files: ${Object.keys(out)}`);
  return { out, summary: JSON.parse(json) as PollSummaryJson, junit };
}

interface JUnitCaseXml {
  '@_name': string;
  '@_classname': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
}

function parseJUnit(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testcase',
  }).parse(xml);
  return doc.testsuites as {
    '@_tests': string;
    '@_failures': string;
    testsuite: { '@_tests': string; '@_failures': string; testcase?: JUnitCaseXml[] };
  };
}

/** Every number in a JSON value, with its path. */
function numbersIn(value: unknown, path = '$'): [string, unknown][] {
  if (typeof value === 'number') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  }
  return [];
}

describe('renderPollReport', () => {
  for (const [name, make] of Object.entries(KNOWN_RUNS)) {
    it(`renders the whole report of the ${name}`, () => {
      const { data, run } = make();
      expect(renderPollReport(data, run)).toBe(EXPECTED_REPORTS[name as keyof typeof KNOWN_RUNS]);
    });
  }

  it('sorts Requests by Endpoint by path as text, as the old tool did: room 10 before room 9', () => {
    const { data, run } = healthyRun();
    const text = renderPollReport(data, { ...run, roomIds: [9, 10] });
    const section = text.slice(text.indexOf('Requests by Endpoint:'), text.indexOf('\nLatency'));
    expect(section.split('\n').map((line) => line.trim().split(/ +/)[0])).toEqual([
      'Requests',
      '/rooms/10/chatting-agents',
      '/rooms/10/messages/poll',
      '/rooms/9/chatting-agents',
      '/rooms/9/messages/poll',
      '',
    ]);
  });

  it('keeps the k6 code of failed connections in summary.json, under the old label in the text', () => {
    const { data, run } = connectionErrorRun();
    const { summary } = files({ data, run });
    expect(summary.errors.find((e) => e.type === 'CONNECTION_1212')).toEqual({
      type: 'CONNECTION_1212',
      count: 200,
      description: 'connection refused',
    });
    expect(renderPollReport(data, run)).toContain(
      '  connection_error (1212 connection refused)  200\n',
    );
  });

  it('renders the real k6 fixtures, which lack every poll metric, without NaN or undefined', () => {
    const demoOk: Record<RecordedRun, string> = {
      'run-mixed': 'FAIL  demo_ok  rate>0.99  (rate=0.2500)',
      'run-trend-stats-override': 'FAIL  demo_ok  rate>0.99  (rate=0.2500)',
      'run-setup-failed': 'PASS  demo_ok  rate>0.99  (rate=0.0000)',
    };
    for (const name of RECORDED_RUNS) {
      const threshold = demoOk[name];
      const data = realFixture(name);
      const text = renderPollReport(data, { config: pollConfig(), vus: 2, roomIds: [11, 12] });
      expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
      expect(text).toContain('  Total requests:     0\n');
      expect(text).toContain(`  ${threshold}\n`);
    }
  });

  it('shows the thresholds of the real fixtures with the values k6 reported', () => {
    const text = renderPollReport(realFixture('run-trend-stats-override'), {
      config: pollConfig(),
      vus: 2,
      roomIds: [11, 12],
    });
    expect(text).toContain(
      [
        'Thresholds:',
        '  PASS  demo_latency{endpoint:poll}  p(95)<500  (p(95)=1.99 ms)',
        '  FAIL  demo_ok  rate>0.99  (rate=0.2500)',
        '  FAIL  http_req_failed  rate<0.5  (rate=0.7500)',
        '',
      ].join('\n'),
    );
    // k6's own totals are read although the poll metrics are absent.
    expect(text).toContain('  http_reqs:          48 (0 polling, 48 setup/teardown)\n');
  });

  it('renders data without metrics, options or state at all', () => {
    const empty = {} as unknown as SummaryData;
    const text = renderPollReport(empty, { config: pollConfig(), vus: 1, roomIds: [] });
    expect(text).toContain('⚠️  No polling requests were made.\n');
    expect(text).toContain('  Duration:           0.00 seconds\n');
    expect(text).toContain('  http_reqs:          n/a\n');
    expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
  });

  it('names the summary files last, in the working directory by default', () => {
    const lastLine = (t: string) => t.trimEnd().split('\n').pop();
    const healthy = healthyRun();
    expect(lastLine(renderPollReport(healthy.data, healthy.run))).toBe(
      'Summary files: reports/summary.json, reports/summary.html and reports/junit.xml (SUMMARY_DIR must exist: k6 does not create folders)',
    );
    const limited = rateLimitedRun();
    expect(lastLine(renderPollReport(limited.data, limited.run))).toBe(
      'Summary files: summary.json, summary.html and junit.xml in the working directory',
    );
  });

  it("reports an instance of a distributed run as its share, and names the whole test's merge", () => {
    const { data, run } = healthyRun();
    const instance = {
      runId: 'n1',
      executionSegment: '1/2:1',
      executionSegmentSequence: '0,1/2,1',
      localIps: '127.0.0.3',
    };
    // 4 users on 2 VUs: segment 1/2:1 runs VU 2, which paces users 1 and 3.
    const text = renderPollReport(data, { ...run, vus: 2, instance });
    const lines = text.split('\n');
    expect(lines.slice(4, 6)).toEqual([
      'Instance of distributed run n1: segment 1/2:1, 2 users of 4.',
      '    Its figures and plan are its own share; the whole test is the merge of every instance.',
    ]);
    expect(lines).toContain('  Share of the test:  2 of 4 users (segment 1/2:1 of 0,1/2,1)');
    expect(lines).toContain('  Planned req/s:      2.00 (2 users x 2 rooms x 2 / 4.00 s)');
    expect(lines).toContain('    Planned per path: 30.00/min (2 users every 4.00 s)');
    expect(lines.at(-2)).toBe(
      "Whole test: npm run report -- merge reports/summary-n1-*.json (every instance's summary of run n1)",
    );
  });

  it('advises a POLL_INTERVAL when even one user per room exceeds the limit', () => {
    const { data } = healthyRun();
    const config = pollConfig({ roomMode: 'per-user', users: 1, pollIntervalMs: 500 });
    const text = renderPollReport(data, { config, vus: 1, roomIds: [17, 18] });
    expect(text).toContain(
      '  ⚠️  Each /rooms/{id}/messages/poll path got 60 requests/min (planned 120) from one IP; the server allows 60: POLL_INTERVAL of at least 1 s or several source IPs with k6 --local-ips\n',
    );
  });

  it('explains 429s under the assumed limit: a stricter limit or a shared IP', () => {
    const { data, run } = rateLimitedRun();
    const config = pollConfig({ limits: { poll: 600, agents: 1200 } });
    const text = renderPollReport(data, { ...run, config });
    expect(text).toContain(
      "  ⚠️  /rooms/{id}/messages/poll got 180 429s at 146 requests/min per path, under the assumed limit of 600: the server's limit looks stricter (set LIMIT_POLL to it), or another client shares this IP\n",
    );
    expect(text).not.toContain('over the limit');
  });
});

describe('renderPollSummaryFiles', () => {
  it('returns stdout, summary.json and junit.xml in SUMMARY_DIR', () => {
    const healthy = healthyRun();
    expect(Object.keys(renderPollSummaryFiles(healthy.data, healthy.run))).toEqual([
      'stdout',
      'reports/summary.json',
      'reports/junit.xml',
      'reports/summary.html',
    ]);
    const limited = rateLimitedRun();
    const out = renderPollSummaryFiles(limited.data, limited.run);
    expect(Object.keys(out)).toEqual(['stdout', 'summary.json', 'junit.xml', 'summary.html']);
    expect(out.stdout).toBe(EXPECTED_REPORTS.rateLimitedRun);
  });

  it('writes a versioned summary.json with the figures of the text report', () => {
    const { summary } = files(rateLimitedRun());
    expect(summary.schema).toBe('claudeworld-loadtest/poll-summary');
    expect(summary.version).toBe(2);
    expect(summary.status).toEqual({
      end: 'completed',
      cause: null,
      stoppedAtMs: null,
      plannedLoadMs: 60_000,
      requestsDueByStop: null,
      setupCompleted: true,
      requestsMade: true,
      thresholdsPassed: false,
    });
    expect(summary.requests).toMatchObject({
      total: 600,
      successful: 360,
      failed: 240,
      rateLimited: 240,
      connectionErrors: 0,
      successfulPercent: 60,
      failedPercent: 40,
      errorPercent: 0,
    });
    // Without teardown's record of the load, rates divide by k6's whole run.
    expect(summary.requests.perSecond).toBeCloseTo(600 / 61.84225, 10);
    expect(summary.endpoints[0]?.rooms?.map((r) => [r.path, r.requests, r.rateLimited])).toEqual([
      ['/rooms/3/messages/poll', 150, 90],
      ['/rooms/4/messages/poll', 149, 90],
    ]);
    expect(summary.errors).toEqual([{ type: 'HTTP_429', count: 240, description: null }]);
    expect(summary.k6Totals).toEqual({
      httpRequests: 605,
      setupAndTeardownRequests: 5,
      dataReceivedBytes: 861532,
      dataSentBytes: 182044,
    });
    expect(summary.transfer).toEqual({ receivedBytes: 860_400, sentBytes: 181_200, source: 'k6' });
    expect(summary.rateLimits.map((r) => [r.endpoint, r.limitPerMinute, r.overLimit])).toEqual([
      ['poll', 60, true],
      ['agents', 120, true],
    ]);
    expect(summary.thresholds).toContainEqual({
      metric: 'cw_latency{endpoint:poll}',
      expression: 'p(95)<1000',
      passed: false,
      outcome: 'fail',
      optional: false,
      observed: 'p(95)=2250.00 ms',
    });
    expect(summary.recommendations[0]).toEqual({
      level: 'warning',
      text: 'Rate limiting detected: 240 requests got HTTP 429',
    });
  });

  it('keeps in measured what a merge needs: exact counts by kind, room and status, grids, bytes, the plan', () => {
    const { summary } = files(healthyRun());
    const { metrics, instances, thresholds } = summary.measured;
    expect(metrics['cw_requests{status:200}']).toEqual({
      type: 'counter',
      contains: 'default',
      count: 240,
    });
    expect(metrics['cw_bytes_received{endpoint:poll}']).toEqual({
      type: 'counter',
      contains: 'data',
      count: 216_000,
    });
    const poll = metrics['cw_latency{endpoint:poll}'];
    expect(poll).toMatchObject({
      type: 'trend',
      contains: 'time',
      stats: { count: 120, avg: 45.671, min: 12.344, med: 42.118, max: 123.452 },
    });
    expect(poll?.type === 'trend' ? poll.grid?.length : 0).toBe(QUANTILE_LEVELS.length);
    // Per-room series are kept by server id in the instance, k6's own trends only if gated.
    expect(
      Object.keys(metrics).filter((k) => k.includes('room:') || k.startsWith('http_req_')),
    ).toEqual([]);
    expect(thresholds).toEqual({
      cw_errors: { 'rate<0.01': true },
      'cw_latency{endpoint:poll}': { 'p(95)<1000': true },
      cw_requests: { 'count>0': true },
    });
    const counts = (requests: number) => ({ requests, rateLimited: 0 });
    expect(instances).toEqual([
      {
        runId: null,
        executionSegment: null,
        executionSegmentSequence: null,
        localIps: null,
        file: null,
        setupCompleted: true,
        testRunMs: 60_230.5,
        endedAtMs: null,
        k6Version: null,
        users: 4,
        plannedRequests: 240,
        requests: 240,
        requestsDueByStop: 240,
        setupFailure: null,
        abortCause: null,
        stoppedAtMs: 60_004.25,
        thresholdsPassed: true,
        kinds: { poll: counts(120), agents: counts(120) },
        rooms: [
          { index: 0, roomId: 17, kinds: { poll: counts(60), agents: counts(60) } },
          { index: 1, roomId: 18, kinds: { poll: counts(60), agents: counts(60) } },
        ],
      },
    ]);
    expect(runConfigOf(summary.config)).toEqual(
      withoutPassword(pollConfig({ users: 4, summaryDir: 'reports/' })),
    );
  });

  it('uses null, never NaN or Infinity, for what an empty run cannot measure', () => {
    for (const make of Object.values(KNOWN_RUNS)) {
      const { summary } = files(make());
      for (const [path, value] of numbersIn(summary)) {
        expect(Number.isFinite(value), path).toBe(true);
      }
    }
    const { summary } = files(setupFailedRun());
    expect(summary.status.setupCompleted).toBe(false);
    expect(summary.requests.successfulPercent).toBeNull();
    expect(summary.latency.p95Ms).toBeNull();
    expect(summary.bandwidth.totalKbps).toBeNull();
    expect(summary.projected.perDayMB).toBeNull();
  });

  it("falls back to the scenario byte estimates when k6's byte counters of the polls are absent", () => {
    const { data, run } = healthyRun();
    const metrics = {
      ...data.metrics,
      data_received: undefined,
      data_sent: undefined,
      'data_received{role:poll}': undefined,
      'data_sent{role:poll}': undefined,
    };
    const { summary } = files({ data: { ...data, metrics }, run });
    expect(summary.transfer).toEqual({
      receivedBytes: 360000,
      sentBytes: 72000,
      source: 'estimate',
    });
    expect(summary.k6Totals.dataReceivedBytes).toBeNull();
  });

  it('writes the run case, then one JUnit test case per threshold; failures carry the observed value', () => {
    const suites = parseJUnit(files(rateLimitedRun()).junit);
    expect(suites['@_tests']).toBe('4');
    expect(suites['@_failures']).toBe('2');
    const [run, ...cases] = suites.testsuite.testcase ?? [];
    expect(run).toMatchObject({
      '@_classname': 'poll.run',
      '@_name': 'the run completed as planned',
    });
    expect(run?.failure).toBeUndefined();
    expect(cases.map((c) => [c['@_name'], c.failure?.['@_message'] ?? 'passed'])).toEqual([
      ['cw_errors rate<0.01', 'passed'],
      ['cw_latency{endpoint:poll} p(95)<1000', 'p(95)=2250.00 ms'],
      ['cw_requests{status:429} count<1', 'count=240'],
    ]);
    expect(cases[1]?.failure?.['#text']).toBe(
      'threshold cw_latency{endpoint:poll} p(95)<1000 failed: p(95)=2250.00 ms',
    );
    expect(cases.every((c) => c['@_classname'] === 'poll.thresholds')).toBe(true);
  });

  it('writes a valid JUnit file with only the run case when no thresholds are set', () => {
    const { data, run } = healthyRun();
    const metrics = Object.fromEntries(
      Object.entries(data.metrics).map(([k, m]) => [k, m && { ...m, thresholds: undefined }]),
    );
    const suites = parseJUnit(files({ data: { ...data, metrics }, run }).junit);
    expect(suites['@_tests']).toBe('1');
    expect(suites.testsuite.testcase?.map((c) => c['@_classname'])).toEqual(['poll.run']);
  });
});

describe('a run that went wrong says so first, in every output', () => {
  /** The healthy run stopped `stoppedAtMs` into its 60 s: teardown's gauge says so. */
  function stoppedRun(stoppedAtMs: number, extra: Partial<SummaryData> = {}): KnownRun {
    const { data, run } = healthyRun();
    const gauge = {
      type: 'gauge' as const,
      contains: 'time' as const,
      values: { value: stoppedAtMs, min: stoppedAtMs, max: stoppedAtMs },
    };
    return { data: { ...data, ...extra, metrics: { ...data.metrics, cw_load_stop: gauge } }, run };
  }

  it('an interrupted run: the banner opens the text, with how far it got; no "performing well"', () => {
    const { out, summary, junit } = files(stoppedRun(8_000));
    const text = out.stdout ?? '';
    const body = text.split('\n').slice(4);
    expect(body[0]).toBe(
      '❌ INTERRUPTED at 8.0 s of 60 s (Ctrl-C or a signal): the run did not finish.',
    );
    expect(body[1]).toContain(
      'Sent 240 polling requests of the 32 due by then (240 planned for the whole run)',
    );
    expect(text).not.toContain('performing well');
    expect(summary.recommendations[0]?.text).toMatch(/^The run was interrupted at 8\.0 s of 60 s/);
    expect(summary.status).toMatchObject({
      end: 'interrupted',
      stoppedAtMs: 8000,
      cause: null,
      requestsDueByStop: 32,
    });
    const [run] = parseJUnit(junit).testsuite.testcase ?? [];
    expect(run?.failure?.['@_type']).toBe('interrupted');
    expect(run?.failure?.['@_message']).toBe(
      'interrupted at 8.0 s of 60 s; sent 240 of 240 planned polling requests',
    );
    expect(out['reports/summary.html']).toContain(
      '<p class="banner bad">Interrupted at 8.0 s of 60 s.',
    );
  });

  it('a run that ran its course is not interrupted, however long teardown took', () => {
    const { summary } = files(stoppedRun(60_004));
    expect(summary.status.end).toBe('completed');
  });

  it('a run stopped by an abortOnFail threshold is aborted, naming the threshold', () => {
    const { data, run } = stoppedRun(20_000);
    const aborting = [{ metric: 'cw_errors', expression: 'rate<0.01' }];
    const metrics = {
      ...data.metrics,
      cw_errors: {
        type: 'rate' as const,
        contains: 'default' as const,
        values: { rate: 0.5, passes: 1, fails: 1 },
        thresholds: { 'rate<0.01': { ok: false } },
      },
    };
    const { out, summary } = files({
      data: { ...data, metrics },
      run: { ...run, abortingThresholds: aborting },
    });
    expect(summary.status).toMatchObject({
      end: 'aborted',
      cause: 'threshold cw_errors rate<0.01 was crossed (abortOnFail)',
    });
    expect(out.stdout?.split('\n')[4]).toBe(
      '❌ ABORTED at 20 s of 60 s: threshold cw_errors rate<0.01 was crossed (abortOnFail).',
    );
  });

  it('a failed setup: its cause first (from the failed check setup left), a short report, gates not evaluated, JUnit failed and skipped', () => {
    const { data, run } = setupFailedRun();
    const cause =
      'Cannot reach the backend at BASE_URL=http://127.0.0.1:1: dial: connection refused';
    const root_group = {
      name: '',
      path: '',
      id: 'r',
      checks: [],
      groups: [
        {
          name: 'setup',
          path: '::setup',
          id: 's',
          groups: [],
          checks: [{ name: `setup failed: ${cause}`, path: '', id: 'c', passes: 0, fails: 1 }],
        },
      ],
    };
    const { out, summary, junit } = files({ data: { ...data, root_group }, run });
    const lines = (out.stdout ?? '').split('\n');
    expect(lines[4]).toBe(`❌ SETUP FAILED: ${cause}`);
    expect(lines[5]).toContain('No load was sent');
    expect(lines.length).toBeLessThan(30);
    expect(summary.thresholds.map((t) => t.outcome)).toEqual(['not-evaluated', 'not-evaluated']);
    const suites = parseJUnit(junit);
    expect(suites['@_failures']).toBe('1');
    const [runCase, ...gates] = suites.testsuite.testcase ?? [];
    expect(runCase?.failure?.['@_message']).toBe(`setup failed: ${cause}; no load was sent`);
    expect(gates.map((g) => (g as { skipped?: unknown }).skipped !== undefined)).toEqual([
      true,
      true,
    ]);
    expect(out['out/summary.html']).toContain(`Setup failed: ${cause}`);
  });
});

describe('secrets', () => {
  it('never prints the password, the API token or URL credentials', () => {
    for (const make of Object.values(KNOWN_RUNS)) {
      const { data, run } = make();
      const config = {
        ...pollConfig(run.config),
        baseUrl: `https://admin:${SECRET_PASSWORD}@cw.test`,
      };
      const withSecrets = { ...data, setup_data: setupData(run.roomIds ?? []) };
      const out = renderPollSummaryFiles(withSecrets, { ...run, config });
      for (const [file, content] of Object.entries(out)) {
        expect(content, file).not.toContain(SECRET_PASSWORD);
        expect(content, file).not.toContain(SECRET_TOKEN);
        expect(content, file).not.toContain('admin');
      }
      expect(files({ data: withSecrets, run: { ...run, config } }).summary.config.baseUrl).toBe(
        'https://cw.test',
      );
    }
  });
});
