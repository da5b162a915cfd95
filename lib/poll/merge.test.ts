import { describe, expect, it } from 'vitest';
import { percentile } from '../../sandbox/metric-values';
import {
  FAST,
  type InstanceSpec,
  instanceSummary,
  SLOW,
  spread,
} from '../../test/known-runs/merge-instances';
import {
  connectionErrorRun,
  healthyRun,
  rateLimitedRun,
  setupFailedRun,
} from '../../test/known-runs/poll-runs';
import { SINGLE_INSTANCE } from '../distributed';
import { quantileAt } from '../quantiles';
import { parseThresholds } from '../thresholds';
import { type MergeInput, mergePollSummaries } from './merge';
import { renderMergeHeader } from './merge-text';
import { anyPollRunCatalog } from './options';
import { pollSummary, pollSummaryOf } from './report';
import type { PollSummaryJson } from './summary-schema';

const GATES = parseThresholds(
  'thresholds.json',
  {
    cw_requests: ['count>0'],
    cw_latency: ['p(95)<100'],
    cw_rate_limited: ['count==0'],
    'cw_latency{endpoint:poll}': ['p(99)<1000'],
    http_req_duration: ['p(95)<500'],
  },
  anyPollRunCatalog(),
);

function inputs(...specs: InstanceSpec[]): MergeInput[] {
  return specs.map((s, i) => ({ file: `s${i}.json`, summary: instanceSummary(s) }));
}

function merge(...specs: InstanceSpec[]) {
  return mergePollSummaries(inputs(...specs), { gates: GATES, summaryDir: 'out' });
}

