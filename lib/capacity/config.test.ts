import { describe, expect, it } from 'vitest';
import { parseCapacityConfig, stepCount, stepUserCounts } from './config';

const parse = (env: Record<string, string>) => parseCapacityConfig({ PASSWORD: 'pw', ...env });

describe('parseCapacityConfig', () => {
  it('has defaults: 10 users, +10 per 60 s step up to 100, 2 shared rooms, 429s ignored', () => {
    const c = parse({});
    expect(c).toMatchObject({
      startUsers: 10,
      stepUsers: 10,
      stepFactor: undefined,
      stepDurationMs: 60_000,
      maxUsers: 100,
      peakUsers: undefined,
      rooms: 2,
      roomMode: 'shared',
      pollIntervalMs: 4000,
      rateLimits: 'ignore',
      stopOnFail: true,
      live: { messagesPerMinute: 0, messageBytes: 200 },
      scaleUsers: [50, 100, 500, 1000],
    });
    expect(stepUserCounts(c)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  });

  it('steps by a factor, rounding up, and always ends at MAX_USERS', () => {
    const c = parse({ START_USERS: '100', STEP_FACTOR: '1.5', MAX_USERS: '1000' });
    expect(stepUserCounts(c)).toEqual([100, 150, 225, 338, 507, 761, 1000]);
    expect(stepUserCounts(parse({ START_USERS: '5', STEP_USERS: '10', MAX_USERS: '5' }))).toEqual([
      5,
    ]);
  });

  it('counts steps as it lists them', () => {
    const runs: Record<string, string>[] = [
      { START_USERS: '3', STEP_USERS: '7', MAX_USERS: '40' },
      { START_USERS: '3', STEP_USERS: '7', MAX_USERS: '38' },
      { START_USERS: '7', STEP_FACTOR: '1.3', MAX_USERS: '500' },
    ];
    for (const env of runs) {
      const c = parse(env);
      expect(stepCount(c)).toBe(stepUserCounts(c).length);
    }
  });

  it('goes up to PEAK_USERS x 1.2 by default when PEAK_USERS is given', () => {
    const c = parse({ PEAK_USERS: '1500', START_USERS: '600', STEP_USERS: '600' });
    expect(c.maxUsers).toBe(1800);
    expect(stepUserCounts(c)).toEqual([600, 1200, 1800]);
  });

  it.each([
    [{ STEP_USERS: '0' }, /^STEP_USERS: got "0"; expected a whole number from 1/],
    [
      { START_USERS: '50', MAX_USERS: '20' },
      /^MAX_USERS: got "20"; expected at least START_USERS \(50\)$/,
    ],
    [
      { STEP_DURATION: '7s' },
      /^STEP_DURATION: got "7s"; expected at least two poll intervals \(8s/,
    ],
    [{ POLL_INTERVAL: '10s', STEP_DURATION: '15s' }, /^STEP_DURATION: got "15s"/],
    [
      { MESSAGE_BYTES: '2000000' },
      /^MESSAGE_BYTES: got "2000000"; expected a whole number from 1 to 1000000$/,
    ],
    [
      { MESSAGES_PER_MINUTE: '31' },
      /^MESSAGES_PER_MINUTE: got "31"; expected at most 30 .*--local-ips/,
    ],
    [{ STEP_USERS: '10', STEP_FACTOR: '2' }, /^STEP_FACTOR: .*unset when STEP_USERS is set/],
    [
      { PEAK_USERS: '100', MAX_USERS: '110' },
      /^MAX_USERS: got "110"; expected at least PEAK_USERS x 1.2 \(120\)/,
    ],
    [{ STEP_USERS: '1', MAX_USERS: '1000' }, /^STEP_USERS: .*at most 50 steps \(this makes 991\)/],
    [{ RATE_LIMITS: 'skip' }, /^RATE_LIMITS: got "skip"; expected one of ignore, count$/],
    [{ SCALE_USERS: '50,x' }, /^SCALE_USERS: got "50,x"/],
  ])('stops at init with one line naming the variable: %o', (env, message) => {
    expect(() => parse(env)).toThrow(message);
  });

  it('allows more sends per room when spread over source IPs', () => {
    const c = parse({ MESSAGES_PER_MINUTE: '90', SEND_SOURCE_IPS: '3' });
    expect(c.live.messagesPerMinute).toBe(90);
    expect(() => parse({ MESSAGES_PER_MINUTE: '91', SEND_SOURCE_IPS: '3' })).toThrow(
      /^MESSAGES_PER_MINUTE: got "91"; expected at most 90 .*SEND_SOURCE_IPS 3/,
    );
  });
});
