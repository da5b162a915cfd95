import { describe, expect, it } from 'vitest';
import { runPlannedRequestsPerSecond, timelinePlan } from './plan';
import { parsePollConfig } from './poll/config';

describe('timelinePlan', () => {
  it('samples about 150 latencies of each kind and 150 lags per slice', () => {
    // 1,000 users x 2 rooms every 4 s: 500 responses of each kind and 250 polls a second.
    const c = parsePollConfig({ USERS: '1000', ROOMS: '2', DURATION: '1h', POLL_INTERVAL: '4s' });
    expect(timelinePlan(c)).toEqual({
      layout: { sliceMs: 60_000, count: 60 },
      sampling: { latency: 200, lag: 100 },
    });
    const slow = parsePollConfig({ USERS: '2', ROOMS: '1', DURATION: '1m', POLL_INTERVAL: '4s' });
    expect(timelinePlan(slow).sampling).toEqual({ latency: 1, lag: 1 });
  });

  it("samples a client model's lag per request: each has its own due time", () => {
    // The game user: a room list every 5 s and seven slower kinds, 0.267 requests a second.
    const c = parsePollConfig({ CLIENT: 'game', USERS: '1000', ROOMS: '1', DURATION: '1h' });
    expect(runPlannedRequestsPerSecond(c)).toBeCloseTo(266.67, 2);
    expect(timelinePlan(c)).toEqual({
      layout: { sliceMs: 60_000, count: 60 },
      // 266.67 / 8 kinds x 60 s / 150 = 13.3; 266.67 x 60 / 150 = 106.7.
      sampling: { latency: 13, lag: 106 },
    });
  });
});
