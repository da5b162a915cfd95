import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from '../wire-bytes';
import { parseLiveRoomsConfig } from './config';
import { messageContent, messageFiller, sendBody, writerRoomIndex, writerScenario } from './writer';

describe('the writer of live rooms', () => {
  it('posts messages of exactly MESSAGE_BYTES bytes, numbered so they differ', () => {
    const filler = messageFiller(200);
    const first = messageContent(200, 0, filler);
    const later = messageContent(200, 1234, filler);
    expect([utf8ByteLength(first), utf8ByteLength(later)]).toEqual([200, 200]);
    expect(first.startsWith('load test message 0: the quick brown fox')).toBe(true);
    expect(later).not.toBe(first);
    expect(messageContent(5, 7, messageFiller(5))).toBe('load ');
    expect(JSON.parse(sendBody('hi'))).toEqual({
      content: 'hi',
      role: 'user',
      participant_type: 'user',
    });
  });

  it('gives every room the same share of the sends', () => {
    expect([0, 1, 2, 3, 4, 5].map((i) => writerRoomIndex(i, 3))).toEqual([0, 1, 2, 0, 1, 2]);
  });

  it('is a constant-arrival-rate scenario of MESSAGES_PER_MINUTE x rooms, or none', () => {
    const live = parseLiveRoomsConfig({ MESSAGES_PER_MINUTE: '1.5' });
    expect(writerScenario(live, 4, 90_000)).toEqual({
      executor: 'constant-arrival-rate',
      exec: 'write',
      rate: 360,
      timeUnit: '1h',
      duration: '90s',
      startTime: '0s',
      preAllocatedVUs: 1,
      maxVUs: 10,
      gracefulStop: '10s',
    });
    expect(writerScenario(parseLiveRoomsConfig({}), 4, 90_000)).toBeUndefined();
  });
});
