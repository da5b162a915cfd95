import { describe, expect, it } from 'vitest';
import gates from '../../thresholds.json';
import { parsePollConfig } from './config';
import { pollGates, pollOptions } from './options';

const options = (env: Record<string, string>) => {
  const config = parsePollConfig({ PASSWORD: 'pw', ...env });
  return pollOptions(config, pollGates(config, gates));
};

describe('the options of a chat or game run', () => {
  it('paces each VU in one long iteration and gates the streams', () => {
    // 8,000 users x (a room list every 5 s + a world poll every 15 s) = 2,133 req/s: 3 VUs.
    const o = options({ CLIENT: 'game', USERS: '8000' });
    expect(o.scenarios.poll).toEqual({
      executor: 'per-vu-iterations',
      vus: 3,
      iterations: 1,
      maxDuration: '60s',
      gracefulStop: '10s',
    });
    expect(o.thresholds['cw_streams{outcome:refused}']).toEqual(['count==0']);
    expect(o.thresholds['cw_streams{outcome:failed}']).toEqual(['count==0']);
    // Declared so that handleSummary sees them: the game's kinds, the streams, each VU's peak.
    for (const key of [
      'cw_requests{endpoint:worldPoll}',
      'cw_latency{endpoint:rooms}',
      'cw_streams{outcome:held}',
      'cw_streams_open{shard:2}',
      'http_req_waiting{endpoint:stream}',
      'data_received{role:poll}',
    ]) {
      expect(o.thresholds[key], key).toEqual([]);
    }
    expect(o.thresholds['cw_requests{endpoint:poll}']).toBeUndefined();
    expect(o.cloud.name).toBe('ClaudeWorld game client: 8000 users x 1 world (shared)');
  });

  it('leaves the seed run as it was: constant VUs, no stream keys', () => {
    const o = options({});
    expect(o.scenarios.poll.executor).toBe('constant-vus');
    expect(Object.keys(o.thresholds).some((k) => k.startsWith('cw_stream'))).toBe(false);
  });
});
