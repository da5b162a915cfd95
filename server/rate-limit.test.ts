import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { FixedWindowLimiter } from './rate-limiter';
import { coreRequest, virtualClock } from './testing';

const POLL_429 = '{"error":"Rate limit exceeded: 60 per 1 minute"}';

function setup(env: Record<string, string> = {}) {
  const clock = virtualClock();
  const core = createStandIn(parseServerOptions({ GUEST_PASSWORD: 'visitor', ...env }), clock);
  const call = (method: string, path: string, options: Parameters<typeof coreRequest>[2] = {}) =>
    core.handle(coreRequest(method, path, options));
  const token = JSON.parse(call('POST', '/auth/login', { body: { password: 'loadtest' } }).body)
    .api_key as string;
  const room = (name: string): number =>
    JSON.parse(call('POST', '/rooms', { token, body: { name } }).body).id;
  /** Statuses of `count` GETs of `path`. */
  const statuses = (path: string, count: number, options = {}) =>
    Array.from({ length: count }, () => call('GET', path, { token, ...options }).status);
  return { clock, call, token, room, statuses };
}

function tally(statuses: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe('rate limits, as slowapi applies them', () => {
  test('the 61st poll in a window is a 429 with the exact body and no extra headers', () => {
    const { call, token, room, statuses } = setup();
    const id = room('a');
    const path = `/rooms/${id}/messages/poll`;
    expect(statuses(path, 60)).toEqual(Array(60).fill(200));
    const refused = call('GET', path, { token });
    expect(refused.status).toBe(429);
    expect(refused.body).toBe(POLL_429);
    expect(refused.headers).toEqual({ 'content-type': 'application/json' });
  });

  test('another room, another endpoint and a query string change nothing but the path', () => {
    const { call, token, room, statuses } = setup();
    const [a, b] = [room('a'), room('b')];
    statuses(`/rooms/${a}/messages/poll`, 60);
    expect(call('GET', `/rooms/${a}/messages/poll?since_id=5`, { token }).status).toBe(429);
    expect(call('GET', `/rooms/${b}/messages/poll`, { token }).status).toBe(200);
    expect(call('GET', `/rooms/${a}/chatting-agents`, { token }).status).toBe(200);
  });

  test('chatting-agents allows 120, send 30, login 20 per minute', () => {
    const { call, token, room, statuses } = setup();
    const id = room('a');
    expect(tally(statuses(`/rooms/${id}/chatting-agents`, 121))).toEqual({ 200: 120, 429: 1 });
    const sends = Array.from(
      { length: 31 },
      () =>
        call('POST', `/rooms/${id}/messages/send`, { token, body: { content: 'x', role: 'user' } })
          .status,
    );
    expect(tally(sends)).toEqual({ 200: 30, 429: 1 });
    // One login already happened in setup.
    const logins = Array.from(
      { length: 20 },
      () => call('POST', '/auth/login', { body: { password: 'loadtest' } }).status,
    );
    expect(tally(logins)).toEqual({ 200: 19, 429: 1 });
    const last = call('POST', '/auth/login', { body: { password: 'loadtest' } });
    expect(last.body).toBe('{"error":"Rate limit exceeded: 20 per 1 minute"}');
  });

  test('wrong passwords use login quota (the limit runs before the handler body)', () => {
    const { call } = setup();
    const wrong = Array.from(
      { length: 20 },
      () => call('POST', '/auth/login', { body: { password: 'nope' } }).status,
    );
    expect(tally(wrong)).toEqual({ 401: 19, 429: 1 });
  });

  test('every login attempt uses quota, 400 and 500 included, and locks out the right password', () => {
    const { call } = setup();
    // One login already happened in setup; 19 more attempts of every kind fill the window.
    const bodies = ['{"password":', '{}', '[]', '{"password":"nope"}', '{"password":5}'];
    const attempts = Array.from(
      { length: 19 },
      (_, i) => call('POST', '/auth/login', { body: bodies[i % bodies.length] }).status,
    );
    expect(tally(attempts)).toEqual({ 400: 8, 500: 4, 401: 7 });
    const right = call('POST', '/auth/login', { body: { password: 'loadtest' } });
    expect([right.status, right.body]).toEqual([
      429,
      '{"error":"Rate limit exceeded: 20 per 1 minute"}',
    ]);
  });

  test('a 401 does not use quota', () => {
    const { room, statuses } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    expect(statuses(path, 100, { token: 'bogus' })).toEqual(Array(100).fill(401));
    expect(statuses(path, 60)).toEqual(Array(60).fill(200));
  });

  test('a 422 does not use quota', () => {
    const { room, statuses } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    expect(tally(statuses(`${path}?since_id=x`, 100))).toEqual({ 422: 100 });
    expect(statuses(path, 60)).toEqual(Array(60).fill(200));
  });

  test('a 404 uses quota', () => {
    const { statuses } = setup();
    expect(tally(statuses('/rooms/99/messages/poll', 61))).toEqual({ 404: 60, 429: 1 });
  });

  test('a 403 uses quota', () => {
    const { call, room } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    const guest = JSON.parse(
      call('POST', '/auth/login', { body: { password: 'visitor' } }).body,
    ).api_key;
    const result = Array.from({ length: 61 }, () => call('GET', path, { token: guest }).status);
    expect(tally(result)).toEqual({ 403: 60, 429: 1 });
  });

  test('every client behind one IP shares the bucket, whatever token it uses', () => {
    const { call, room, statuses } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    statuses(path, 30);
    const other = JSON.parse(
      call('POST', '/auth/login', { body: { password: 'loadtest' } }).body,
    ).api_key;
    expect(tally(statuses(path, 31, { token: other }))).toEqual({ 200: 30, 429: 1 });
  });

  test('another client IP has its own bucket', () => {
    const { room, statuses } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    statuses(path, 61);
    expect(statuses(path, 60, { clientIp: '127.0.0.2' })).toEqual(Array(60).fill(200));
  });

  test('the window starts at the first hit and resets after exactly its length', () => {
    const { clock, room, statuses } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    clock.advance(12_345); // not aligned to any clock minute
    statuses(path, 1);
    clock.advance(30_000);
    statuses(path, 59);
    clock.advance(29_999);
    expect(statuses(path, 1)).toEqual([429]);
    clock.advance(1);
    expect(statuses(path, 60)).toEqual(Array(60).fill(200));
    expect(statuses(path, 1)).toEqual([429]);
  });

  test('refused requests do not extend the window', () => {
    const { clock, room, statuses } = setup();
    const path = `/rooms/${room('a')}/messages/poll`;
    statuses(path, 60);
    for (let i = 0; i < 59; i += 1) {
      clock.advance(1000);
      expect(statuses(path, 1)).toEqual([429]);
    }
    clock.advance(1000);
    expect(statuses(path, 1)).toEqual([200]);
  });

  test('RATELIMIT_ENABLED=false turns every limit off', () => {
    const { room, statuses } = setup({ RATELIMIT_ENABLED: 'false' });
    expect(statuses(`/rooms/${room('a')}/messages/poll`, 500)).toEqual(Array(500).fill(200));
  });

  test('the earlier profile allows 360 polls; overrides and short windows apply', () => {
    const earlier = setup({ RATELIMIT_PROFILE: 'earlier' });
    const earlierPath = `/rooms/${earlier.room('a')}/messages/poll`;
    expect(tally(earlier.statuses(earlierPath, 361))).toEqual({ 200: 360, 429: 1 });

    const custom = setup({ LIMIT_POLL: '3', RATELIMIT_WINDOW: '2s' });
    const path = `/rooms/${custom.room('a')}/messages/poll`;
    expect(custom.statuses(path, 3)).toEqual([200, 200, 200]);
    const refused = custom.call('GET', path, { token: custom.token });
    expect(refused.body).toBe('{"error":"Rate limit exceeded: 3 per 2 second"}');
    custom.clock.advance(2000);
    expect(custom.statuses(path, 1)).toEqual([200]);
  });

  test('/_stats is never rate limited', () => {
    const { statuses } = setup({ LIMIT_POLL: '1' });
    expect(statuses('/_stats', 200)).toEqual(Array(200).fill(200));
  });
});

describe('FixedWindowLimiter', () => {
  test('expired buckets are dropped, so memory follows live windows only', () => {
    const limiter = new FixedWindowLimiter(1000);
    for (let i = 0; i < 500; i += 1) limiter.hit(`k${i}`, 1, 0);
    expect(limiter.size).toBe(500);
    limiter.hit('late', 1, 1000);
    expect(limiter.size).toBe(1);
  });

  test('beyond the bucket cap the oldest window is forgotten', () => {
    const limiter = new FixedWindowLimiter(60_000, 3);
    for (const key of ['a', 'b', 'c', 'd']) limiter.hit(key, 1, 0);
    expect(limiter.size).toBe(3);
    expect(limiter.hit('a', 1, 1)).toBe(true);
    expect(limiter.hit('d', 1, 1)).toBe(false);
  });
});
