import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { coreRequest, recordingSink, virtualClock } from './testing';

/** 2026-12-01 19:33:31.877 UTC: the first ping of a stream opened then is at 19:33:46.877. */
const START = Date.UTC(2026, 11, 1, 19, 33, 31, 877);

function setup(env: Record<string, string> = {}) {
  const clock = virtualClock(START);
  const core = createStandIn(
    parseServerOptions({ RATELIMIT_ENABLED: 'false', GUEST_PASSWORD: 'visitor', ...env }),
    clock,
  );
  const call = (method: string, path: string, options: Parameters<typeof coreRequest>[2] = {}) =>
    core.handle(coreRequest(method, path, options));
  const login = (password = 'loadtest'): string =>
    JSON.parse(call('POST', '/auth/login', { body: { password } }).body).api_key;
  const token = login();
  const ticket = (roomId: number | string, as = token): string => {
    const response = call('POST', `/rooms/${roomId}/stream/ticket`, { token: as });
    expect(response.status).toBe(200);
    return JSON.parse(response.body).ticket;
  };
  /** Opens a stream on the room (a fresh ticket unless given) and records what it gets. */
  const open = (roomId: number, withTicket = ticket(roomId)) => {
    const response = call('GET', `/rooms/${roomId}/stream?ticket=${withTicket}`);
    expect(response.status).toBe(200);
    const sink = recordingSink();
    response.stream?.open(sink);
    return { response, sink, stream: response.stream };
  };
  /** Moves the virtual clock in 100 ms steps (the Node adapter's tick), ticking each. */
  const run = (ms: number) => {
    for (let left = ms; left > 0; left -= 100) {
      clock.advance(Math.min(100, left));
      core.tick();
    }
  };
  const createRoom = (name: string, as = token): number =>
    JSON.parse(call('POST', '/rooms', { token: as, body: { name } }).body).id;
  return { clock, core, call, login, token, ticket, open, run, createRoom };
}

const CONNECTED_1 = 'event: connected\r\ndata: {"room_id": 1}\r\n\r\n';
const KEEPALIVE = 'event: keepalive\r\ndata: \r\n\r\n';

describe('POST /rooms/{id}/stream/ticket', () => {
  test('200 {"ticket": 43 url-safe characters}, for any room id, existing or not', () => {
    const { call, token, createRoom } = setup();
    createRoom('r');
    for (const roomId of [1, 999]) {
      const response = call('POST', `/rooms/${roomId}/stream/ticket`, { token });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/json');
      expect(response.body).toMatch(/^\{"ticket":"[A-Za-z0-9_-]{43}"\}$/);
    }
  });

  test('no ownership check: a guest gets a ticket for the admin room', () => {
    const { call, login, createRoom } = setup();
    const room = createRoom('admins');
    expect(call('POST', `/rooms/${room}/stream/ticket`, { token: login('visitor') }).status).toBe(
      200,
    );
  });

  test('without X-API-Key: 401; a non-integer id: 422', () => {
    const { call, token } = setup();
    const anonymous = call('POST', '/rooms/1/stream/ticket');
    expect([anonymous.status, anonymous.body]).toEqual([
      401,
      '{"detail":"Invalid or missing authentication token"}',
    ]);
    const bad = call('POST', '/rooms/abc/stream/ticket', { token });
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.body).detail[0]).toMatchObject({
      type: 'int_parsing',
      loc: ['path', 'room_id'],
    });
  });
});

