import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { coreRequest, virtualClock } from './testing';
import { worldFolderName } from './worlds';

const START = Date.UTC(2026, 11, 1, 19, 0, 0);

function setup(env: Record<string, string> = {}) {
  const clock = virtualClock(START);
  const core = createStandIn(
    parseServerOptions({ GUEST_PASSWORD: 'visitor', ACTIVITY_MESSAGES_PER_MINUTE: '6', ...env }),
    clock,
  );
  const call = (method: string, path: string, options: Parameters<typeof coreRequest>[2] = {}) =>
    core.handle(coreRequest(method, path, options));
  const login = (password = 'loadtest'): string =>
    JSON.parse(call('POST', '/auth/login', { body: { password } }).body).api_key;
  const admin = login();
  const createWorld = (name: string, token = admin) => {
    const response = call('POST', '/worlds/', { token, body: { name } });
    expect(response.status).toBe(200);
    return JSON.parse(response.body) as { id: number; onboarding_room_id: number };
  };
  return { clock, core, call, login, admin, createWorld };
}

const STATE = {
  stats: {},
  inventory_count: 0,
  turn_count: 0,
  phase: 'onboarding',
  pending_phase: null,
  is_chat_mode: false,
  chat_mode_start_message_id: null,
  game_time: { hour: 8, minute: 0, day: 1 },
};

