import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from '../wire-bytes';
import { LIVE_ROOMS_PART } from './config';
import {
  messageContent,
  messageFiller,
  sendBody,
  writerRoomIndex,
  writerScenario,
  writerSendDueMs,
  writerShardSends,
  writerVuCount,
} from './writer';

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

  it('paces MESSAGES_PER_MINUTE x rooms sends on a drift-free schedule, shared by its VUs', () => {
    const live = LIVE_ROOMS_PART.parse({ MESSAGES_PER_MINUTE: '1.5' });
    // 1.5 a minute to each of 4 rooms: 6 a minute, one every 10 s.
    expect([0, 1, 5].map((n) => writerSendDueMs(live, 4, n))).toEqual([0, 10_000, 50_000]);
    expect(writerScenario(live, 4, 90_000)).toEqual({
      executor: 'per-vu-iterations',
      exec: 'write',
      vus: 1,
      iterations: 1,
      maxDuration: '90s',
      startTime: '0s',
      gracefulStop: '10s',
    });
    const busy = LIVE_ROOMS_PART.parse({ MESSAGES_PER_MINUTE: '30' });
    expect(writerVuCount(busy, 500)).toBe(250);
    // Two VUs split the sends without overlap or gaps.
    const shards = [0, 1].map((vu) => [0, 1, 2].map((k) => writerShardSends(vu, 2, k)));
    expect(shards).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    expect(writerScenario(LIVE_ROOMS_PART.parse({}), 4, 90_000)).toBeUndefined();
  });
});