describe('GET /rooms/{id}/stream', () => {
  test('200 with the SSE headers, then connected in Python JSON with CRLF', () => {
    const { open, createRoom } = setup();
    createRoom('r');
    const { response, sink } = open(1);
    expect(response.headers).toEqual({
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'content-type': 'text/event-stream; charset=utf-8',
    });
    expect(response.headers['content-length']).toBeUndefined();
    expect(response.body).toBe('');
    expect(sink.text()).toBe(CONNECTED_1);
  });

  test('needs no token (the ticket is the credential), and a room need not exist', () => {
    const { call, ticket } = setup();
    const response = call('GET', `/rooms/42/stream?ticket=${ticket(42)}`);
    expect(response.status).toBe(200);
    const sink = recordingSink();
    response.stream?.open(sink);
    expect(sink.text()).toBe('event: connected\r\ndata: {"room_id": 42}\r\n\r\n');
  });

  test('a ticket is single use, even when it was refused for the wrong room', () => {
    const { call, ticket, open } = setup();
    const once = ticket(1);
    open(1, once);
    const reused = call('GET', `/rooms/1/stream?ticket=${once}`);
    expect([reused.status, reused.body]).toEqual([401, '{"detail":"Invalid or expired ticket"}']);
    expect(reused.stream).toBeUndefined();
    const forTwo = ticket(2);
    expect(call('GET', `/rooms/1/stream?ticket=${forTwo}`).status).toBe(401);
    expect(call('GET', `/rooms/2/stream?ticket=${forTwo}`).status).toBe(401);
  });

  test('a ticket is valid for 60 s: at 60 s it opens, after it is refused', () => {
    const { clock, call, ticket } = setup();
    const early = ticket(1);
    const late = ticket(1);
    clock.advance(60_000);
    expect(call('GET', `/rooms/1/stream?ticket=${early}`).status).toBe(200);
    clock.advance(1);
    expect(call('GET', `/rooms/1/stream?ticket=${late}`).status).toBe(401);
  });

  test('a made-up ticket is 401; a missing one or a bad id is 422 naming both', () => {
    const { call } = setup();
    expect(call('GET', '/rooms/1/stream?ticket=nope').body).toBe(
      '{"detail":"Invalid or expired ticket"}',
    );
    const missing = JSON.parse(call('GET', '/rooms/x/stream').body);
    expect(missing.detail.map((e: { loc: string[] }) => e.loc)).toEqual([
      ['path', 'room_id'],
      ['query', 'ticket'],
    ]);
  });

  test('/_stats counts tickets issued, used and refused by reason', () => {
    const { clock, call, core, ticket, open } = setup();
    const used = ticket(1);
    open(1, used);
    call('GET', `/rooms/1/stream?ticket=${used}`);
    call('GET', `/rooms/2/stream?ticket=${ticket(3)}`);
    const old = ticket(1);
    clock.advance(61_000);
    call('GET', `/rooms/1/stream?ticket=${old}`);
    expect(core.stats().tickets).toEqual({
      issued: 3,
      used: 1,
      refused: 3,
      refused_unknown: 1,
      refused_expired: 1,
      refused_other_room: 1,
    });
    expect(core.stats().endpoints['GET /rooms/{id}/stream']).toEqual({
      requests: 4,
      statuses: { 200: 1, 401: 3 },
    });
  });
});

describe('keepalives and pings on one shared tick', () => {
  test('idle: a ping and a keepalive every 15 s, byte for byte', () => {
    const { open, run } = setup();
    const { sink } = open(1);
    run(14_900);
    expect(sink.text()).toBe(CONNECTED_1);
    run(100);
    expect(sink.text()).toBe(
      `${CONNECTED_1}: ping - 2026-12-01 19:33:46.877000+00:00\r\n\r\n${KEEPALIVE}`,
    );
    run(15_000);
    expect(sink.frames.slice(3)).toEqual([
      ': ping - 2026-12-01 19:34:01.877000+00:00\r\n\r\n',
      KEEPALIVE,
    ]);
  });

  test('a clock that jumps a minute gets every frame, in time order, stamped when due', () => {
    const { clock, core, open } = setup();
    const { sink } = open(1);
    clock.advance(61_000);
    core.tick();
    expect(sink.frames).toEqual([
      CONNECTED_1,
      ...['19:33:46', '19:34:01', '19:34:16', '19:34:31'].flatMap((t) => [
        `: ping - 2026-12-01 ${t}.877000+00:00\r\n\r\n`,
        KEEPALIVE,
      ]),
    ]);
  });

  test('a broadcast event restarts the keepalive wait; the ping keeps its own beat', () => {
    const { open, run, createRoom } = setup({
      ACTIVITY_MESSAGES_PER_MINUTE: '6',
      ACTIVITY_GENERATING: '0s',
    });
    createRoom('busy');
    const { sink } = open(1);
    run(15_000);
    // One agent message at 10 s (stream_start, content_delta, stream_end, new_message), so the
    // 15 s ping comes but the keepalive waits until 25 s.
    expect(sink.events()).toEqual([
      'connected',
      'stream_start',
      'content_delta',
      'stream_end',
      'new_message',
      'ping',
    ]);
  });

  test('no timer per stream: 1,000 streams opened together, each gets its own frames', () => {
    const { open, run } = setup();
    const sinks = Array.from({ length: 1000 }, (_, i) => open(i + 1).sink);
    run(30_000);
    for (const sink of sinks) {
      expect(sink.events()).toEqual(['connected', 'ping', 'keepalive', 'ping', 'keepalive']);
    }
  });
});

