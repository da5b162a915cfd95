import { describe, expect, test } from 'vitest';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { coreRequest, virtualClock } from './testing';

function setup(env: Record<string, string> = {}) {
  const core = createStandIn(
    parseServerOptions({ LIMIT_POLL: '2', GUEST_PASSWORD: 'visitor', ...env }),
    virtualClock(),
  );
  const call = (method: string, path: string, token?: string, body?: unknown) =>
    core.handle(coreRequest(method, path, { token, body }));
  const login = (password: string) =>
    JSON.parse(call('POST', '/auth/login', undefined, { password }).body).api_key as string;
  return { core, call, login };
}

describe('/_stats', () => {
  test('counts requests and statuses per endpoint template and per exact path', () => {
    const { core, call, login } = setup();
    const token = login('loadtest');
    call('POST', '/rooms', token, { name: 'a' });
    for (let i = 0; i < 3; i += 1) call('GET', '/rooms/1/messages/poll?since_id=0', token);
    call('GET', '/rooms/2/messages/poll', token);
    call('GET', '/rooms/1/messages/poll');
    call('GET', '/elsewhere', token);
    const response = call('GET', '/_stats', token);
    expect(response.status).toBe(200);
    const stats = JSON.parse(response.body);
    expect(stats).toEqual(core.stats());
    expect(stats.requests).toBe(8);
    expect(stats.untracked_path_requests).toBe(0);
    expect(stats.endpoints).toEqual({
      'POST /auth/login': { requests: 1, statuses: { 200: 1 } },
      'POST /rooms': { requests: 1, statuses: { 200: 1 } },
      'GET /rooms/{id}/messages/poll': {
        requests: 5,
        statuses: { 200: 2, 404: 1, 429: 1, 401: 1 },
      },
      'GET (unmatched)': { requests: 1, statuses: { 404: 1 } },
    });
    expect(stats.paths['GET /rooms/1/messages/poll']).toEqual({
      requests: 4,
      statuses: { 200: 2, 429: 1, 401: 1 },
    });
    expect(stats.paths['GET /rooms/2/messages/poll']).toEqual({
      requests: 1,
      statuses: { 404: 1 },
    });
  });

  test('is admin only, and never counts itself', () => {
    const { core, call, login } = setup();
    const guest = login('visitor');
    expect(call('GET', '/_stats').status).toBe(401);
    expect(call('GET', '/_stats', guest).status).toBe(403);
    expect(core.stats().requests).toBe(1);
    expect(Object.keys(core.stats().endpoints)).toEqual(['POST /auth/login']);
  });
});

describe('fault injection', () => {
  test('latency is fixed plus jitter per endpoint, returned as delayMs', () => {
    const { call, login } = setup({
      FAULT_LATENCY_MS: 'poll=200,health=5',
      FAULT_JITTER_MS: 'poll=50',
      FAULT_SEED: '1',
      RATELIMIT_ENABLED: 'false',
    });
    const token = login('loadtest');
    expect(call('GET', '/auth/health').delayMs).toBe(5);
    expect(call('GET', '/rooms', token).delayMs).toBe(0);
    const delays = Array.from(
      { length: 50 },
      () => call('GET', '/rooms/1/messages/poll', token).delayMs,
    );
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...delays)).toBeLessThan(250);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  test('the same seed gives the same errors; the rate sets their share', () => {
    const run = () => {
      const { call, login } = setup({
        FAULT_ERROR_RATE: 'agents=0.3',
        FAULT_SEED: '42',
        RATELIMIT_ENABLED: 'false',
      });
      const token = login('loadtest');
      call('POST', '/rooms', token, { name: 'a' });
      return Array.from(
        { length: 1000 },
        () => call('GET', '/rooms/1/chatting-agents', token).status,
      );
    };
    const first = run();
    expect(run()).toEqual(first);
    const errors = first.filter((s) => s === 500).length;
    expect(errors).toBeGreaterThan(250);
    expect(errors).toBeLessThan(350);
    expect(first.filter((s) => s !== 500).every((s) => s === 200)).toBe(true);
  });

  test('an injected 500 still uses rate-limit quota, and a 429 wins over it', () => {
    const { call, login } = setup({ FAULT_ERROR_RATE: 'poll=1' });
    const token = login('loadtest');
    call('POST', '/rooms', token, { name: 'a' });
    const statuses = Array.from(
      { length: 3 },
      () => call('GET', '/rooms/1/messages/poll', token).status,
    );
    expect(statuses).toEqual([500, 500, 429]);
  });
});
