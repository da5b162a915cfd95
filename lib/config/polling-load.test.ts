import { describe, expect, it } from 'vitest';
import { fastestClientPeriodMs } from '../endpoints';
import { MIN_POLL_INTERVAL_MS, POLLING_LOAD_PART } from './polling-load';

describe('POLLING_LOAD_PART', () => {
  it('has the old tool defaults: 2 shared rooms polled every 4 s, the real limits, no writer', () => {
    expect(POLLING_LOAD_PART.parse({})).toEqual({
      client: 'seed',
      rooms: 2,
      roomMode: 'shared',
      pollIntervalMs: 4000,
      limits: { poll: 60, agents: 120 },
      live: { messagesPerMinute: 0, messageBytes: 200, sendLimitPerMinute: 30, sendSourceIps: 1 },
      scaleUsers: [50, 100, 500, 1000],
    });
  });

  it('reads CLIENT; the game view has one world per user', () => {
    expect(POLLING_LOAD_PART.parse({ CLIENT: 'chat' })).toMatchObject({ client: 'chat', rooms: 2 });
    expect(POLLING_LOAD_PART.parse({ CLIENT: 'game' })).toMatchObject({ client: 'game', rooms: 1 });
    expect(POLLING_LOAD_PART.parse({ CLIENT: 'game', ROOMS: '1' }).rooms).toBe(1);
    expect(() => POLLING_LOAD_PART.parse({ CLIENT: 'game', ROOMS: '2' })).toThrow(
      /^ROOMS: got "2"; expected 1 with CLIENT=game: the game view shows one world per user/,
    );
    expect(() => POLLING_LOAD_PART.parse({ CLIENT: 'web' })).toThrow(
      'CLIENT: got "web"; expected one of seed, chat, game',
    );
  });

  it("stops the chat and game models at POLL_INTERVAL: they follow the client's timers", () => {
    expect(POLLING_LOAD_PART.parse({ POLL_INTERVAL: '2s' }).pollIntervalMs).toBe(2000);
    for (const client of ['chat', 'game']) {
      expect(() => POLLING_LOAD_PART.parse({ CLIENT: client, POLL_INTERVAL: '2s' })).toThrow(
        new RegExp(`^POLL_INTERVAL: got "2s"; it is CLIENT=seed's: the ${client} model polls`),
      );
    }
  });

  it('stops the game model at MESSAGES_PER_MINUTE: a message to a world starts a model call', () => {
    expect(
      POLLING_LOAD_PART.parse({ CLIENT: 'chat', MESSAGES_PER_MINUTE: '6' }).live,
    ).toMatchObject({
      messagesPerMinute: 6,
    });
    expect(() => POLLING_LOAD_PART.parse({ CLIENT: 'game', MESSAGES_PER_MINUTE: '6' })).toThrow(
      /^MESSAGES_PER_MINUTE: got "6"; expected 0 with CLIENT=game: a world's room has an agent/,
    );
  });

  it('reads SCALE_USERS', () => {
    expect(POLLING_LOAD_PART.parse({ SCALE_USERS: ' 10, 2000 ' }).scaleUsers).toEqual([10, 2000]);
    expect(() => POLLING_LOAD_PART.parse({ SCALE_USERS: '0' })).toThrow(/^SCALE_USERS: got "0"/);
  });

  it('declares the live-room variables it reads', () => {
    expect(POLLING_LOAD_PART.names).toEqual(
      expect.arrayContaining([
        'MESSAGES_PER_MINUTE',
        'MESSAGE_BYTES',
        'LIMIT_SEND',
        'SEND_SOURCE_IPS',
      ]),
    );
    expect(POLLING_LOAD_PART.parse({ MESSAGES_PER_MINUTE: '12' }).live.messagesPerMinute).toBe(12);
  });
});

describe('the lower bound of POLL_INTERVAL', () => {
  it('is no faster than any client model of the table of endpoints polls', () => {
    expect(MIN_POLL_INTERVAL_MS).toBeLessThanOrEqual(fastestClientPeriodMs());
    expect(POLLING_LOAD_PART.parse({ POLL_INTERVAL: '1s' }).pollIntervalMs).toBe(1000);
    expect(() => POLLING_LOAD_PART.parse({ POLL_INTERVAL: '100ms' })).toThrow(
      'POLL_INTERVAL: got "100ms"; expected a duration of at least 1s',
    );
  });
});
