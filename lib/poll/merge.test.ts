import { describe, expect, it } from 'vitest';
import { percentile } from '../../sandbox/metric-values';
import {
  FAST,
  type InstanceSpec,
  instanceSummary,
  SLOW,
  spread,
} from '../../test/known-runs/merge-instances';
import { SINGLE_INSTANCE } from '../distributed';
import { quantileAt } from '../quantiles';
import { parseThresholds } from '../thresholds';
import { type MergeInput, mergePollSummaries } from './merge';
import { renderMergeHeader } from './merge-text';
import { GATEABLE_METRICS } from './options';
import { POLL_SUMMARY_SCHEMA, POLL_SUMMARY_VERSION, type PollSummaryJson } from './summary-schema';

const GATES = parseThresholds(
  'thresholds.json',
  {
    cw_requests: ['count>0'],
    cw_latency: ['p(95)<100'],
    cw_rate_limited: ['count==0'],
    'cw_latency{endpoint:poll}': ['p(99)<1000'],
    http_req_duration: ['p(95)<500'],
  },
  GATEABLE_METRICS,
);

function inputs(...specs: InstanceSpec[]): MergeInput[] {
  return specs.map((s, i) => ({ file: `s${i}.json`, summary: instanceSummary(s) }));
}

function merge(...specs: InstanceSpec[]) {
  return mergePollSummaries(inputs(...specs), GATES, 'out');
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
    expect(figures.config.users).toBe(2);
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
      'http_req_duration p(95)<500': [true, 'p(95)=n/a'],
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

  it('takes the instances outcome for a metric the summaries do not carry, and says so', () => {
    const result = merge(FAST, { ...SLOW, httpReqDurationPassed: false });
    expect(result.figures.thresholds.find((t) => t.metric === 'http_req_duration')?.passed).toBe(
      false,
    );
    expect(result.warnings).toContain(
      'Warning: threshold http_req_duration p(95)<500 cannot be evaluated on merged data (the summaries do not carry http_req_duration); failed in s1.json',
    );
  });

  it('lists the instances with segment, source address and requests', () => {
    const result = merge(FAST, SLOW);
    expect(renderMergeHeader(result)).toBe(
      [
        'Merged run run7: 2 instance(s), segments cover 100% of the test',
        '  segment  source address  requests  thresholds  file',
        '  0:1/2    127.0.0.2       20        passed      s0.json',
        '  1/2:1    127.0.0.3       20        failed      s1.json',
        'Warning: threshold http_req_duration p(95)<500 cannot be evaluated on merged data (the summaries do not carry http_req_duration); every instance passed it',
        '',
        '',
      ].join('\n'),
    );
  });

  it('warns when the segments do not cover the whole test', () => {
    const result = merge(SLOW);
    expect(result.coverage).toBe(0.5);
    expect(result.warnings).toContain(
      'Warning: segments cover 50% of the test (1/2:1): the figures are of that part only',
    );
  });

  it('judges the rate limits per source address', () => {
    // 40 requests/min per path from each of two addresses: under the limit of 60.
    const many = (n: number) => spread(n, 2, 8);
    const a = { ...FAST, users: 8, poll: many(13), agents: many(13) };
    const b = { ...SLOW, users: 8, poll: many(13), agents: many(13) };
    const { figures } = merge(a, b);
    expect(figures.rateLimits[0]).toMatchObject({
      plannedPerPathPerMinute: 60,
      achievedBusiestPerMinute: 39,
      achievedMeanPerMinute: 39,
      overLimit: false,
    });
  });

  it('refuses summaries that do not belong together, naming the file', () => {
    expect(() => merge(FAST, { ...SLOW, runId: 'other' })).toThrow(
      's1.json: RUN_ID "other", but s0.json has "run7": only the instances of one run merge',
    );
    expect(() => merge(FAST, { ...SLOW, users: 3 })).toThrow(
      's1.json: another configuration than s0.json (users 3 vs 2)',
    );
    expect(() => merge(FAST, FAST)).toThrow(
      "s1.json: the same segment (0:1/2) as s0.json: each instance's summary once",
    );
    const merged = merge(FAST, SLOW).figures;
    const again = {
      file: 'm.json',
      summary: {
        ...merged,
        schema: POLL_SUMMARY_SCHEMA,
        version: POLL_SUMMARY_VERSION,
      } as PollSummaryJson,
    };
    expect(() => mergePollSummaries([again], GATES, '')).toThrow(
      "m.json: a merged summary already; merge the instances' files",
    );
    const old = { ...instanceSummary(FAST), instance: undefined } as unknown as PollSummaryJson;
    expect(() => mergePollSummaries([{ file: 'old.json', summary: old }], GATES, '')).toThrow(
      /^old\.json: no "instance" field/,
    );
  });

  it('merges one single-instance summary as the whole test', () => {
    const single = { ...instanceSummary(FAST), instance: { ...SINGLE_INSTANCE, runId: 'r' } };
    const result = mergePollSummaries([{ file: 'a.json', summary: single }], GATES, '');
    expect([result.coverage, result.figures.requests.total]).toEqual([1, 20]);
  });
});
