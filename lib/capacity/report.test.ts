import { describe, expect, it } from 'vitest';
import { figureCellsOf, figureMismatches } from '../../test/report/html-figures';
import type { SummaryData, SummaryMetric } from '../summary-data';
import { parseCapacityConfig, publicCapacityConfig } from './config';
import { capacityGates } from './gates';
import { buildCapacityFigures, type CapacityRunInfo } from './report';
import { renderCapacitySummaryFiles } from './summary-files';

const DEFAULT_CAPACITY = parseCapacityConfig({ PASSWORD: 'pw' });

const gates = capacityGates(
  { cw_latency: ['p(95)<500'], cw_errors: ['rate<0.01'] },
  DEFAULT_CAPACITY,
);

function run(env: Record<string, string>): CapacityRunInfo {
  const config = parseCapacityConfig({
    PASSWORD: 'secret-pw',
    BASE_URL: 'http://user:pw@cw.example:8000',
    START_USERS: '10',
    STEP_USERS: '10',
    MAX_USERS: '30',
    ROOMS: '1',
    POLL_INTERVAL: '1s',
    STEP_DURATION: '10s',
    SCALE_USERS: '50,100',
    ...env,
  });
  return { config: publicCapacityConfig(config), gates, roomIds: [7] };
}

interface StepSpec {
  requests: number;
  med: number;
  p95: number;
  p99: number;
  errors: number;
  rateLimited: number;
  lagP95: number;
  bytes: number;
}

const counter = (count: number): SummaryMetric => ({
  type: 'counter',
  contains: 'default',
  values: { count, rate: 0 },
});
const trend = (values: Record<string, number>): SummaryMetric => ({
  type: 'trend',
  contains: 'time',
  values,
});

function data(
  steps: StepSpec[],
  durationMs: number,
  extra: Record<string, SummaryMetric> = {},
): SummaryData {
  const metrics: Record<string, SummaryMetric> = { ...extra };
  steps.forEach((s, i) => {
    const tag = `{scenario:step_${i + 1}}`;
    metrics[`cw_requests${tag}`] = counter(s.requests);
    metrics[`cw_latency${tag}`] = trend({ med: s.med, 'p(95)': s.p95, 'p(99)': s.p99 });
    metrics[`cw_errors${tag}`] = {
      type: 'rate',
      contains: 'default',
      values: {
        rate: s.requests > 0 ? s.errors / s.requests : 0,
        passes: s.errors,
        fails: s.requests - s.errors,
      },
    };
    metrics[`cw_rate_limited${tag}`] = counter(s.rateLimited);
    metrics[`cw_schedule_lag${tag}`] = trend({ med: 1, 'p(95)': s.lagP95, 'p(99)': s.lagP95 });
    metrics[`cw_bytes_received${tag}`] = counter(s.bytes);
  });
  return {
    metrics,
    options: { summaryTrendStats: ['med', 'p(95)', 'p(99)'] },
    state: { testRunDurationMs: durationMs },
  };
}

const good = (users: number): StepSpec => ({
  requests: users * 20,
  med: 20,
  p95: 40,
  p99: 80,
  errors: 0,
  rateLimited: 0,
  lagP95: 3,
  bytes: users * 20 * 150,
});