describe('what is broadcast', () => {
  function busy() {
    const s = setup({ ACTIVITY_MESSAGES_PER_MINUTE: '6', ACTIVITY_GENERATING: '3s' });
    const room = s.createRoom('busy');
    return { ...s, room };
  }

  test('an agent message: stream_start, content_delta until the line is whole, stream_end, new_message', () => {
    const { open, run, call, token, room } = busy();
    const { sink } = open(room);
    run(10_000);
    const events = sink.events();
    expect(events[1]).toBe('stream_start');
    expect(events.slice(-2)).toEqual(['stream_end', 'new_message']);
    const data = sink.data();
    const start = data[1] as { agent_id: number; agent_name: string; temp_id: string };
    expect(start).toEqual({
      type: 'stream_start',
      agent_id: 1,
      agent_name: 'Ada',
      temp_id: expect.stringMatching(/^temp_room_1_agent_1_[0-9a-f]{8}$/),
    });
    const deltas = data.filter((d) => (d as { type: string }).type === 'content_delta') as {
      delta: string;
      temp_id: string;
    }[];
    expect(deltas.length).toBeGreaterThan(10);
    expect(new Set(deltas.map((d) => d.temp_id))).toEqual(new Set([start.temp_id]));
    const [message] = JSON.parse(call('GET', `/rooms/${room}/messages/poll`, { token }).body);
    expect(deltas.map((d) => d.delta).join('')).toBe(message.content);
    expect(data.at(-2)).toEqual({
      type: 'stream_end',
      agent_id: 1,
      temp_id: start.temp_id,
      skipped: false,
    });
    expect(data.at(-1)).toEqual({
      type: 'new_message',
      message: {
        id: message.id,
        content: message.content,
        role: 'assistant',
        agent_id: 1,
        agent_name: 'Ada',
        agent_profile_pic: null,
        thinking: null,
        timestamp: '2026-12-01T19:33:41.877000',
        chat_session_id: null,
        game_time_snapshot: null,
      },
    });
    // json.dumps spacing on the wire.
    expect(sink.text()).toContain(`data: {"type": "stream_end", "agent_id": 1, "temp_id": "`);
  });

  test('a stream opened mid-reply gets catch_up with the text so far, then connected', () => {
    const { open, run, room } = busy();
    const first = open(room).sink;
    run(8_500);
    const late = open(room).sink;
    expect(late.events()).toEqual(['catch_up', 'connected']);
    const sent = first
      .data()
      .filter((d) => (d as { type: string }).type === 'content_delta')
      .map((d) => (d as { delta: string }).delta)
      .join('');
    expect(late.data()[0]).toEqual({
      type: 'catch_up',
      agent_id: 1,
      agent_name: 'Ada',
      thinking_text: '',
      response_text: sent,
    });
    run(1_500);
    expect(late.events().slice(-2)).toEqual(['stream_end', 'new_message']);
  });

  test('a user message is never broadcast; the reply to it is', () => {
    const { open, run, call, token, room } = busy();
    const { sink } = open(room);
    run(1_000);
    call('POST', `/rooms/${room}/messages/send`, { token, body: { content: 'hi', role: 'user' } });
    run(3_000);
    const messages = sink
      .data()
      .filter((d) => (d as { type: string }).type === 'new_message')
      .map((d) => (d as { message: { role: string; agent_name: string } }).message);
    expect(messages).toEqual([expect.objectContaining({ role: 'assistant', agent_name: 'Basho' })]);
    expect(sink.text()).not.toContain('"hi"');
  });

  test('a message that lands on a poll between ticks is broadcast at once', () => {
    const { clock, core, open, call, token, room } = busy();
    const { sink } = open(room);
    clock.advance(10_000);
    call('GET', `/rooms/${room}/messages/poll`, { token });
    expect(sink.events().at(-1)).toBe('new_message');
    core.tick();
    expect(sink.events().filter((e) => e === 'new_message')).toHaveLength(1);
  });

  test('streams on other rooms and a world room hear nothing but keepalives and pings', () => {
    const { open, run, call, token, room } = busy();
    expect(call('POST', '/worlds/', { token, body: { name: 'quiet' } }).status).toBe(200);
    const world = JSON.parse(call('GET', '/worlds/1', { token }).body).onboarding_room_id;
    const elsewhere = open(room + 100).sink;
    const worldRoom = open(world).sink;
    run(30_000);
    for (const sink of [elsewhere, worldRoom]) {
      expect(sink.events()).toEqual(['connected', 'ping', 'keepalive', 'ping', 'keepalive']);
    }
  });

  test('/_stats counts frames by event and their bytes', () => {
    const { core, open, run } = setup();
    open(1);
    run(15_000);
    const frames = [CONNECTED_1, ': ping - 2026-12-01 19:33:46.877000+00:00\r\n\r\n', KEEPALIVE];
    expect(core.stats().streams).toMatchObject({
      frames: { connected: 1, ping: 1, keepalive: 1, new_message: 0 },
      bytes: frames.join('').length,
    });
  });
});

