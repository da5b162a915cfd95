import { describe, expect, it } from 'vitest';
import { parseCapacityConfig } from './config';
import { capacityGates } from './gates';
import { capacityOptions, gatedStepCount } from './options';
import { capacitySteps } from './steps';

const DEFAULT_CAPACITY = parseCapacityConfig({ PASSWORD: 'pw' });

const gates = capacityGates(
  { cw_latency: ['p(95)<500'], cw_errors: ['rate<0.01'] },
  DEFAULT_CAPACITY,
);
const parse = (env: Record<string, string>) =>
  parseCapacityConfig({
    PASSWORD: 'pw',
    START_USERS: '10',
    STEP_USERS: '10',
    MAX_USERS: '30',
    ROOMS: '1',
    POLL_INTERVAL: '1s',
    STEP_DURATION: '10s',
    ...env,
  });

describe('capacity steps as k6 scenarios', () => {
  it('runs one per-vu-iterations scenario per step, back to back', () => {
    const options = capacityOptions(parse({}), gates);
    expect(Object.keys(options.scenarios)).toEqual(['step_1', 'step_2', 'step_3']);
    expect(options.scenarios.step_2).toEqual({
      executor: 'per-vu-iterations',
      exec: 'pollStep',
      vus: 1,
      iterations: 1,
      maxDuration: '10s',
      startTime: '10s',
      gracefulStop: '10s',
    });
  });

  it('gives each step VUs for answers up to 1 s: its planned req/s over one batch a second, at most one per user', () => {
    const steps = capacitySteps(
      parse({
        START_USERS: '400',
        MAX_USERS: '400',
        ROOMS: '2',
        POLL_INTERVAL: '4s',
        STEP_DURATION: '8s',
      }),
    );
    // 400 users x 2 rooms x 2 / 4 s = 400 req/s; a VU carries 100 requests a second at 1 s.
    expect(steps.map((s) => s.vus)).toEqual([4]);
    const few = capacitySteps(
      parse({
        START_USERS: '3',
        MAX_USERS: '3',
        POLL_INTERVAL: '1s',
        ROOMS: '50',
        STEP_DURATION: '8s',
      }),
    );
    expect(few.map((s) => s.vus)).toEqual([3]);
  });

  it("keeps the README example's VUs few: 100 to 2,000 users, 20 steps", () => {
    const steps = capacitySteps(
      parse({
        START_USERS: '100',
        STEP_USERS: '100',
        MAX_USERS: '2000',
        ROOMS: '2',
        POLL_INTERVAL: '4s',
        STEP_DURATION: '2m',
      }),
    );
    expect(steps).toHaveLength(20);
    expect(steps.map((s) => s.vus)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
    ]);
  });

  it('adds the writer as its own scenario over the whole run', () => {
    const options = capacityOptions(parse({ MESSAGES_PER_MINUTE: '6' }), gates);
    expect(options.scenarios.writer).toMatchObject({
      executor: 'per-vu-iterations',
      exec: 'write',
      vus: 1,
      maxDuration: '30s',
    });
  });
});

describe('capacity thresholds', () => {
  it('with STOP_ON_FAIL, gates every step and aborts from the end of the failing one', () => {
    const options = capacityOptions(parse({}), gates);
    expect(options.thresholds['cw_latency{scenario:step_2}']).toEqual([
      { threshold: 'p(95)<500', abortOnFail: true, delayAbortEval: '22s' },
    ]);
    expect(options.thresholds['cw_schedule_lag{scenario:step_3}']).toEqual([
      { threshold: 'p(95)<=100', abortOnFail: true, delayAbortEval: '32s' },
    ]);
    expect(options.thresholds['cw_requests{scenario:step_1}']).toEqual(['count>0']);
    expect(options.thresholds['cw_bytes_received{scenario:step_1}']).toEqual([]);
    expect(options.thresholds['cw_bytes_received{endpoint:poll}']).toEqual([]);
    expect(options.thresholds.cw_send_requests).toEqual([]);
  });

  it('without STOP_ON_FAIL, gates only the steps up to PEAK_USERS x 1.2, without aborting', () => {
    const config = parse({ STOP_ON_FAIL: 'false', PEAK_USERS: '15' });
    expect(gatedStepCount(config, capacitySteps(config))).toBe(2);
    const { thresholds } = capacityOptions(config, gates);
    expect(thresholds['cw_latency{scenario:step_2}']).toEqual(['p(95)<500']);
    expect(thresholds['cw_latency{scenario:step_3}']).toEqual([]);
    const none = parse({ STOP_ON_FAIL: 'false' });
    expect(gatedStepCount(none, capacitySteps(none))).toBe(0);
  });

  it('with RATE_LIMITS=count, gates 429s by the error limit of the planned requests', () => {
    const { thresholds } = capacityOptions(
      parse({ RATE_LIMITS: 'count', STOP_ON_FAIL: 'false', PEAK_USERS: '8' }),
      gates,
    );
    // 10 users x 10 polls x 2 requests = 200 planned; 1 % of that.
    expect(thresholds['cw_rate_limited{scenario:step_1}']).toEqual(['count<2']);
  });
});
