import { describe, expect, it } from 'vitest';
import { POLLING_LOAD_PART } from './polling-load';

describe('POLLING_LOAD_PART', () => {
  it('has the old tool defaults: 2 shared rooms polled every 4 s, the real limits, no writer', () => {
    expect(POLLING_LOAD_PART.parse({})).toEqual({
      rooms: 2,
      roomMode: 'shared',
      pollIntervalMs: 4000,
      limits: { poll: 60, agents: 120 },
      live: { messagesPerMinute: 0, messageBytes: 200, sendLimitPerMinute: 30, sendSourceIps: 1 },
      scaleUsers: [50, 100, 500, 1000],
    });
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