describe('open streams in /_stats', () => {
  test('open now, the peak, and how they ended', () => {
    const { core, open } = setup();
    const a = open(1).stream;
    const b = open(1).stream;
    open(2);
    a?.close();
    a?.close();
    b?.close();
    expect(core.stats().streams).toMatchObject({
      open: 1,
      peak_open: 3,
      opened: 3,
      closed_by_client: 2,
      dropped_by_fault: 0,
      refused_by_fault: 0,
    });
    core.endStreams();
    expect(core.stats().streams).toMatchObject({ open: 0, ended_at_shutdown: 1 });
  });

  test('a stream closed before it opened (client gone during a delay) is never counted open', () => {
    const { core, call, ticket } = setup({ FAULT_STREAM_LIMIT: '1' });
    const response = call('GET', `/rooms/1/stream?ticket=${ticket(1)}`);
    expect(call('GET', `/rooms/1/stream?ticket=${ticket(1)}`).status).toBe(503);
    response.stream?.close();
    response.stream?.open(recordingSink());
    expect(core.stats().streams).toMatchObject({ open: 0, opened: 0, refused_by_fault: 1 });
    expect(call('GET', `/rooms/1/stream?ticket=${ticket(1)}`).status).toBe(200);
  });
});

describe('FAULT_STREAM_DROP', () => {
  test('each stream is ended by the server that long after it opened', () => {
    const { core, open, run } = setup({ FAULT_STREAM_DROP: '20s' });
    const first = open(1).sink;
    run(5_000);
    const second = open(1).sink;
    run(15_000);
    expect(first.ended).toBe(true);
    expect(first.events()).toEqual(['connected', 'ping', 'keepalive']);
    expect(second.ended).toBe(false);
    run(5_000);
    expect(second.ended).toBe(true);
    expect(core.stats().streams).toMatchObject({ open: 0, opened: 2, dropped_by_fault: 2 });
  });
});

describe('FAULT_STREAM_LIMIT', () => {
  test('beyond n open streams a stream is refused with a 503 before its ticket is read', () => {
    const { core, call, ticket, open } = setup({ FAULT_STREAM_LIMIT: '2' });
    const first = open(1).stream;
    open(1);
    const kept = ticket(1);
    const refused = call('GET', `/rooms/1/stream?ticket=${kept}`);
    expect([refused.status, refused.headers['content-type'], refused.body]).toEqual([
      503,
      'text/plain; charset=utf-8',
      'Service Unavailable',
    ]);
    expect(refused.stream).toBeUndefined();
    first?.close();
    expect(call('GET', `/rooms/1/stream?ticket=${kept}`).status).toBe(200);
    expect(core.stats().streams.refused_by_fault).toBe(1);
    expect(core.stats().endpoints['GET /rooms/{id}/stream']?.statuses).toEqual({ 200: 3, 503: 1 });
  });

  test('FAULT_STREAM_REFUSAL=close: no answer at all, the connection is to be dropped', () => {
    const { core, call, ticket, open } = setup({
      FAULT_STREAM_LIMIT: '1',
      FAULT_STREAM_REFUSAL: 'close',
    });
    open(1);
    const refused = call('GET', `/rooms/1/stream?ticket=${ticket(1)}`);
    expect(refused.dropConnection).toBe(true);
    expect(refused.status).toBe(0);
    expect(core.stats().endpoints['GET /rooms/{id}/stream']?.statuses).toEqual({ 200: 1, 0: 1 });
  });

  test('other requests are not limited', () => {
    const { call, token, open, createRoom } = setup({ FAULT_STREAM_LIMIT: '1' });
    open(1);
    expect(call('POST', '/rooms/1/stream/ticket', { token }).status).toBe(200);
    createRoom('still');
    expect(call('GET', '/rooms', { token }).status).toBe(200);
  });
});
