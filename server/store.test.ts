import { describe, expect, test } from 'vitest';
import { messagesSince, POLL_WINDOW, Store } from './store';

function roomWith(count: number) {
  const store = new Store(0);
  const room = store.createRoom('r', 'admin', null, 0);
  for (let i = 0; i < count; i++) {
    store.addMessage(room, {
      content: `m${i}`,
      role: 'user',
      participant_type: 'user',
      participant_name: null,
      agent_id: null,
      agent_name: null,
      agent_profile_pic: null,
      thinking: null,
      timestamp: '2025-01-01T00:00:00.000Z',
      chat_session_id: null,
    });
  }
  return room;
}

describe('messagesSince, as the backend polls', () => {
  test('returns newer messages oldest first, at most 100', () => {
    const room = roomWith(150);
    expect(messagesSince(room, 140).map((m) => m.id)).toEqual([
      141, 142, 143, 144, 145, 146, 147, 148, 149, 150,
    ]);
    const page = messagesSince(room, 0);
    expect([page.length, page[0]?.id, page[99]?.id]).toEqual([100, 1, 100]);
  });

  test('only looks at the 200 most recent: a client further behind misses some', () => {
    const room = roomWith(500);
    expect(POLL_WINDOW).toBe(200);
    const behind = messagesSince(room, 10);
    expect([behind.length, behind[0]?.id, behind[99]?.id]).toEqual([100, 301, 400]);
    expect(messagesSince(room, undefined)[0]?.id).toBe(301);
  });
});