describe('capacity report', () => {
  it('renders the steps, the knee and the peak for a known run', () => {
    const summary = data(
      [good(10), good(20), { ...good(30), med: 300, p95: 612.4, p99: 700 }],
      31_000,
      {
        'cw_requests{endpoint:poll}': counter(600),
        'cw_bytes_received{endpoint:poll}': counter(600 * 200),
        'cw_requests{endpoint:agents}': counter(600),
        'cw_bytes_received{endpoint:agents}': counter(600 * 100),
      },
    );
    const files = renderCapacitySummaryFiles(summary, run({ PEAK_USERS: '20' }));
    expect(
      files.stdout,
    ).toBe(`================================================================================
CAPACITY TEST RESULTS
================================================================================

Test Configuration:
  Steps:              10 -> 30 users (+10 per step), 10 s each
  Rooms:              1 per user (shared; 1 test room), polled every 1.00 s
  Gates (thresholds.json): cw_latency p(95)<500, cw_errors rate<0.01
  Generator gate:     achieved >= 97% of plan and schedule lag p95 <= 10% of POLL_INTERVAL
  429s:               ignored (RATE_LIMITS=ignore): a per-IP limit is not server capacity
  STOP_ON_FAIL:       true (the run stops after the first failing step; k6 exits 99 then)

Steps:
   Step   Users   Plan/s    Got/s   p50 ms   p95 ms   p99 ms  Err %  429 %  Lag p95  Down kbps  Verdict
      1      10     20.0     20.0     20.0     40.0     80.0   0.00   0.00        3       24.0  pass
      2      20     40.0     40.0     20.0     40.0     80.0   0.00   0.00        3       48.0  pass
      3      30     60.0     60.0    300.0    612.4    700.0   0.00   0.00        3       72.0  FAIL: p(95)=612.40 ms (gate p(95)<500)

Knee: holds 20 users x 1 room; fails at 30 (p(95)=612.40 ms (gate p(95)<500))
Peak: PEAK_USERS 20 + 20 % = 24 users: did NOT hold (fails at 30 users: p(95)=612.40 ms (gate p(95)<500))

Scaling Estimates (linear extrapolation of this run, not a measurement):
  Per user: 2.00 req/s (1 room x 2 / 1.00 s); measured mean response: 200 bytes (poll), 100 bytes (agents)
      Users      req/s   Down kbps    MB/hour      MB/day  poll/min/path  agents/min/path
         50     100.00      120.00      51.50    1,235.96        3,000 !          3,000 !
        100     200.00      240.00     103.00    2,471.92        6,000 !          6,000 !
  req/s = users x ROOMS x 2 / POLL_INTERVAL; kbps = req/s x measured response size; MB = 1024 x 1024 bytes.
  Per-path limits per client IP: poll 60/min, agents 120/min; "!" marks a path over its limit.

Thresholds: none (no step decides the exit code)
================================================================================
Summary files: summary.json, capacity.html and junit.xml in the working directory
`);
    const json = JSON.parse(files['summary.json'] ?? '');
    expect(json.schema).toBe('claudeworld-loadtest/capacity-summary');
    expect(json.knee.holdsUsers).toBe(20);
    expect(json.peak).toMatchObject({ peakUsers: 20, targetUsers: 24, held: false });
    expect(json.config.baseUrl).toBe('http://cw.example:8000');
    expect(files['summary.json']).not.toContain('secret-pw');
    expect(files['junit.xml']).toContain(
      '<failure message="FAIL: p(95)=612.40 ms (gate p(95)&lt;500)"',
    );
    expect(files['junit.xml']).toContain('name="peak 20 + 20 % = 24 users"');
  });

  it('says when the knee is above MAX_USERS and the peak held', () => {
    const f = buildCapacityFigures(
      data([good(10), good(20), good(30)], 31_000),
      run({ PEAK_USERS: '20' }),
    );
    expect(f.knee.text).toBe(
      'holds 30 users x 1 room; every step passed, so the knee is above MAX_USERS (30)',
    );
    expect(f.peak?.text).toBe('PEAK_USERS 20 + 20 % = 24 users: held');
  });

  it('marks a generator-limited step and the steps after a stop', () => {
    const behind = { ...good(20), requests: 300, lagP95: 400 };
    const f = buildCapacityFigures(
      data([good(10), behind, { ...good(30), requests: 0 }], 21_000),
      run({}),
    );
    expect(f.steps.map((s) => s.verdict)).toEqual(['pass', 'generator-limited', 'not-run']);
    expect(f.knee.text).toBe(
      'holds 10 users x 1 room; generator-limited at 20 (achieved 75.0% of plan (< 97%); schedule lag p95 400.00 ms (> 100 ms, 10% of POLL_INTERVAL)): the load generator fell behind, not the server; give k6 more CPU or machines and run again',
    );
  });

  it('fails already at the first step when it does not hold', () => {
    const f = buildCapacityFigures(
      data([{ ...good(10), errors: 50 }, good(20), good(30)], 31_000),
      run({ STOP_ON_FAIL: 'false' }),
    );
    expect(f.knee.text).toBe('fails already at 10 (error rate 25.00% (gate rate<0.01))');
    expect(f.steps.map((s) => s.verdict)).toEqual(['fail', 'pass', 'pass']);
  });

  describe('a run that stopped early', () => {
    /** When teardown says the load stopped, ms from the end of setup. */
    const loadStop = (ms: number): Record<string, SummaryMetric> => ({
      cw_load_stop: { type: 'gauge', contains: 'time', values: { value: ms, min: ms, max: ms } },
    });
    /** `metric`'s threshold as k6 judged it. */
    const judged = (metric: SummaryMetric | undefined, expression: string, ok: boolean) =>
      metric === undefined ? undefined : { ...metric, thresholds: { [expression]: { ok } } };

    it('interrupted in step 2 of 3: named first, step 2 not judged on its part, step 3 not run', () => {
      const summary = data(
        [good(10), { ...good(20), requests: 100 }, { ...good(30), requests: 0 }],
        16_000,
        loadStop(15_000),
      );
      const metrics = summary.metrics as Record<string, SummaryMetric | undefined>;
      metrics['cw_requests{scenario:step_3}'] = judged(
        metrics['cw_requests{scenario:step_3}'],
        'count>0',
        false,
      );
      metrics['cw_requests{scenario:step_1}'] = judged(
        metrics['cw_requests{scenario:step_1}'],
        'count>0',
        true,
      );
      const f = buildCapacityFigures(summary, run({}));
      expect(f.status).toMatchObject({
        end: 'interrupted',
        stoppedAtMs: 15_000,
        plannedLoadMs: 30_000,
      });
      expect(f.steps.map((s) => s.verdict)).toEqual(['pass', 'not-run', 'not-run']);
      expect(f.steps.map((s) => s.stoppedBy)).toEqual([null, 'interrupted', 'interrupted']);
      expect(f.knee.text).toBe('holds 10 users x 1 room; the run ended before 20 users');
      expect(f.thresholds.map((t) => [t.metric, t.outcome, t.step])).toEqual([
        ['cw_requests{scenario:step_1}', 'pass', 1],
        ['cw_requests{scenario:step_3}', 'not-run', 3],
      ]);
      const text = renderCapacitySummaryFiles(summary, run({}));
      const body = (text.stdout ?? '').split('\n').slice(4, 7);
      expect(body).toEqual([
        '❌ INTERRUPTED at 15 s of 30 s (Ctrl-C or a signal): the run did not finish.',
        '    1 step of 3 ran to its end; step 2 (20 users) was cut short and is not judged; the knee below covers only the steps that ran.',
        '',
      ]);
      expect(text.stdout).toContain('stopped part-way (the run was interrupted): not judged');
      expect(text.stdout).toContain(
        'Thresholds (1 on the gated steps that ran; k6 exits 99 if any failed): all passed; 1 threshold of step 3 not run (not counted)',
      );
      expect(text.stdout).not.toContain('FAIL  cw_requests');
      expect(text['junit.xml']).toContain(
        '<failure message="interrupted at 15 s of 30 s; 1 of 3 steps ran to their end" type="interrupted">',
      );
      expect(text['junit.xml']).toContain('<skipped message="not run"/>');
      const html = text['capacity.html'] ?? '';
      const banner =
        '<p class="banner bad">Interrupted at 15 s of 30 s (Ctrl-C or a signal): the run did not finish. 1 step of 3 ran to its end; step 2 (20 users) was cut short and is not judged; the knee below covers only the steps that ran. Knee: holds 10 users x 1 room; the run ended before 20 users.</p>';
      expect(html).toContain(banner);
      expect(html.indexOf(banner)).toBeLessThan(html.indexOf('<section'));
      expect(html).toContain('<td>NOT RUN (not counted)</td>');
    });

    it('stopped by STOP_ON_FAIL after the failing step: the planned end, not an interruption', () => {
      const slow = { ...good(20), med: 300, p95: 612.4, p99: 700 };
      const summary = data(
        [good(10), slow, { ...good(30), requests: 60 }],
        23_000,
        loadStop(22_000),
      );
      const metrics = summary.metrics as Record<string, SummaryMetric | undefined>;
      metrics['cw_latency{scenario:step_2}'] = judged(
        metrics['cw_latency{scenario:step_2}'],
        'p(95)<500',
        false,
      );
      const f = buildCapacityFigures(summary, run({}));
      expect(f.status.end).toBe('completed');
      expect(f.steps.map((s) => s.verdict)).toEqual(['pass', 'fail', 'not-run']);
      expect(f.steps.map((s) => s.stoppedBy)).toEqual([null, null, 'stop-on-fail']);
      const files = renderCapacitySummaryFiles(summary, run({}));
      expect(files.stdout).not.toContain('INTERRUPTED');
      expect(files.stdout).toContain('stopped (partial: the run stopped after a failing step)');
      expect(files['junit.xml']).toContain(
        '<testcase classname="capacity.run" name="the run completed as planned" time="0"/>',
      );
    });

    it('a Ctrl-C that cut a step whose part crossed its gate is still an interruption', () => {
      const slow = { ...good(20), requests: 100, med: 300, p95: 612.4, p99: 700 };
      const summary = data(
        [good(10), slow, { ...good(30), requests: 0 }],
        16_000,
        loadStop(15_000),
      );
      const metrics = summary.metrics as Record<string, SummaryMetric | undefined>;
      metrics['cw_latency{scenario:step_2}'] = judged(
        metrics['cw_latency{scenario:step_2}'],
        'p(95)<500',
        false,
      );
      const f = buildCapacityFigures(summary, run({}));
      expect(f.status.end).toBe('interrupted');
      expect(f.steps.map((s) => s.verdict)).toEqual(['pass', 'not-run', 'not-run']);
      expect(renderCapacitySummaryFiles(summary, run({})).stdout).toContain(
        '  FAIL  cw_latency{scenario:step_2}  p(95)<500 (step 2 stopped part-way)',
      );
    });

    it('setup failed: the cause first, no step ran, thresholds not evaluated', () => {
      const cause = 'login failed: wrong PASSWORD (401 from /auth/login)';
      const summary = {
        ...data(
          [
            { ...good(10), requests: 0 },
            { ...good(20), requests: 0 },
            { ...good(30), requests: 0 },
          ],
          300,
        ),
        root_group: {
          name: '',
          path: '',
          id: 'r',
          groups: [],
          checks: [{ name: `setup failed: ${cause}`, path: '', id: 'c', passes: 0, fails: 1 }],
        },
      };
      const files = renderCapacitySummaryFiles(summary, { ...run({}), roomIds: undefined });
      expect((files.stdout ?? '').split('\n').slice(4, 7)).toEqual([
        `❌ SETUP FAILED: ${cause}`,
        '    No load was sent: no step ran, and setup deleted any test room it had created.',
        '    The thresholds were not evaluated.',
      ]);
      expect(files.stdout).toContain('Thresholds: not evaluated (setup failed: no step ran)');
      const json = JSON.parse(files['summary.json'] ?? '');
      expect(json.status.end).toBe('setup-failed');
      expect(json.steps.map((s: { stoppedBy: string }) => s.stoppedBy)).toEqual([
        'setup-failed',
        'setup-failed',
        'setup-failed',
      ]);
      expect(files['junit.xml']).toContain(
        `<failure message="setup failed: ${cause}; no load was sent"`,
      );
      expect(files['capacity.html']).toContain(
        `<p class="banner bad">Setup failed: ${cause}. No load was sent: no step ran, and setup deleted any test room it had created. The thresholds were not evaluated.</p>`,
      );
    });
  });

  describe('capacity.html', () => {
    const summary = () =>
      data([good(10), good(20), { ...good(30), med: 300, p95: 612.4, p99: 700 }], 31_000);
    const files = () => {
      const f = renderCapacitySummaryFiles(summary(), {
        ...run({ PEAK_USERS: '20' }),
        endedAtMs: Date.UTC(2026, 0, 1, 0, 0, 31),
        k6Version: '1.3.0',
      });
      return { html: f['capacity.html'] ?? '', json: JSON.parse(f['summary.json'] ?? '{}') };
    };

    it("shows summary.json's numbers, self-contained", () => {
      const { html, json } = files();
      const cells = figureCellsOf(html);
      expect(cells.length).toBeGreaterThan(30);
      expect(figureMismatches(cells, json)).toEqual([]);
      expect(html).not.toMatch(/<script|<link|src=|url\(|NaN|undefined/);
      expect(html.match(/href="[^#][^"]*"/g)).toBeNull();
      for (const [, id] of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
    });

    it('opens with the knee and each step that failed, with its reasons and the gate', () => {
      const { html } = files();
      expect(html).toContain('<dt>Started</dt><dd>2026-01-01 00:00:00 UTC</dd>');
      expect(html).toContain('<dt>k6 version</dt><dd>1.3.0</dd>');
      expect(html).toContain(
        '<p class="banner bad">Knee: holds 20 users x 1 room; fails at 30 (p(95)=612.40 ms (gate p(95)&lt;500)). Peak: PEAK_USERS 20 + 20 % = 24 users: did NOT hold',
      );
      expect(html).toContain(
        '<tr><th><a href="#chart-step-latency">Step 3 (30 users): FAIL</a></th><td>p(95)=612.40 ms (gate p(95)&lt;500)</td><td>cw_latency p(95)&lt;500, cw_errors rate&lt;0.01</td></tr>',
      );
    });

    it('draws the steps against the gates with the knee marked, and latency over the run', () => {
      const { html } = files();
      expect(html).toContain(
        '<desc id="chart-step-latency-desc">Step 1: 10 users: 40.0 ms (pass); Step 2: 20 users: 40.0 ms (pass); Step 3: 30 users (knee): 612.4 ms (fail); gate p(95) &lt;: 500.00</desc>',
      );
      expect(html).toContain(
        '<desc id="chart-time-latency-desc">p50: 3 slices, from 20.0 ms to 300.0 ms;',
      );
      expect(html).toMatch(/<text class="marker bad"[^>]*>knee: 30 users<\/text>/);
      for (const id of ['chart-step-errors', 'chart-step-plan', 'chart-time-errors']) {
        expect(html).toContain(`<svg id="${id}"`);
      }
    });
  });
});
