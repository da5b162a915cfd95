import { describe, expect, it } from 'vitest';
import { RECORDED_SCRIPT, recordedSummaryData } from '../test/fixtures/k6/fixtures';
import { scriptedTransport } from './k6/transports';
import { type RunResult, runK6Script } from './run-k6-script';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const recordedScript = RECORDED_SCRIPT;
const realData = recordedSummaryData;

/** The structure of a value: object keys (sorted) and leaf types, not the numbers themselves. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, shape((value as Record<string, unknown>)[k])]),
    );
  }
  return typeof value;
}

const demoServer = scriptedTransport([
  { path: '/ok', reply: { status: 200, body: 'ok' } },
  {
    path: '/limited',
    reply: { status: 429, body: { error: 'Rate limit exceeded: 60 per 1 minute' } },
  },
  { path: '/error', reply: { status: 500, body: 'Internal Server Error' } },
]);

type Metrics = Record<string, { values: Record<string, number>; thresholds?: unknown }>;

/** The summary data of a run that reached handleSummary. */
function summary(r: RunResult): { metrics: Metrics; state: { testRunDurationMs: number } } {
  if (r.data === undefined) throw new Error('the run produced no summary data');
  return r.data as { metrics: Metrics; state: { testRunDurationMs: number } };
}

const logText = (r: RunResult) => r.logs.map((l) => l.message).join('\n');

describe('the sandbox against real k6 handleSummary data', () => {
  it('gives data of the same shape as k6 for the fixture script, and exit 99', async () => {
    const r = await runK6Script(recordedScript, { transport: demoServer });
    const real = realData('run-mixed');
    expect(r.exitCode).toBe(99);
    expect(shape(r.data)).toEqual(shape(real));
    expect(JSON.parse(r.outputs['data.json'] ?? '')).toEqual(r.data);
    const metrics = summary(r).metrics;
    // 2 VUs, 3 s, iterations of 4 requests and a 0.5 s sleep: the same counts as real k6.
    expect(metrics.http_reqs?.values.count).toBe(48);
    expect(metrics['demo_requests{status:429}']?.values.count).toBe(12);
    expect(metrics['demo_requests{status:0}']?.values.count).toBe(12);
    expect(metrics.iterations?.values.count).toBe(12);
    expect(metrics.http_req_failed?.values).toEqual({ rate: 0.75, passes: 36, fails: 12 });
    expect(r.data?.root_group).toEqual(real.root_group);
    expect(r.data?.setup_data).toEqual(real.setup_data);
  });

  it('honours --summary-trend-stats like k6', async () => {
    const r = await runK6Script(recordedScript, {
      transport: demoServer,
      summaryTrendStats: ['avg', 'p(95)'],
    });
    expect(shape(r.data)).toEqual(shape(realData('run-trend-stats-override')));
  });

  it('runs handleSummary but not teardown when setup throws: exit 107, k6-shaped data', async () => {
    const r = await runK6Script(recordedScript, {
      transport: demoServer,
      env: { FAIL_SETUP: '1' },
    });
    expect(r.exitCode).toBe(107);
    expect(shape(r.data)).toEqual(shape(realData('run-setup-failed')));
    expect(logText(r)).toContain('setup failed on purpose');
  });
});

describe('k6 globals', () => {
  const probe = (name: string) =>
    runK6Script(fixture('probes.js'), { env: { PROBE: name }, startEpochMs: 1_000_000 });

  it.each([
    'Intl',
    'TextEncoder',
    'TextDecoder',
    'Buffer',
    'process',
    'structuredClone',
    'performance',
    'require',
    'setTimeout',
    'setImmediate',
    'queueMicrotask',
    'fetch',
    'URL',
  ])('has no %s: using it fails setup (exit 107)', async (name) => {
    const r = await probe(name);
    expect(r.exitCode).toBe(107);
    // A bundle's require() of anything resolves to nothing: k6 modules are imported.
    const reason =
      name === 'require' ? /couldn't be found/ : `ReferenceError: ${name} is not defined`;
    expect(logText(r)).toMatch(reason);
  });

  it('throws RangeError for toLocaleString with a locale and fails Date locale methods', async () => {
    expect(logText(await probe('localeNumber'))).toContain('RangeError');
    expect((await probe('localeDate')).exitCode).toBe(107);
  });

  it('formats toLocaleString() without grouping and runs Date on the virtual clock', async () => {
    const r = await probe('plainNumber');
    expect(r.exitCode).toBe(0);
    expect(r.logs.map((l) => l.message)).toEqual([
      'plainNumber -> 1234567.891',
      'after sleep: 1002000 1970-01-01T00:16:42.000Z',
    ]);
    expect(r.stdout).toBe('summary');
  });

  it('fails init (exit 107, no summary) on an import other than a k6 module', async () => {
    const r = await runK6Script(fixture('imports-lodash.js'));
    expect(r.exitCode).toBe(107);
    expect(r.data).toBeUndefined();
    expect(logText(r)).toContain('"lodash/chunk" couldn\'t be found');
  });
});

