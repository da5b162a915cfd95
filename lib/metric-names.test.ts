import { describe, expect, it } from 'vitest';
import {
  endpointNameTag,
  endpointPath,
  reportedSubMetricKeys,
  roomBreakdownCount,
  subMetricKey,
} from './metric-names';

describe('metric names', () => {
  it('builds the server paths and the grouped name tags', () => {
    expect(endpointPath('poll', 17)).toBe('/rooms/17/messages/poll');
    expect(endpointPath('agents', 17)).toBe('/rooms/17/chatting-agents');
    expect(endpointNameTag('poll')).toBe('/rooms/{id}/messages/poll');
  });

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
    const keys = reportedSubMetricKeys(2);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('cw_requests{endpoint:poll,room:1}');
    expect(keys).toContain('cw_latency{endpoint:agents}');
    expect(keys).toContain('cw_rate_limited{endpoint:poll,room:0}');
    expect(keys).toContain('cw_requests{status:429}');
    expect(keys).toContain('cw_requests{status:connection_error}');
    expect(keys).toContain('cw_connection_errors{error_code:1212}');
    expect(keys).not.toContain('cw_requests{endpoint:poll,room:2}');
    expect(reportedSubMetricKeys(0).some((k) => k.includes('room:'))).toBe(false);
  });
});