describe('mergePollSummaries', () => {
  it('adds up the counts of the instances', () => {
    const { figures } = merge(FAST, { ...SLOW, rateLimited: 2 });
    expect(figures.requests).toMatchObject({
      total: 40,
      successful: 38,
      rateLimited: 2,
      failed: 2,
    });
    expect(figures.endpoints.map((e) => [e.endpoint, e.requests, e.rateLimited])).toEqual([
      ['poll', 20, 2],
      ['agents', 20, 0],
    ]);
    expect(figures.endpoints[0]?.rooms).toEqual([
      { index: 0, roomId: 11, path: '/rooms/11/messages/poll', requests: 20, rateLimited: 2 },
    ]);
    expect(figures.k6Totals).toMatchObject({ httpRequests: 46, setupAndTeardownRequests: 6 });
    expect(figures.transfer).toEqual({ receivedBytes: 40_000, sentBytes: 20_000, source: 'k6' });
    expect(figures.config.users).toBe(4);
  });

  it('takes the percentiles of all samples, not the mean of the instances', () => {
    const { figures } = merge(FAST, SLOW);
    const all = [...FAST.poll, ...SLOW.poll].sort((a, b) => a - b);
    const poll = figures.endpoints[0]?.latencyDistribution;
    if (poll === null || poll === undefined) throw new Error('no merged distribution');
    for (const p of [50, 95, 99]) {
      const truth = percentile(all, p / 100);
      expect(Math.abs(quantileAt(poll, p) - truth) / truth).toBeLessThan(0.01);
    }
    expect(figures.endpoints[0]?.latency.p95Ms).toBeCloseTo(percentile(all, 0.95), 6);
  });

  it('evaluates thresholds.json again on the merged data', () => {
    const { figures } = merge(FAST, { ...SLOW, rateLimited: 1 });
    const outcome = Object.fromEntries(
      figures.thresholds.map((t) => [`${t.metric} ${t.expression}`, [t.passed, t.observed]]),
    );
    expect(outcome).toEqual({
      'cw_latency p(95)<100': [false, expect.stringMatching(/^p\(95\)=\d+\.\d\d ms$/)],
      'cw_latency{endpoint:poll} p(99)<1000': [true, expect.stringMatching(/^p\(99\)=/)],
      'cw_rate_limited count==0': [false, 'count=1'],
      'cw_requests count>0': [true, 'count=40'],
      'http_req_duration p(95)<500': [true, expect.stringMatching(/^p\(95\)=\d+\.\d\d ms$/)],
    });
    expect(figures.status.thresholdsPassed).toBe(false);
  });

  it('passes a threshold one instance failed when the merged data passes it', () => {
    // 2 slow responses of 40 fail p(95)<100 in their instance, not in the whole run.
    const fewSlow = { ...SLOW, poll: [...spread(9, 2, 8), 400], agents: [...spread(9, 2, 8), 400] };
    expect(instanceSummary(fewSlow).status.thresholdsPassed).toBe(false);
    const { figures } = merge(
      { ...FAST, poll: spread(30, 2, 8), agents: spread(30, 2, 8) },
      fewSlow,
    );
    expect(figures.thresholds.find((t) => t.metric === 'cw_latency')?.passed).toBe(true);
  });

  it("re-evaluates a gated k6 metric, which the summaries carry, on the instances' samples together", () => {
    // 3 slow of 40 fail p(95)<500 in their instance; 3 of 140 in the whole run do not.
    const a = { ...FAST, httpReqDuration: [...spread(37, 2, 8), 900, 900, 900] };
    const b = { ...SLOW, httpReqDuration: spread(100, 2, 8) };
    const solo = instanceSummary(a).thresholds.find((t) => t.metric === 'http_req_duration');
    expect(solo?.passed).toBe(false);
    const merged = merge(a, b).figures.thresholds.find((t) => t.metric === 'http_req_duration');
    expect(merged?.passed).toBe(true);
  });

  it('takes the instances outcome for a metric the summaries do not carry, and says so', () => {
    const gates = parseThresholds(
      'gates.json',
      { iteration_duration: ['p(95)<500'] },
      anyPollRunCatalog(),
    );
    const result = mergePollSummaries(inputs(FAST, SLOW), { gates, summaryDir: '' });
    expect(result.figures.thresholds).toEqual([
      {
        metric: 'iteration_duration',
        expression: 'p(95)<500',
        passed: true,
        outcome: 'pass',
        optional: false,
        observed: 'p(95)=n/a',
      },
    ]);
    expect(result.warnings).toEqual([
      'Warning: threshold iteration_duration p(95)<500 cannot be evaluated on merged data (the summaries do not carry iteration_duration); no instance failed it',
    ]);
  });

  it("evaluates the instances' own thresholds when no gates are given", () => {
    const result = mergePollSummaries(inputs(FAST, SLOW), { summaryDir: '' });
    expect(result.figures.thresholds.map((t) => `${t.metric} ${t.expression} ${t.passed}`)).toEqual(
      ['cw_latency p(95)<100 false', 'http_req_duration p(95)<500 true'],
    );
  });

  it('lists the instances with segment, source address, share and requests', () => {
    const result = merge(FAST, SLOW);
    expect(renderMergeHeader(result)).toBe(
      [
        'Merged run run7: 2 instance(s), segments cover 100% of the test',
        '  segment  source address  users  requests  of plan  thresholds  file',
        '  0:1/2    127.0.0.2       2      20 of 20  100.0%   passed      s0.json',
        '  1/2:1    127.0.0.3       2      20 of 20  100.0%   failed      s1.json',
        '',
        '',
      ].join('\n'),
    );
  });

  it('says which segment of the sequence has no summary, and which instance sent nothing', () => {
    const result = merge(SLOW);
    expect(result.figures.merged).toMatchObject({
      coverage: 0.5,
      missingSegments: ['0:1/2'],
      idleInstances: [],
    });
    const idle = merge(FAST, { ...SLOW, poll: [], agents: [] });
    expect(idle.figures.merged?.idleInstances).toEqual(['s1.json']);
    expect(renderMergeHeader(result)).toContain(
      'Incomplete run: no summary of segment 0:1/2 (its instance did not finish, or its file is not among those merged)',
    );
    expect(renderMergeHeader(idle)).toContain(
      'Incomplete run: s1.json (segment 1/2:1) sent no polling request',
    );
  });

  it('judges the rate limits per source address', () => {
    // 6 users, 3 per instance: 45 requests/min per path from each address, under the limit of
    // 60; the two together would be 90.
    const share = spread(15, 2, 8);
    const a = { ...FAST, users: 6, poll: share, agents: share };
    const b = { ...SLOW, users: 6, poll: share, agents: share };
    const { figures } = merge(a, b);
    expect(figures.rateLimits[0]).toMatchObject({
      plannedPerPathPerMinute: 45,
      plannedUsersPerPath: 3,
      achievedBusiestPerMinute: 45,
      achievedMeanPerMinute: 45,
      overLimit: false,
      finding: 'within-limit',
    });
    expect(figures.recommendations.map((r) => r.level)).toEqual(['ok', 'ok']);
    // The same two instances from one address add up: 90 a minute on one path.
    const shared = merge(a, { ...b, localIps: '127.0.0.2' }).figures.rateLimits[0];
    expect(shared).toMatchObject({ plannedPerPathPerMinute: 90, achievedBusiestPerMinute: 90 });
    expect(shared?.overLimit).toBe(true);
  });

  it('refuses summaries that do not belong together, naming the file', () => {
    expect(() => merge(FAST, { ...SLOW, runId: 'other' })).toThrow(
      's1.json: RUN_ID "other", but s0.json has "run7": only the instances of one run merge',
    );
    expect(() => merge(FAST, { ...SLOW, users: 3 })).toThrow(
      's1.json: config.users is 3, but s0.json has 4: only the instances of one run merge',
    );
    expect(() => merge(FAST, FAST)).toThrow(
      "s1.json: the same segment (0:1/2) as s0.json: each instance's summary once",
    );
    const merged = merge(FAST, SLOW);
    const again = { file: 'm.json', summary: pollSummary(merged.figures, merged.measured) };
    expect(() => mergePollSummaries([again], { summaryDir: '' })).toThrow(
      "m.json: a merged summary already; merge the instances' files",
    );
  });

  it('refuses a measured section it has no rule for, naming it', () => {
    const withStreams = instanceSummary(SLOW);
    const summary = {
      ...withStreams,
      measured: { ...withStreams.measured, streams: { opened: 4 } },
    } as PollSummaryJson;
    expect(() =>
      mergePollSummaries([...inputs(FAST), { file: 's1.json', summary }], { summaryDir: '' }),
    ).toThrow('s1.json: measured.streams has no merge rule (add one to its section');
  });

  it("gives back a single run's every figure from its summary.json alone", () => {
    // What the merge reads is what the report was computed from: nothing is lost on the way.
    for (const make of [healthyRun, rateLimitedRun, connectionErrorRun]) {
      const { data, run } = make();
      const summary = JSON.parse(JSON.stringify(pollSummaryOf(data, run))) as PollSummaryJson;
      const result = mergePollSummaries([{ file: 'a.json', summary }], {
        summaryDir: run.config.summaryDir,
      });
      const { schema: _s, version: _v, measured: _m, merged: _single, ...figures } = summary;
      const { merged, ...again } = result.figures;
      expect(again).toEqual(figures);
      expect(merged?.instances.map((i) => i.file)).toEqual(['a.json']);
    }
    // A run that sent nothing is not a whole test when merged: the merge says so first.
    const { data, run } = setupFailedRun();
    const failed = mergePollSummaries([{ file: 'a.json', summary: pollSummaryOf(data, run) }], {
      summaryDir: '',
    });
    expect(failed.figures.recommendations[0]?.text).toBe(
      'Incomplete run: a.json (segment whole test) sent no polling request',
    );
  });

  it('merges one single-instance summary as the whole test', () => {
    const fast = instanceSummary(FAST);
    const identity = { ...SINGLE_INSTANCE, runId: 'r' };
    const single = {
      ...fast,
      instance: identity,
      measured: {
        ...fast.measured,
        instances: fast.measured.instances.map((i) => ({ ...i, ...identity })),
      },
    };
    const result = mergePollSummaries([{ file: 'a.json', summary: single }], { summaryDir: '' });
    expect([result.figures.merged?.coverage, result.figures.requests.total]).toEqual([1, 20]);
    expect(result.figures.merged?.missingSegments).toEqual([]);
  });
});
