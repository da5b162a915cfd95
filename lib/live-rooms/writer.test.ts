import { describe, expect, it } from 'vitest';
import { utf8ByteLength } from '../wire-bytes';
import { LIVE_ROOMS_PART } from './config';
import {
  messageContent,
  messageFiller,
  sendBody,
  writerPlaceOfShard,
  writerPlaceOfVu,
  writerRoomIndex,
  writerScenario,
  writerSendDueMs,
  writerSendSource,
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
    const shards = [0, 1].map((vu) =>
      [0, 1, 2].map((k) => writerShardSends(writerPlaceOfShard(vu, 1), 2, k, 3, 1)),
    );
    expect(shards).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
    expect(writerScenario(LIVE_ROOMS_PART.parse({}), 4, 90_000)).toBeUndefined();
  });

  it("spreads each room's sends over SEND_SOURCE_IPS addresses: a VU per address at least", () => {
    // 40 a minute to one room from 2 IPs: the old single VU sent all 40 from one address.
    const live = LIVE_ROOMS_PART.parse({ MESSAGES_PER_MINUTE: '40', SEND_SOURCE_IPS: '2' });
    expect(writerVuCount(live, 1)).toBe(2);
    expect(
      writerVuCount(LIVE_ROOMS_PART.parse({ MESSAGES_PER_MINUTE: '50', SEND_SOURCE_IPS: '2' }), 3),
    ).toBe(4);
    // 3 rooms, 2 IPs, 4 VUs (2 per IP) numbered 7..10 as k6 may number them: every send once,
    // each from the address k6 gives its VU, each (IP, room) a half of the room's.
    const [vus, rooms, ips, sends] = [4, 3, 2, 24];
    const byVu = [7, 8, 9, 10].map((id) => {
      const place = writerPlaceOfVu(id, vus, ips);
      expect(place.source).toBe((id - 1) % ips);
      return Array.from({ length: sends / vus }, (_, k) =>
        writerShardSends(place, vus, k, rooms, ips),
      );
    });
    expect(byVu.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: sends }, (_, n) => n));
    for (const [i, list] of byVu.entries()) {
      const id = 7 + i;
      expect(list.every((n) => writerSendSource(n, rooms, ips) === (id - 1) % ips)).toBe(true);
      expect(list).toEqual([...list].sort((a, b) => a - b));
    }
    const perSourceAndRoom = new Map<string, number>();
    for (let n = 0; n < sends; n++) {
      const key = `${writerSendSource(n, rooms, ips)}:${writerRoomIndex(n, rooms)}`;
      perSourceAndRoom.set(key, (perSourceAndRoom.get(key) ?? 0) + 1);
    }
    expect([...perSourceAndRoom.values()]).toEqual(Array(ips * rooms).fill(sends / rooms / ips));
  });
});
