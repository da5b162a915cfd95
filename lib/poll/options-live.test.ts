import { describe, expect, it } from 'vitest';
import { liveRoomRole } from '../live-rooms/writer';
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

  it('with MESSAGES_PER_MINUTE: one per-vu-iterations scenario, its last VUs write; bytes split by role', () => {
    const o = options({ MESSAGES_PER_MINUTE: '10', DURATION: '30s' });
    // 1 VU pacing the users, 1 writing (20 sends a minute to 2 rooms: one VU).
    expect(o.scenarios).toEqual({
      poll: {
        executor: 'per-vu-iterations',
        vus: 2,
        iterations: 1,
        maxDuration: '30s',
        gracefulStop: '10s',
      },
    });
    for (const key of [
      'cw_send_requests',
      'cw_send_latency',
      'data_received{role:poll}',
      'data_sent{role:poll}',
    ]) {
      expect(o.thresholds[key]).toEqual([]);
    }
  });

  it('gives the writer as many VUs for each source address, the last VU numbers of the scenario', () => {
    const o = options({ MESSAGES_PER_MINUTE: '40', SEND_SOURCE_IPS: '2', ROOMS: '1', USERS: '3' });
    expect(o.scenarios.poll.vus).toBe(1 + 2);
    const role = (idInInstance: number) =>
      liveRoomRole({ idInInstance, iterationInTest: 0, segmented: false }, 1, 2, 2);
    expect([1, 2, 3].map(role)).toEqual([
      { kind: 'poll', shard: 0 },
      { kind: 'writer', place: { source: 1, rank: 0 } },
      { kind: 'writer', place: { source: 0, rank: 0 } },
    ]);
    // A distributed run: the iteration number, unique across instances, picks the role.
    expect(liveRoomRole({ idInInstance: 1, iterationInTest: 2, segmented: true }, 1, 2, 2)).toEqual(
      { kind: 'writer', place: { source: 1, rank: 0 } },
    );
  });

  it('refuses a message rate over the send limit, or too big a message, at init', () => {
    expect(() => options({ MESSAGES_PER_MINUTE: '40' })).toThrow(/^MESSAGES_PER_MINUTE: got "40"/);
    expect(() => options({ MESSAGE_BYTES: '1000001' })).toThrow(/^MESSAGE_BYTES: got "1000001"/);
  });
});
