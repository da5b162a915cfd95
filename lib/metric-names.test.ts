import { describe, expect, it } from 'vitest';
import { reportedSubMetricKeys, roomBreakdownCount, subMetricKey } from './metric-names';

const SEED = ['poll', 'agents'] as const;

describe('metric names', () => {
  it('writes sub-metric keys as k6 does', () => {
    expect(subMetricKey('cw_requests', {})).toBe('cw_requests');
    expect(subMetricKey('cw_requests', { endpoint: 'poll', room: '0' })).toBe(
      'cw_requests{endpoint:poll,room:0}',
    );
  });

  it('breaks rooms down only up to 20', () => {
    expect(roomBreakdownCount(2)).toBe(2);
    expect(roomBreakdownCount(20)).toBe(20);
    expect(roomBreakdownCount(21)).toBe(0);
  });

  it('declares per-endpoint, per-room, per-status and per-error-code keys once each', () => {
    const keys = reportedSubMetricKeys(2, SEED);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('cw_requests{endpoint:poll,room:1}');
    expect(keys).toContain('cw_latency{endpoint:agents}');
    expect(keys).toContain('cw_rate_limited{endpoint:poll,room:0}');
    expect(keys).toContain('cw_requests{status:429}');
    expect(keys).toContain('cw_requests{status:connection_error}');
    expect(keys).toContain('cw_connection_errors{error_code:1212}');
    expect(keys).not.toContain('cw_requests{endpoint:poll,room:2}');
    expect(reportedSubMetricKeys(0, SEED).some((k) => k.includes('room:'))).toBe(false);
  });

  it("declares only the run's request kinds", () => {
    const keys = reportedSubMetricKeys(1, ['rooms', 'worldPoll']);
    expect(keys).toContain('cw_latency{endpoint:worldPoll}');
    expect(keys).toContain('cw_requests{endpoint:rooms}');
    // Only a room's path is broken down by room.
    expect(keys).not.toContain('cw_requests{endpoint:rooms,room:0}');
    expect(keys.some((k) => k.includes('endpoint:poll'))).toBe(false);
  });
});
