import { describe, expect, it } from 'vitest';
import { parseCapacityConfig } from './config';
import { capacityGates, lagExpression } from './gates';
import { judgeStep, type StepMeasurement } from './judge';

const DEFAULT_CAPACITY = parseCapacityConfig({ PASSWORD: 'pw' });

const gates = capacityGates(
  { cw_latency: ['p(95)<500'], cw_errors: ['rate<0.01'] },
  DEFAULT_CAPACITY,
);
const plan = { plannedRequests: 1000, pollIntervalMs: 4000 };
const healthy: StepMeasurement = {
  requests: 1000,
  latency: { med: 20, 'p(95)': 40, 'p(99)': 60 },
  errorRate: 0,
  rateLimited: 0,
  lagP95Ms: 5,
};

describe('lagExpression', () => {
  it('is the lag bound of the generator rule, 10 % of POLL_INTERVAL, as a k6 threshold', () => {
    expect(lagExpression(4000)).toBe('p(95)<=400');
    expect(lagExpression(1500)).toBe('p(95)<=150');
  });
});

describe('judgeStep', () => {
  it('passes a healthy step', () => {
    expect(judgeStep(gates, healthy, plan, 'ignore', true)).toEqual({
      verdict: 'pass',
      serverReasons: [],
      generatorReasons: [],
    });
  });

  it('fails on latency or errors, naming the value and the gate', () => {
    const slow = { ...healthy, latency: { ...healthy.latency, 'p(95)': 612 } };
    expect(judgeStep(gates, slow, plan, 'ignore', true)).toMatchObject({
      verdict: 'fail',
      serverReasons: ['p(95)=612.00 ms (gate p(95)<500)'],
    });
    const failing = { ...healthy, errorRate: 0.05 };
    expect(judgeStep(gates, failing, plan, 'ignore', true).serverReasons).toEqual([
      'error rate 5.00% (gate rate<0.01)',
    ]);
  });

  it('counts 429s only with RATE_LIMITS=count, as a share of the planned requests', () => {
    const limited = { ...healthy, rateLimited: 400 };
    expect(judgeStep(gates, limited, plan, 'ignore', true).verdict).toBe('pass');
    expect(judgeStep(gates, limited, plan, 'count', true)).toMatchObject({
      verdict: 'fail',
      serverReasons: ['429s 40.00% of planned requests (gate rate<0.01)'],
    });
  });

  it('marks a step whose generator fell behind as generator-limited, not a server failure', () => {
    const behind = { ...healthy, requests: 900, lagP95Ms: 900 };
    expect(judgeStep(gates, behind, plan, 'ignore', true)).toEqual({
      verdict: 'generator-limited',
      serverReasons: [],
      generatorReasons: [
        'achieved 90.0% of plan (< 97%)',
        'schedule lag p95 900.00 ms (> 400 ms, 10% of POLL_INTERVAL)',
      ],
    });
    // Lag beyond what the answers' latency explains: still the generator's.
    const both = { ...behind, latency: { 'p(95)': 700 } };
    expect(judgeStep(gates, both, plan, 'ignore', true).verdict).toBe('generator-limited');
  });

  it('blames the server when its slow answers explain the lag', () => {
    const saturated = { ...healthy, latency: { 'p(95)': 1500 }, lagP95Ms: 800 };
    expect(judgeStep(gates, saturated, plan, 'ignore', true)).toMatchObject({
      verdict: 'fail',
      serverReasons: ['p(95)=1500.00 ms (gate p(95)<500)'],
    });
    // A VU waits for its batch's slowest answer: p(99) as slow as the lag explains it.
    const batched = {
      ...healthy,
      requests: 850,
      latency: { 'p(95)': 640, 'p(99)': 910 },
      lagP95Ms: 880,
    };
    expect(judgeStep(gates, batched, plan, 'ignore', true).verdict).toBe('fail');
    // Deep overload: answers beyond the VUs' 1 s headroom pile the lag up past the latency.
    const overloaded = { ...healthy, requests: 650, latency: { 'p(95)': 3218 }, lagP95Ms: 3576 };
    expect(judgeStep(gates, overloaded, plan, 'ignore', true).verdict).toBe('fail');
  });

  it('fails a step without requests, and does not judge one the run did not reach', () => {
    const empty = { ...healthy, requests: 0, latency: {}, errorRate: null, lagP95Ms: null };
    expect(judgeStep(gates, empty, plan, 'ignore', true)).toMatchObject({
      verdict: 'fail',
      serverReasons: ['no requests were made'],
    });
    expect(judgeStep(gates, empty, plan, 'ignore', false).verdict).toBe('not-run');
  });
});

describe('capacityGates', () => {
  it('takes cw_latency and cw_errors from thresholds.json and refuses a file without them', () => {
    expect(
      capacityGates(
        { cw_latency: [{ threshold: 'p(99)<900' }], cw_requests: ['count>0'] },
        DEFAULT_CAPACITY,
      ),
    ).toEqual({ latency: ['p(99)<900'], errors: [] });
    expect(() => capacityGates({ cw_requests: ['count>0'] }, DEFAULT_CAPACITY)).toThrow(
      /^thresholds.json: the capacity test judges each step by its cw_latency and cw_errors gates/,
    );
  });
});
