import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { coreRequest, virtualClock } from './testing';

const START = Date.UTC(2026, 11, 1, 19, 0, 0);

function setup(env: Record<string, string> = {}) {
  const clock = virtualClock(START);
  const core = createStandIn(parseServerOptions({ GUEST_PASSWORD: 'visitor', ...env }), clock);
  const call = (method: string, path: string, options: Parameters<typeof coreRequest>[2] = {}) =>
    core.handle(coreRequest(method, path, options));
  const login = (password = 'loadtest'): string =>
    JSON.parse(call('POST', '/auth/login', { body: { password } }).body).api_key;
  const admin = login();
  const createRoom = (name: string, token = admin) =>
    call('POST', '/rooms', { token, body: { name } });
  return { clock, core, call, login, admin, createRoom };
}

describe('what the chat view opens a room with', () => {
  test('GET /rooms: RoomSummary items, name first, no agents or messages', () => {
    const { call, admin, createRoom } = setup();
    createRoom('a');
    expect(call('GET', '/rooms', { token: admin }).body).toBe(
      '[{"name":"a","id":1,"owner_id":"admin","max_interactions":null,"is_paused":false,' +
        '"is_finished":false,"created_at":"2026-12-01T19:00:00.000Z",' +
        '"last_activity_at":"2026-12-01T19:00:00.000Z"}]',
    );
  });

  test('GET /rooms is not rate limited', () => {
    const { call, admin } = setup({ LIMIT_POLL: '1', LIMIT_AGENTS: '1', LIMIT_SEND: '1' });
    const statuses = new Set(
      Array.from({ length: 200 }, () => call('GET', '/rooms', { token: admin }).status),
    );
    expect([...statuses]).toEqual([200]);
  });

  test('GET /rooms/{id}/messages: every message, oldest first, in the Message shape', () => {
    const { clock, call, admin, createRoom } = setup({ RATELIMIT_ENABLED: 'false' });
    createRoom('r');
    for (let i = 0; i < 150; i++) {
      clock.advance(10);
      call('POST', '/rooms/1/messages/send', {
        token: admin,
        body: { content: `m${i}`, role: 'user' },
      });
    }
    const messages = JSON.parse(call('GET', '/rooms/1/messages', { token: admin }).body);
    expect(messages).toHaveLength(150);
    expect(messages[0]).toMatchObject({ id: 1, room_id: 1, content: 'm0', role: 'user' });
    expect(messages[149].content).toBe('m149');
  });

  test('GET /rooms/{id}: the Room with its agents and messages; /agents of a chat room: []', () => {
    const { call, admin, createRoom } = setup();
    const created = JSON.parse(createRoom('r').body);
    expect(created).toMatchObject({ agents: [], messages: [], world_id: null, world_phase: null });
    call('POST', '/rooms/1/messages/send', { token: admin, body: { content: 'x', role: 'user' } });
    const room = JSON.parse(call('GET', '/rooms/1', { token: admin }).body);
    expect(room.messages.map((m: { content: string }) => m.content)).toEqual(['x']);
    expect(call('GET', '/rooms/1/agents', { token: admin }).body).toBe('[]');
  });

  test('GET /agents: every agent in the Agent shape, for any logged-in caller', () => {
    const { call, login } = setup();
    const agents = JSON.parse(call('GET', '/agents', { token: login('visitor') }).body);
    expect(agents.map((a: { name: string }) => a.name)).toEqual([
      'Ada',
      'Basho',
      'Cyra',
      'Action_Manager',
      'Chat_Summarizer',
      'History_Summarizer',
      'Onboarding_Manager',
      'Character_Designer',
      'Item_Designer',
      'Location_Designer',
    ]);
    expect(Object.keys(agents[6])).toEqual([
      'name',
      'group',
      'config_file',
      'profile_pic',
      'in_a_nutshell',
      'characteristics',
      'recent_events',
      'interrupt_every_turn',
      'priority',
      'id',
      'system_prompt',
      'session_id',
      'created_at',
    ]);
    expect(call('GET', '/agents').status).toBe(401);
  });

  test.each(['/rooms/{id}', '/rooms/{id}/messages', '/rooms/{id}/agents'])(
    'GET %s: 404 for a missing room, 403 for a guest, 422 for a bad id',
    (template) => {
      const { call, admin, login, createRoom } = setup();
      createRoom('admins');
      const guest = login('visitor');
      const at = (id: string) => template.replace('{id}', id);
      expect(call('GET', at('9'), { token: admin }).body).toBe(
        '{"detail":"Room with id 9 not found"}',
      );
      expect(call('GET', at('1'), { token: guest }).body).toBe(
        '{"detail":"You do not have access to this room"}',
      );
      expect(call('GET', at('x'), { token: admin }).status).toBe(422);
    },
  );

  test('/rooms/ is Starlette 307 to /rooms, as every slash twin of a route', () => {
    const { call, admin } = setup();
    const response = call('GET', '/rooms/?x=1', { token: admin, headers: { host: 'h:1' } });
    expect([response.status, response.headers.location]).toEqual([307, 'http://h:1/rooms?x=1']);
    expect(call('GET', '/agents/', { token: admin }).status).toBe(307);
    expect(call('GET', '/nowhere/', { token: admin }).status).toBe(404);
  });

  test('the token check is skipped for GET /rooms/.../stream... only', () => {
    const { call } = setup();
    expect(call('GET', '/rooms/1/stream/ticket').status).toBe(405);
    expect(call('POST', '/rooms/1/stream').status).toBe(401);
    expect(call('HEAD', '/rooms/1/stream?ticket=x').status).toBe(401);
  });
});

describe('FAULT_ROOM_NAME_RACE: check, wait, insert', () => {
  test('two POSTs with one name inside the window both succeed; one after it gets 409', () => {
    const { clock, call, admin, createRoom } = setup({ FAULT_ROOM_NAME_RACE: '200' });
    const first = createRoom('shared');
    clock.advance(150);
    const second = createRoom('shared');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([first.delayMs, second.delayMs]).toEqual([200, 200]);
    expect([JSON.parse(first.body).id, JSON.parse(second.body).id]).toEqual([1, 2]);
    // Between check and insert the room is not in the list yet.
    clock.advance(49);
    expect(JSON.parse(call('GET', '/rooms', { token: admin }).body)).toEqual([]);
    clock.advance(1);
    const listed = JSON.parse(call('GET', '/rooms', { token: admin }).body);
    expect(listed.map((r: { id: number; created_at: string }) => [r.id, r.created_at])).toEqual([
      [1, '2026-12-01T19:00:00.200Z'],
    ]);
    const third = createRoom('shared');
    expect([third.status, third.body]).toEqual([
      409,
      `{"detail":"Room with name 'shared' already exists"}`,
    ]);
    clock.advance(150);
    expect(JSON.parse(call('GET', '/rooms', { token: admin }).body)).toHaveLength(2);
  });

  test('without the fault the check and insert are one step: the second gets 409', () => {
    const { createRoom } = setup();
    expect([createRoom('shared').status, createRoom('shared').status]).toEqual([200, 409]);
  });
});
