import { describe, expect, it } from 'vitest';
import { parseRateLimitConfig } from './config';
import { rateLimitOptions, rateLimitRoomCount } from './options';
import {
  maxCheckDurationMs,
  probeOffsetsMs,
  requestCap,
  settleMs,
  sustainedOffsetsMs,
} from './schedule';

describe('the check schedule', () => {
  it('probes recovery every 5 % of the window from 0.8 to 1.5 windows', () => {
    expect(probeOffsetsMs(2000)).toEqual([
      1600, 1700, 1800, 1900, 2000, 2100, 2200, 2300, 2400, 2500, 2600, 2700, 2800, 2900, 3000,
    ]);
    expect(settleMs(60_000)).toBe(3000);
  });

  it('caps a burst at ten times the limit, never below limit + margin', () => {
    expect(requestCap(60, 6)).toBe(600);
    expect(requestCap(1, 5)).toBe(10);
    expect(requestCap(1, 20)).toBe(21);
  });

  it('spreads 1.5x the limit evenly over one window', () => {
    expect(sustainedOffsetsMs(4, 1200)).toEqual([0, 200, 400, 600, 800, 1000]);
  });
});

describe('rateLimitOptions', () => {
  it('runs one iteration on one VU, bounded by the window, with the check gates', () => {
    const config = parseRateLimitConfig({ WINDOW: '60s' });
    const options = rateLimitOptions(config);
    expect(options.scenarios).toEqual({
      ratelimit: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '213s' },
    });
    expect(maxCheckDurationMs(60_000)).toBe(213_000);
    expect(options.thresholds).toMatchObject({
      ratelimit_checks: ['rate==1'],
      ratelimit_endpoints_checked: ['count>=2'],
    });
    expect(options.cloud.name).toBe(
      'ClaudeWorld rate limits: messages/poll 60, chatting-agents 120',
    );
    expect([rateLimitRoomCount(config), rateLimitRoomCount({ sustained: true })]).toEqual([2, 3]);
  });
});