describe('POST /worlds/', () => {
  test('200 with the WorldSummary, in pydantic field order', () => {
    const { call, admin } = setup();
    const response = call('POST', '/worlds/', {
      token: admin,
      body: { name: 'loadtest-probe-w1' },
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe(
      '{"name":"loadtest-probe-w1","user_name":null,"language":"en","id":1,"owner_id":"admin",' +
        '"phase":"onboarding","genre":null,"theme":null,"onboarding_room_id":1,' +
        '"created_at":"2026-12-01T19:00:00.000Z","updated_at":"2026-12-01T19:00:00.000Z",' +
        '"last_played_at":null}',
    );
  });

  test('user_name and language are kept; a guest owns its world', () => {
    const { call, login } = setup();
    const guest = login('visitor');
    const body = { name: 'w', user_name: 'Mina', language: 'ko' };
    const world = JSON.parse(call('POST', '/worlds/', { token: guest, body }).body);
    expect(world).toMatchObject({ user_name: 'Mina', language: 'ko' });
    expect(world.owner_id).toMatch(/^guest-[0-9a-f]{12}$/);
  });

  test('the same name twice -> 400; so is another name with the same folder, any owner', () => {
    const { call, admin, login, createWorld } = setup();
    createWorld('loadtest-probe-w1');
    const again = call('POST', '/worlds/', { token: admin, body: { name: 'loadtest-probe-w1' } });
    expect([again.status, again.body]).toEqual([
      400,
      `{"detail":"World 'loadtest-probe-w1' already exists"}`,
    ]);
    const sameFolder = call('POST', '/worlds/', {
      token: login('visitor'),
      body: { name: 'loadtest-probe-w1/' },
    });
    expect(sameFolder.body).toBe(`{"detail":"World 'loadtest-probe-w1/' already exists"}`);
    expect(worldFolderName(' a/b:c ')).toBe('abc');
  });

  test('validation: name required and a string, language one of en, ko, jp', () => {
    const { call, admin } = setup();
    const detail = (body: unknown) =>
      JSON.parse(call('POST', '/worlds/', { token: admin, body }).body).detail;
    expect(detail({})[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    expect(detail({ name: 5 })[0]).toMatchObject({ type: 'string_type' });
    expect(detail({ name: 'w', language: 'fr' })[0]).toMatchObject({
      type: 'enum',
      loc: ['body', 'language'],
      msg: "Input should be 'en', 'ko' or 'jp'",
    });
  });

  test('the world has an onboarding room with Onboarding_Manager and a system message', () => {
    const { call, admin, createWorld } = setup();
    const world = createWorld('w');
    const room = JSON.parse(
      call('GET', `/rooms/${world.onboarding_room_id}`, { token: admin }).body,
    );
    expect(room).toMatchObject({
      name: 'Onboarding: w',
      owner_id: 'admin',
      world_id: world.id,
      world_phase: 'onboarding',
      agents: [expect.objectContaining({ name: 'Onboarding_Manager', group: 'gameplay' })],
      messages: [
        expect.objectContaining({
          role: 'user',
          participant_type: 'system',
          participant_name: 'System',
        }),
      ],
    });
    const agents = JSON.parse(
      call('GET', `/rooms/${world.onboarding_room_id}/agents`, { token: admin }).body,
    );
    expect(agents.map((a: { name: string }) => a.name)).toEqual(['Onboarding_Manager']);
  });

  test('GET /worlds and POST /worlds are 307 to /worlds/ (after the token check)', () => {
    const { call, admin } = setup();
    for (const method of ['GET', 'POST']) {
      const response = call(method, '/worlds', {
        token: admin,
        headers: { host: '127.0.0.1:8000' },
      });
      expect(response.status).toBe(307);
      expect(response.headers.location).toBe('http://127.0.0.1:8000/worlds/');
      expect(response.body).toBe('');
    }
    expect(call('GET', '/worlds').status).toBe(401);
  });

  test('GET /worlds/ lists only the caller own worlds, admin too', () => {
    const { call, admin, login, createWorld } = setup();
    const guest = login('visitor');
    createWorld('mine');
    createWorld('theirs', guest);
    const names = (token: string) =>
      JSON.parse(call('GET', '/worlds/', { token }).body).map((w: { name: string }) => w.name);
    expect(names(admin)).toEqual(['mine']);
    expect(names(guest)).toEqual(['theirs']);
  });
});

describe('the routes of entering a world', () => {
  test('GET /worlds/{id}: the summary plus stat definitions and lore', () => {
    const { call, admin, createWorld } = setup();
    createWorld('w');
    const world = JSON.parse(call('GET', '/worlds/1', { token: admin }).body);
    expect(world).toMatchObject({
      name: 'w',
      phase: 'onboarding',
      stat_definitions: { stats: [] },
      lore: '# World Lore\n\n*To be written...*\n',
    });
  });

  test('state, locations, suggestions, items, characters, chatting-agents of a new world', () => {
    const { call, admin, createWorld } = setup();
    createWorld('w');
    const get = (path: string) =>
      JSON.parse(call('GET', `/worlds/1${path}`, { token: admin }).body);
    expect(get('/state')).toEqual({
      turn_count: 0,
      id: 1,
      world_id: 1,
      current_location_id: null,
      current_location_name: null,
      stats: {},
      inventory: [],
      effects: [],
      action_history: [],
      is_chat_mode: false,
      chat_mode_start_message_id: null,
      game_time: { hour: 8, minute: 0, day: 1 },
      equipment: {},
    });
    expect(get('/locations')).toEqual([]);
    expect(get('/action/suggestions')).toEqual({ suggestions: [] });
    expect(get('/items')).toEqual({ items: [], count: 0 });
    expect(get('/characters')).toEqual({ characters: [] });
    expect(get('/chatting-agents?poll_onboarding=true')).toEqual({ chatting_agents: [] });
  });

  test('poll: the 227 bytes of the facts page, system message left out', () => {
    const { call, admin, createWorld } = setup();
    createWorld('loadtest-probe-w1');
    const response = call('GET', '/worlds/1/poll?since_message_id=0&poll_onboarding=true', {
      token: admin,
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe(
      '{"messages":[],"state":{"stats":{},"inventory_count":0,"turn_count":0,"phase":"onboarding",' +
        '"pending_phase":null,"is_chat_mode":false,"chat_mode_start_message_id":null,' +
        '"game_time":{"hour":8,"minute":0,"day":1}},"suggestions":[]}',
    );
    expect(Buffer.byteLength(response.body)).toBe(227);
    expect(JSON.parse(call('GET', '/worlds/1/poll', { token: admin }).body).state).toEqual(STATE);
  });

  test('poll: messages after since_message_id in the polling shape, at most 50', () => {
    const { clock, call, admin, createWorld } = setup({ RATELIMIT_ENABLED: 'false' });
    const { onboarding_room_id: room } = createWorld('w');
    for (let i = 0; i < 60; i++) {
      clock.advance(1000);
      call('POST', `/rooms/${room}/messages/send`, {
        token: admin,
        body: { content: `m${i}`, role: 'user' },
      });
    }
    const poll = (query: string) =>
      JSON.parse(call('GET', `/worlds/1/poll${query}`, { token: admin }).body).messages;
    expect(poll('')).toHaveLength(60);
    const since = poll('?since_message_id=5');
    expect(since).toHaveLength(50);
    expect(since[0]).toEqual({
      id: 6,
      content: 'm4',
      role: 'user',
      agent_id: null,
      agent_name: null,
      agent_profile_pic: null,
      thinking: null,
      timestamp: '2026-12-01T19:00:05',
      image_data: null,
      image_media_type: null,
      game_time_snapshot: null,
    });
    // No agent of the activity simulation speaks in a world's room.
    clock.advance(60_000);
    expect(poll('?since_message_id=61')).toEqual([]);
  });

  test('404 World not found, 403 Not your world for a guest, 422 for bad parameters', () => {
    const { call, admin, login, createWorld } = setup();
    createWorld('w');
    const guest = login('visitor');
    for (const path of ['', '/state', '/locations', '/poll', '/items', '/characters']) {
      expect(call('GET', `/worlds/9${path}`, { token: admin }).body).toBe(
        '{"detail":"World not found"}',
      );
      const other = call('GET', `/worlds/1${path}`, { token: guest });
      expect([other.status, other.body]).toEqual([403, '{"detail":"Not your world"}']);
    }
    const bad = JSON.parse(
      call('GET', '/worlds/x/poll?since_message_id=a&poll_onboarding=maybe', { token: admin }).body,
    ).detail;
    expect(bad.map((e: { loc: string[]; type: string }) => [e.loc.join('.'), e.type])).toEqual([
      ['path.world_id', 'int_parsing'],
      ['query.since_message_id', 'int_parsing'],
      ['query.poll_onboarding', 'bool_parsing'],
    ]);
  });
});

describe('DELETE /worlds/{id}', () => {
  test('deletes the world and its rooms -> {"status":"deleted"}; again -> 404', () => {
    const { core, call, admin, createWorld } = setup();
    createWorld('w');
    const deleted = call('DELETE', '/worlds/1', { token: admin });
    expect([deleted.status, deleted.body]).toEqual([200, '{"status":"deleted"}']);
    expect(call('GET', '/rooms', { token: admin }).body).toBe('[]');
    expect(call('GET', '/worlds/1', { token: admin }).status).toBe(404);
    expect(call('DELETE', '/worlds/1', { token: admin }).status).toBe(404);
    expect(core.stats().worlds).toEqual({ created: 1, deleted: 1, existing: 0 });
    createWorld('w');
  });

  test('a guest cannot delete the admin world', () => {
    const { call, login, createWorld } = setup();
    createWorld('w');
    expect(call('DELETE', '/worlds/1', { token: login('visitor') }).body).toBe(
      '{"detail":"Not authorized to delete this world"}',
    );
  });
});

describe('what would start a model call', () => {
  test('start-onboarding answers {"status":"started"} and is counted in /_stats', () => {
    const { core, call, admin, createWorld } = setup();
    createWorld('w');
    expect(core.stats().model_calls).toEqual({
      start_onboarding: 0,
      sends_to_rooms_with_agents: 0,
    });
    const started = call('POST', '/worlds/1/start-onboarding', { token: admin });
    expect([started.status, started.body]).toEqual([200, '{"status":"started"}']);
    expect(call('POST', '/worlds/7/start-onboarding', { token: admin }).status).toBe(404);
    expect(core.stats().model_calls.start_onboarding).toBe(1);
    expect(core.stats().endpoints['POST /worlds/{id}/start-onboarding']).toEqual({
      requests: 2,
      statuses: { 200: 1, 404: 1 },
    });
  });

  test('a message sent to a room with agents is counted; to a chat room it is not', () => {
    const { core, call, admin, createWorld } = setup();
    const { onboarding_room_id: worldRoom } = createWorld('w');
    const chat = JSON.parse(call('POST', '/rooms', { token: admin, body: { name: 'c' } }).body).id;
    for (const room of [worldRoom, chat, worldRoom]) {
      call('POST', `/rooms/${room}/messages/send`, {
        token: admin,
        body: { content: 'hello', role: 'user' },
      });
    }
    expect(core.stats().model_calls.sends_to_rooms_with_agents).toBe(2);
  });
});
