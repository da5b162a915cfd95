import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { MAX_MESSAGES_PER_ROOM } from './store';
import { coreRequest, virtualClock } from './testing';

/** A room with activity every 10 s, agents generating for 3 s before each message. */
function setup() {
  const clock = virtualClock();
  const core = createStandIn(
    parseServerOptions({
      RATELIMIT_ENABLED: 'false',
      ACTIVITY_MESSAGES_PER_MINUTE: '6',
      ACTIVITY_GENERATING: '3s',
    }),
    clock,
  );
  const call = (method: string, path: string, body?: unknown) =>
    core.handle(coreRequest(method, path, { token, body }));
  let token: string | undefined;
  token = JSON.parse(
    core.handle(coreRequest('POST', '/auth/login', { body: { password: 'loadtest' } })).body,
  ).api_key;
  const room = JSON.parse(call('POST', '/rooms', { name: 'live' }).body).id;
  const poll = (query = '') =>
    JSON.parse(call('GET', `/rooms/${room}/messages/poll${query}`).body) as {
      id: number;
      role: string;
      agent_name: string | null;
      content: string;
    }[];
  const chatting = () =>
    JSON.parse(call('GET', `/rooms/${room}/chatting-agents`).body).chatting_agents as {
      id: number;
      name: string;
      response_text: string;
    }[];
  return { clock, call, room, poll, chatting };
}

describe('activity', () => {
  test('agents are listed while generating, then their message appears', () => {
    const { clock, poll, chatting } = setup();
    clock.advance(6999);
    expect(chatting()).toEqual([]);
    clock.advance(1);
    const generating = chatting();
    expect(generating).toHaveLength(1);
    expect(generating[0]).toMatchObject({ id: 1, name: 'Ada', response_text: '' });
    expect(poll()).toEqual([]);
    clock.advance(1500);
    expect(chatting()[0]?.response_text.length).toBeGreaterThan(0);
    clock.advance(1500);
    const messages = poll();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ role: 'assistant', agent_name: 'Ada' });
    expect(chatting()).toEqual([]);
  });

  test('messages keep coming at the configured rate, across agents', () => {
    const { clock, poll } = setup();
    clock.advance(60_000);
    const messages = poll();
    expect(messages.map((m) => m.agent_name)).toEqual([
      'Ada',
      'Basho',
      'Cyra',
      'Ada',
      'Basho',
      'Cyra',
    ]);
    expect(poll(`?since_id=${messages[3]?.id}`)).toHaveLength(2);
  });

  test('a sent message gets an agent reply after the generating time', () => {
    const { clock, call, room, poll, chatting } = setup();
    clock.advance(1000);
    call('POST', `/rooms/${room}/messages/send`, { content: 'hi all', role: 'user' });
    expect(chatting().map((a) => a.name)).toEqual(['Basho']);
    clock.advance(3000);
    expect(poll().map((m) => [m.role, m.agent_name])).toEqual([
      ['user', null],
      ['assistant', 'Basho'],
    ]);
  });

  test('a long idle time does not generate an unbounded backlog', () => {
    const { clock, poll } = setup();
    clock.advance(5 * 24 * 3_600_000); // 72,000 messages due at 6 a minute
    expect(poll()).toHaveLength(100);
    expect(poll(`?since_id=${MAX_MESSAGES_PER_ROOM}`).length).toBeLessThanOrEqual(1);
  });
});

test('listing rooms brings last_activity_at up to the latest agent message', () => {
  const { clock, call } = setup();
  const created = JSON.parse(call('GET', '/rooms').body)[0].last_activity_at;
  clock.advance(25_000);
  const listed = JSON.parse(call('GET', '/rooms').body)[0].last_activity_at;
  expect(Date.parse(listed) - Date.parse(created)).toBe(20_000);
});
