import { describe, expect, it } from 'vitest';
import { parsePollConfig } from './config';
import { pollGates, pollOptions } from './options';

const options = (env: Record<string, string>) => {
  const config = parsePollConfig({ PASSWORD: 'pw', ...env });
  return pollOptions(config, pollGates(config, { cw_requests: ['count>0'] }));
};

describe('poll options with live rooms', () => {
  it('alone: one constant-vus scenario, no writer keys', () => {
    const o = options({});
    expect(Object.keys(o.scenarios)).toEqual(['poll']);
    expect(o.scenarios.poll).toMatchObject({ executor: 'constant-vus', vus: 1, duration: '60s' });
    expect(o.thresholds.cw_send_requests).toBeUndefined();
  });

  it('with MESSAGES_PER_MINUTE: the writer beside per-vu-iterations polls, bytes split by scenario', () => {
    const o = options({ MESSAGES_PER_MINUTE: '10', DURATION: '30s' });
    expect(o.scenarios.poll).toEqual({
      executor: 'per-vu-iterations',
      vus: 1,
      iterations: 1,
      maxDuration: '30s',
      gracefulStop: '10s',
    });
    expect(o.scenarios).toHaveProperty('writer.exec', 'write');
    for (const key of [
      'cw_send_requests',
      'cw_send_latency',
      'data_received{scenario:poll}',
      'data_sent{scenario:poll}',
    ]) {
      expect(o.thresholds[key]).toEqual([]);
    }
  });

  it('refuses a message rate over the send limit, or too big a message, at init', () => {
    expect(() => options({ MESSAGES_PER_MINUTE: '40' })).toThrow(/^MESSAGES_PER_MINUTE: got "40"/);
    expect(() => options({ MESSAGE_BYTES: '1000001' })).toThrow(/^MESSAGE_BYTES: got "1000001"/);
  });
});
