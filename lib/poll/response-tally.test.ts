import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../response-outcome';
import { ResponseTally } from './response-tally';

const SEED = ['poll', 'agents'] as const;

type Sample = [string, number, Readonly<Record<string, string>>];

function flushed(tally: ResponseTally): Sample[] {
  const samples: Sample[] = [];
  tally.flush((metric, value, tags) => samples.push([metric, value, tags]));
  return samples;
}

describe('ResponseTally', () => {
  it('sums responses per series and status, and hands each sum to k6 once per flush', () => {
    const tally = new ResponseTally(SEED, 2);
    const poll0 = tally.endpoint('poll').of(0);
    for (let i = 0; i < 3; i++) tally.count(poll0, classifyResponse(200, 0), 500, 120);
    tally.count(poll0, classifyResponse(429, 1429), 90, 120);
    tally.count(tally.endpoint('agents').of(1), classifyResponse(200, 0), 60, 100);
    expect(flushed(tally)).toEqual([
      ['cw_requests', 3, { endpoint: 'poll', room: '0', status: '200' }],
      ['cw_requests', 1, { endpoint: 'poll', room: '0', status: '429' }],
      ['cw_rate_limited', 1, { endpoint: 'poll', room: '0' }],
      ['cw_bytes_received', 1590, { endpoint: 'poll', room: '0' }],
      ['cw_bytes_sent', 480, { endpoint: 'poll', room: '0' }],
      ['cw_requests', 1, { endpoint: 'agents', room: '1', status: '200' }],
      ['cw_bytes_received', 60, { endpoint: 'agents', room: '1' }],
      ['cw_bytes_sent', 100, { endpoint: 'agents', room: '1' }],
    ]);
    expect(flushed(tally)).toEqual([]);
  });

  it('reuses one tags object per series across flushes', () => {
    const tally = new ResponseTally(SEED, 1);
    const series = tally.endpoint('poll').of(0);
    tally.count(series, classifyResponse(200, 0), 1, 1);
    const first = flushed(tally);
    tally.count(series, classifyResponse(200, 0), 1, 1);
    const second = flushed(tally);
    expect(second.map((s) => s[2])).toEqual(first.map((s) => s[2]));
    second.forEach((s, i) => {
      expect(s[2]).toBe(first[i]?.[2]);
    });
  });

  it('knows only the request kinds of its model', () => {
    expect(() => new ResponseTally(['poll'], 0).endpoint('agents')).toThrow(
      /unknown endpoint agents/,
    );
  });

  it('puts rooms past the breakdown in one series per endpoint, without a room tag', () => {
    const tally = new ResponseTally(SEED, 0);
    expect(tally.endpoint('agents').of(0)).toBe(tally.endpoint('agents').of(57));
    tally.count(tally.endpoint('agents').of(57), classifyResponse(503, 1503), 10, 20);
    expect(flushed(tally)[0]).toEqual(['cw_requests', 1, { endpoint: 'agents', status: '503' }]);
  });

  it('counts connection errors by k6 error code, without bytes', () => {
    const tally = new ResponseTally(SEED, 0);
    const series = tally.endpoint('poll').of(0);
    tally.count(series, classifyResponse(0, 1212), 0, 0);
    tally.count(series, classifyResponse(0, 1212), 0, 0);
    tally.count(series, classifyResponse(0, 9999), 0, 0);
    expect(flushed(tally)).toEqual([
      ['cw_requests', 3, { endpoint: 'poll', status: 'connection_error' }],
      ['cw_connection_errors', 2, { error_code: '1212' }],
      ['cw_connection_errors', 1, { error_code: 'other' }],
    ]);
  });
});