describe('lifecycle and exit codes', () => {
  const api = scriptedTransport([{ path: '/ok', reply: { status: 200, body: '{}' } }]);
  const run = (FAIL: string) =>
    runK6Script(fixture('lifecycle.js'), { transport: api, env: { FAIL } });
  const messages = (r: RunResult) => r.logs.map((l) => l.message.split('\n')[0] ?? '');

  it('runs init per VU, setup, iterations with setup data, teardown, handleSummary: exit 0', async () => {
    const r = await run('');
    expect(r.exitCode).toBe(0);
    expect(messages(r)).toEqual([
      'setup',
      'iteration vu=1 iter=0 token=from-setup',
      'iteration vu=2 iter=0 token=from-setup',
      'iteration vu=1 iter=1 token=from-setup',
      'iteration vu=2 iter=1 token=from-setup',
      'iteration vu=1 iter=2 token=from-setup',
      'iteration vu=2 iter=2 token=from-setup',
      'teardown token=from-setup status=200',
    ]);
    expect(r.outputs).toEqual({
      stdout: 'summary setup_data={"token":"from-setup","vus":2}',
      'out/summary.json': '{}',
    });
    expect(r.requests).toHaveLength(8);
    expect(summary(r).state.testRunDurationMs).toBe(1 + 3 * 1001 + 1);
  });

  it('runs the init code as k6 does: for the options, per VU, and afresh for setup, teardown and handleSummary', async () => {
    const r = await runK6Script(fixture('init-runs.js'));
    expect(r.exitCode).toBe(0);
    // Measured with k6 1.3.0 and 2.2.0 (docs/k6-runtime.md): module state does not carry over.
    expect(messages(r)).toEqual([
      'init __VU=0',
      'init __VU=1',
      'init __VU=2',
      'init __VU=0',
      'init __VU=0',
      'teardown: as init left it',
      'init __VU=0',
      'handleSummary: as init left it',
    ]);
  });

  it('exits 107 when init throws, without setup or summary', async () => {
    const r = await run('init');
    expect([r.exitCode, r.data, r.requests.length]).toEqual([107, undefined, 0]);
  });

  it('exits 107 when setup throws: handleSummary runs, teardown does not', async () => {
    const r = await run('setup');
    expect(r.exitCode).toBe(107);
    expect(messages(r)).toEqual(['setup', 'Error: setup failed on purpose']);
    expect(r.stdout).toBe('summary setup_data=undefined');
  });

  it('exits 108 when setup aborts: handleSummary runs, teardown does not', async () => {
    const r = await run('setup-abort');
    expect(r.exitCode).toBe(108);
    expect(messages(r)).toEqual(['setup', 'test aborted: setup aborted on purpose']);
    expect(r.stdout).toContain('summary');
  });

  it('exits 108 on exec.test.abort() in an iteration, still running teardown and summary', async () => {
    const r = await run('iteration');
    expect(r.exitCode).toBe(108);
    expect(messages(r).slice(-2)).toEqual([
      'test aborted: stop now',
      'teardown token=from-setup status=200',
    ]);
    expect(r.stdout).toContain('summary');
  });

  it('logs iteration errors and goes on (exit 0); a crossed threshold exits 99', async () => {
    const errors = await run('error');
    expect(errors.exitCode).toBe(0);
    expect(messages(errors).filter((m) => m.startsWith('Error: iteration error'))).toHaveLength(6);
    const refused = await run('http');
    expect(refused.exitCode).toBe(99);
    const metrics = summary(refused).metrics;
    expect(metrics.http_req_failed?.thresholds).toEqual({ 'rate<0.5': { ok: false } });
  });
});

describe('virtual time', () => {
  it('runs an async default function with timers for 60 s of virtual time', async () => {
    const api = scriptedTransport([{ path: '/ok', reply: { status: 200, body: '{}' } }]);
    const r = await runK6Script(fixture('async-timers.js'), { transport: api });
    expect(r.exitCode).toBe(0);
    const metrics = summary(r).metrics;
    // Each iteration takes 1 + 2500 + 500 ms: 20 start before 60 s per VU, the last is cut off.
    expect(metrics.iterations?.values.count).toBe(38);
    expect(metrics.iteration_duration?.values.max).toBe(3001);
    expect(r.requests).toHaveLength(40);
    expect(summary(r).state.testRunDurationMs).toBe(60_000);
  });
});

describe('threshold configuration', () => {
  it.each([
    ['unknown_metric', 'count>0'],
    ['latency', 'count>0'],
    ['latency', 'p95<500'],
  ])('rejects %s: %s before setup with exit 104', async (KEY, RULE) => {
    const r = await runK6Script(fixture('bad-threshold.js'), { env: { KEY, RULE } });
    expect(r.exitCode).toBe(104);
    expect(logText(r)).not.toContain('setup ran');
  });
});
