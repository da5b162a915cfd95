import { describe, expect, it } from 'vitest';
import { exactPercentile, samplesOf } from './raw-samples';

const CSV = [
  'metric_name,timestamp,metric_value,check,error,error_code,expected_response,group,method,name,proto,scenario,service,status,subproto,tls_version,url,extra_tags,metadata',
  'cw_latency,1700000000,12.5,,,,,,,,,poll,,,,,,endpoint=poll&room=0,',
  'cw_latency_x,1700000000,99,,,,,,,,,poll,,,,,,,',
  'http_req_duration,1700000000,3,,"dial: a, b",1212,false,,GET,/rooms/{id}/messages/poll,,poll,,0,,,http://x,,',
  'cw_latency,1700000001,7,,,,,,,,,poll,,,,,,endpoint=agents&room=1,',
].join('\n');

describe('raw samples from k6 --out csv', () => {
  it('reads one metric with its tags, quoted fields included', () => {
    expect(samplesOf(CSV, 'cw_latency')).toEqual([
      {
        value: 12.5,
        tags: { timestamp: '1700000000', scenario: 'poll', endpoint: 'poll', room: '0' },
      },
      {
        value: 7,
        tags: { timestamp: '1700000001', scenario: 'poll', endpoint: 'agents', room: '1' },
      },
    ]);
    expect(samplesOf(CSV, 'http_req_duration')[0]?.tags.error).toBe('dial: a, b');
  });

  it('computes percentiles as k6 does, interpolating between ranks', () => {
    expect(exactPercentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(exactPercentile([10, 0, 20], 95)).toBeCloseTo(19, 10);
    expect(exactPercentile([4], 99)).toBe(4);
  });
});
