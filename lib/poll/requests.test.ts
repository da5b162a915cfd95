import { describe, expect, it } from 'vitest';
import { SEED_ENDPOINTS } from '../endpoints';
import { requestKinds } from '../request-kinds';
import { parsePollConfig } from './config';
import { MessageCursors, pollRequests } from './requests';

describe('pollRequests', () => {
  const config = parsePollConfig({ PASSWORD: 'pw', BASE_URL: 'http://h:1', ROOMS: '2' });
  const kinds = requestKinds(SEED_ENDPOINTS, 'http://h:1', 'key');

  it('asks both endpoints of each of the user rooms, since the last message seen', () => {
    const cursors = new MessageCursors(2);
    cursors.advance(3, 1, 42);
    const requests = pollRequests(
      config,
      [{ user: 3, round: 0, dueMs: 0 }],
      [11, 12],
      cursors,
      kinds,
    );
    expect(requests.map((r) => [r.kind.endpoint, r.roomIndex, r.url, r.kind.tags.name])).toEqual([
      ['poll', 0, 'http://h:1/rooms/11/messages/poll', '/rooms/{id}/messages/poll'],
      ['agents', 0, 'http://h:1/rooms/11/chatting-agents', '/rooms/{id}/chatting-agents'],
      ['poll', 1, 'http://h:1/rooms/12/messages/poll?since_id=42', '/rooms/{id}/messages/poll'],
      ['agents', 1, 'http://h:1/rooms/12/chatting-agents', '/rooms/{id}/chatting-agents'],
    ]);
  });

  it('uses each user own rooms in per-user mode', () => {
    const perUser = parsePollConfig({
      PASSWORD: 'pw',
      BASE_URL: 'http://h:1',
      ROOMS: '1',
      ROOM_MODE: 'per-user',
    });
    const requests = pollRequests(
      perUser,
      [{ user: 2, round: 0, dueMs: 0 }],
      [5, 6, 7],
      new MessageCursors(3),
      kinds,
    );
    expect(requests.map((r) => r.url)).toEqual([
      'http://h:1/rooms/7/messages/poll',
      'http://h:1/rooms/7/chatting-agents',
    ]);
  });

  it('only moves a cursor forward', () => {
    const cursors = new MessageCursors(1);
    cursors.advance(0, 0, 10);
    cursors.advance(0, 0, 4);
    cursors.advance(0, 0, undefined);
    expect(cursors.get(0, 0)).toBe(10);
    expect(cursors.get(1, 0)).toBeUndefined();
  });

  it('keeps one cursor per user and room, and refuses a room index outside the list', () => {
    const cursors = new MessageCursors(3);
    cursors.advance(0, 2, 5);
    cursors.advance(1, 0, 7);
    expect([cursors.get(0, 2), cursors.get(1, 0), cursors.get(0, 1)]).toEqual([5, 7, undefined]);
    expect(() => cursors.get(0, 3)).toThrow(/room index 3 is not below 3/);
  });
});
