import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { coreRequest, virtualClock } from './testing';

function setup(env: Record<string, string> = {}) {
  const clock = virtualClock();
  const core = createStandIn(parseServerOptions({ RATELIMIT_ENABLED: 'false', ...env }), clock);
  const call = (method: string, path: string, options: Parameters<typeof coreRequest>[2] = {}) =>
    core.handle(coreRequest(method, path, options));
  const login = (password = 'loadtest'): string => {
    const response = call('POST', '/auth/login', { body: { password } });
    expect(response.status).toBe(200);
    return JSON.parse(response.body).api_key;
  };
  const createRoom = (token: string, name: string): number => {
    const response = call('POST', '/rooms', { token, body: { name } });
    expect(response.status).toBe(200);
    return JSON.parse(response.body).id;
  };
  return { core, clock, call, login, createRoom };
}

describe('login', () => {
  test('the admin password gives an admin token', () => {
    const { call } = setup();
    const response = call('POST', '/auth/login', { body: { password: 'loadtest' } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/json');
    const body = JSON.parse(response.body);
    expect(body).toEqual({
      success: true,
      api_key: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      role: 'admin',
      user_id: 'admin',
      message: 'Login successful as admin',
    });
  });

  test('the guest password gives a fresh guest id per login', () => {
    const { call } = setup({ GUEST_PASSWORD: 'visitor' });
    const first = JSON.parse(call('POST', '/auth/login', { body: { password: 'visitor' } }).body);
    const second = JSON.parse(call('POST', '/auth/login', { body: { password: 'visitor' } }).body);
    expect(first.role).toBe('guest');
    expect(first.message).toBe('Login successful as guest');
    expect(first.user_id).toMatch(/^guest-[0-9a-f]{12}$/);
    expect(second.user_id).not.toBe(first.user_id);
  });

  test.each([
    ['not json', '{"password":', 400, 'Invalid request body'],
    ['empty body', '', 400, 'Invalid request body'],
    ['no password', '{}', 400, 'Password is required'],
    ['empty password', '{"password":""}', 400, 'Password is required'],
    ['wrong password', '{"password":"nope"}', 401, 'Invalid password'],
    ['a number', '{"password":5}', 401, 'Invalid password'],
  ])('%s -> %i', (_, body, status, message) => {
    const { call } = setup({ TARGET_PASSWORD: 'secret' });
    const response = call('POST', '/auth/login', { body });
    expect(response.status).toBe(status);
    expect(response.body).toBe(JSON.stringify({ detail: message }));
  });

  test.each([
    ['a list', '[1]'],
    ['a string', '"loadtest"'],
    ['null', 'null'],
  ])('a JSON body that is not an object (%s) is the plain-text 500 of the backend', (_, body) => {
    const { call } = setup();
    const response = call('POST', '/auth/login', { body });
    expect([response.status, response.headers['content-type'], response.body]).toEqual([
      500,
      'text/plain; charset=utf-8',
      'Internal Server Error',
    ]);
  });

  test('the guest password is refused when none is set', () => {
    const { call } = setup();
    expect(call('POST', '/auth/login', { body: { password: '' } }).status).toBe(400);
    expect(call('POST', '/auth/login', { body: { password: 'guest' } }).status).toBe(401);
  });
});

describe('authentication', () => {
  test('only X-API-Key authenticates; Authorization: Bearer is ignored', () => {
    const { call, login } = setup();
    const token = login();
    expect(call('GET', '/rooms', { token }).status).toBe(200);
    const bearer = call('GET', '/rooms', { headers: { authorization: `Bearer ${token}` } });
    expect(bearer.status).toBe(401);
    expect(bearer.body).toBe('{"detail":"Invalid or missing authentication token"}');
    expect(call('GET', '/rooms', { token: `${token}x` }).status).toBe(401);
  });

  test('an unknown path is 401 without a token and 404 with one', () => {
    const { call, login } = setup();
    expect(call('GET', '/nowhere').status).toBe(401);
    const found = call('GET', '/nowhere', { token: login() });
    expect(found.status).toBe(404);
    expect(found.body).toBe('{"detail":"Not Found"}');
  });

  test('/auth/health needs no token; there is no /health at the root', () => {
    const { call, login } = setup();
    const health = call('GET', '/auth/health');
    expect(health.status).toBe(200);
    expect(health.body).toBe('{"status":"healthy"}');
    expect(call('GET', '/health', { token: login() }).status).toBe(404);
  });

  test('OPTIONS needs no token: a preflight gets 200, a bare OPTIONS 405 or 404', () => {
    const { call } = setup();
    const preflight = call('OPTIONS', '/rooms/1/messages/poll', {
      headers: { origin: 'http://app', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://app');
    expect(call('OPTIONS', '/rooms').status).toBe(405);
    expect(call('OPTIONS', '/nowhere').status).toBe(404);
  });

  test.each([
    '/auth/login',
    '/auth/health',
    '/rooms',
    '/rooms/1',
    '/rooms/1/messages/poll',
    '/rooms/1/chatting-agents',
    '/rooms/1/messages/send',
  ])('a bare OPTIONS of %s, without a token, is 405 {"detail":"Method Not Allowed"}', (path) => {
    const { call } = setup();
    const response = call('OPTIONS', path);
    expect([response.status, response.body]).toEqual([405, '{"detail":"Method Not Allowed"}']);
  });

  test('the ngrok header is ignored', () => {
    const { call, login } = setup();
    const token = login();
    const response = call('GET', '/rooms', {
      token,
      headers: { 'ngrok-skip-browser-warning': 'true' },
    });
    expect(response.status).toBe(200);
  });

  test('a wrong method on a known path is 405 with allow', () => {
    const { call, login } = setup();
    const response = call('PUT', '/rooms', { token: login() });
    expect(response.status).toBe(405);
    expect(response.body).toBe('{"detail":"Method Not Allowed"}');
    expect(response.headers.allow).toBe('GET, POST, HEAD');
  });
});

describe('rooms', () => {
  test('create returns 200 with the full room', () => {
    const { call, login, clock } = setup();
    const response = call('POST', '/rooms', {
      token: login(),
      body: { name: 'Load test 1', max_interactions: 5 },
    });
    expect(response.status).toBe(200);
    const stamp = new Date(clock.now()).toISOString();
    expect(JSON.parse(response.body)).toEqual({
      id: 1,
      name: 'Load test 1',
      owner_id: 'admin',
      max_interactions: 5,
      is_paused: false,
      is_finished: false,
      created_at: stamp,
      last_activity_at: stamp,
      agents: [],
      messages: [],
      world_id: null,
      world_phase: null,
    });
    expect(stamp).toMatch(/Z$/);
  });

  test('a duplicate name is 409, across owners for the admin', () => {
    const { call, login } = setup({ GUEST_PASSWORD: 'visitor' });
    const admin = login();
    const guest = login('visitor');
    expect(call('POST', '/rooms', { token: guest, body: { name: 'Tavern' } }).status).toBe(200);
    const duplicate = call('POST', '/rooms', { token: admin, body: { name: 'Tavern' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toBe(`{"detail":"Room with name 'Tavern' already exists"}`);
    // A guest only sees (and collides with) its own rooms.
    expect(call('POST', '/rooms', { token: admin, body: { name: 'Hall' } }).status).toBe(200);
    expect(call('POST', '/rooms', { token: guest, body: { name: 'Hall' } }).status).toBe(200);
  });

  test.each([
    ['missing name', {}, 'missing'],
    ['name not a string', { name: 3 }, 'string_type'],
    ['max_interactions not an integer', { name: 'a', max_interactions: 'x' }, 'int_type'],
    ['malformed json', '{"name"', 'json_invalid'],
    ['not an object', '[]', 'model_attributes_type'],
  ])('%s -> 422', (_, body, type) => {
    const { call, login } = setup();
    const response = call('POST', '/rooms', { token: login(), body });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).detail[0].type).toBe(type);
  });

  test('ids are max + 1: deleting the newest room frees its id', () => {
    const { call, login, createRoom } = setup();
    const token = login();
    expect(createRoom(token, 'a')).toBe(1);
    expect(createRoom(token, 'b')).toBe(2);
    const deleted = call('DELETE', '/rooms/2', { token });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toBe('{"message":"Room deleted successfully"}');
    expect(createRoom(token, 'c')).toBe(2);
    expect(call('DELETE', '/rooms/1', { token }).status).toBe(200);
    expect(createRoom(token, 'd')).toBe(3);
  });

  test('delete is admin only: 403 for a guest even when the room is missing', () => {
    const { call, login, createRoom } = setup({ GUEST_PASSWORD: 'visitor' });
    const guest = login('visitor');
    const own = createRoom(guest, 'mine');
    const forbidden = {
      detail:
        'This action requires admin privileges. Guests can chat but cannot modify rooms, agents, or messages.',
    };
    for (const path of [`/rooms/${own}`, '/rooms/99', '/rooms/abc']) {
      const response = call('DELETE', path, { token: guest });
      expect(response.status).toBe(403);
      expect(JSON.parse(response.body)).toEqual(forbidden);
    }
    const missing = call('DELETE', '/rooms/99', { token: login() });
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('{"detail":"Room not found"}');
  });

  test('the admin lists every room, a guest only its own', () => {
    const { call, login, createRoom } = setup({ GUEST_PASSWORD: 'visitor' });
    const admin = login();
    const guest = login('visitor');
    createRoom(admin, 'a');
    createRoom(guest, 'g');
    const names = (token: string) =>
      JSON.parse(call('GET', '/rooms', { token }).body).map((r: { name: string }) => r.name);
    expect(names(admin)).toEqual(['a', 'g']);
    expect(names(guest)).toEqual(['g']);
  });

  test('room access: 404 for a missing room, then 403 for a guest on a room not its own', () => {
    const { call, login, createRoom } = setup({ GUEST_PASSWORD: 'visitor' });
    const admin = login();
    const guest = login('visitor');
    const room = createRoom(admin, 'a');
    const missing = call('GET', '/rooms/42/messages/poll', { token: guest });
    expect(missing.status).toBe(404);
    expect(missing.body).toBe('{"detail":"Room with id 42 not found"}');
    for (const path of [`/rooms/${room}/messages/poll`, `/rooms/${room}/chatting-agents`]) {
      const response = call('GET', path, { token: guest });
      expect(response.status).toBe(403);
      expect(response.body).toBe('{"detail":"You do not have access to this room"}');
    }
  });
});

describe('messages', () => {
  test('send returns the saved message; poll returns messages oldest first', () => {
    const { call, login, createRoom } = setup();
    const token = login();
    const room = createRoom(token, 'a');
    const sent = call('POST', `/rooms/${room}/messages/send`, {
      token,
      body: { content: 'hello', role: 'user', participant_type: 'user' },
    });
    expect(sent.status).toBe(200);
    expect(JSON.parse(sent.body)).toMatchObject({
      id: 1,
      room_id: room,
      content: 'hello',
      role: 'user',
      participant_type: 'user',
      agent_id: null,
    });
    call('POST', `/rooms/${room}/messages/send`, {
      token,
      body: { content: 'again', role: 'user' },
    });
    const polled = JSON.parse(call('GET', `/rooms/${room}/messages/poll`, { token }).body);
    expect(polled.map((m: { content: string }) => m.content)).toEqual(['hello', 'again']);
    const since = JSON.parse(
      call('GET', `/rooms/${room}/messages/poll?since_id=1`, { token }).body,
    );
    expect(since.map((m: { id: number }) => m.id)).toEqual([2]);
  });

  test('poll returns at most 100, the oldest ones after since_id', () => {
    const { call, login, createRoom } = setup();
    const token = login();
    const room = createRoom(token, 'a');
    for (let i = 0; i < 150; i += 1) {
      call('POST', `/rooms/${room}/messages/send`, {
        token,
        body: { content: `m${i}`, role: 'user' },
      });
    }
    const ids = (query: string) =>
      JSON.parse(call('GET', `/rooms/${room}/messages/poll${query}`, { token }).body).map(
        (m: { id: number }) => m.id,
      );
    const first = ids('');
    expect(first).toHaveLength(100);
    expect(first[0]).toBe(1);
    expect(first[99]).toBe(100);
    expect(ids('?since_id=120')).toEqual(Array.from({ length: 30 }, (_, i) => 121 + i));
    expect(ids('?since_id=150')).toEqual([]);
  });

  test.each(['abc', '', '1.5'])('since_id=%j is a 422', (value) => {
    const { call, login, createRoom } = setup();
    const token = login();
    const room = createRoom(token, 'a');
    const response = call('GET', `/rooms/${room}/messages/poll?since_id=${value}`, { token });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).detail).toEqual([
      {
        type: 'int_parsing',
        loc: ['query', 'since_id'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        input: value,
      },
    ]);
  });

  test('a non-integer room id is a 422', () => {
    const { call, login } = setup();
    const response = call('GET', '/rooms/abc/chatting-agents', { token: login() });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).detail[0].loc).toEqual(['path', 'room_id']);
  });

  test('send validates content and role', () => {
    const { call, login, createRoom } = setup();
    const token = login();
    const room = createRoom(token, 'a');
    const response = call('POST', `/rooms/${room}/messages/send`, {
      token,
      body: { role: 'robot' },
    });
    expect(response.status).toBe(422);
    expect(JSON.parse(response.body).detail.map((e: { type: string }) => e.type)).toEqual([
      'missing',
      'enum',
    ]);
  });

  test('chatting-agents is empty without activity', () => {
    const { call, login, createRoom } = setup();
    const token = login();
    const room = createRoom(token, 'a');
    const response = call('GET', `/rooms/${room}/chatting-agents`, { token });
    expect(response.status).toBe(200);
    expect(response.body).toBe('{"chatting_agents":[]}');
  });
});
