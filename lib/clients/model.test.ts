import { describe, expect, it } from 'vitest';
import { parsePollConfig } from '../poll/config';
import {
  clientJoinMs,
  clientRateFormula,
  clientRates,
  clientUsers,
  loginWindowMs,
  shortestPeriodMs,
} from './model';

const config = (env: Record<string, string>) => parsePollConfig({ PASSWORD: 'pw', ...env });

describe('what the client models send', () => {
  it('game: the room list every 5 s and the world poll every 15 s with the stream up', () => {
    const c = config({ CLIENT: 'game' });
    const rates = Object.fromEntries(
      clientRates('game', c).map((r) => [r.endpoint, r.perUserPerSecond]),
    );
    expect(rates.rooms).toBeCloseTo(1 / 5, 10);
    expect(rates.worldPoll).toBeCloseTo(1 / 15, 10);
    // Openings, tickets and the down-only chatting-agents are not the steady state.
    expect([rates.world, rates.ticket, rates.worldAgents]).toEqual([0, 0, 0]);
    expect(clientRateFormula('game', c).perUser).toBe(
      '/rooms every 5 s, /worlds/{id}/poll every 15 s, with the stream up',
    );
  });

  it('chat: a messages poll per open room every 30 s; the room list is per user', () => {
    const c = config({ CLIENT: 'chat', ROOMS: '2', USERS: '8' });
    const rates = clientRates('chat', c);
    const of = (e: string) => rates.find((r) => r.endpoint === e);
    expect(of('poll')?.perUserPerSecond).toBeCloseTo(2 / 30, 10);
    expect(of('rooms')?.perUserPerSecond).toBeCloseTo(1 / 5, 10);
    // Each shared room's poll path: 8 users x 2 a minute; the room list's one path: 8 x 12.
    expect(of('poll')?.pathPerMinute(8)).toBeCloseTo(16, 10);
    expect(of('rooms')?.pathPerMinute(8)).toBeCloseTo(96, 10);
    expect(of('agents')?.pathPerMinute(8)).toBe(0);
  });

  it('logs users in over the longest up period, RAMP_UP, or at once', () => {
    expect([loginWindowMs('game'), loginWindowMs('chat')]).toEqual([15_000, 30_000]);
    const spread = config({ CLIENT: 'game', USERS: '4' });
    expect([0, 1, 2, 3].map((u) => clientJoinMs('game', spread, u))).toEqual([
      0, 3750, 7500, 11_250,
    ]);
    const ramp = config({ CLIENT: 'game', USERS: '4', RAMP_UP: '8s' });
    expect(clientJoinMs('game', ramp, 3)).toBe(6000);
    expect(clientJoinMs('game', config({ CLIENT: 'game', START_PHASE: 'burst' }), 3)).toBe(0);
    expect([shortestPeriodMs('game'), shortestPeriodMs('chat')]).toEqual([1500, 3000]);
  });

  it('gives each user its views: shared rooms, or its own', () => {
    const targets = { viewIds: [10, 11, 12, 13], streamRoomIds: [20, 21, 22, 23] };
    const shared = clientUsers('chat', config({ CLIENT: 'chat', ROOMS: '2' }), [1], targets);
    expect(shared[0]?.views).toEqual([
      { index: 0, id: 10, streamRoomId: 20 },
      { index: 1, id: 11, streamRoomId: 21 },
    ]);
    const own = clientUsers(
      'game',
      config({ CLIENT: 'game', ROOM_MODE: 'per-user' }),
      [3],
      targets,
    );
    expect(own[0]?.views).toEqual([{ index: 3, id: 13, streamRoomId: 23 }]);
    expect(() =>
      clientUsers('game', config({ CLIENT: 'game', ROOM_MODE: 'per-user' }), [4], targets),
    ).toThrow(/no room or world for index 4/);
  });
});
