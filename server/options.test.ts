import { describe, expect, test } from 'vitest';
import { ConfigError } from '../lib/env';
import { parseServerOptions } from './options';

describe('parseServerOptions', () => {
  test('defaults: loopback:8000, documented password, current limits per minute, no faults', () => {
    const options = parseServerOptions({});
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 8000,
      adminPassword: 'loadtest',
      adminPasswordIsDefault: true,
      guestPassword: undefined,
      rateLimit: {
        enabled: true,
        profile: 'current',
        windowMs: 60_000,
        limits: { login: 20, poll: 60, agents: 120, send: 30 },
      },
      activity: { messagesPerMinute: 0, generatingMs: 3000 },
      maxBodyBytes: 1_048_576,
    });
    expect(options.faults.latencyMs.poll).toBe(0);
    expect(options.faults.errorRate.send).toBe(0);
    expect(options.faults.seed).toBeUndefined();
  });

  test('the earlier profile, overrides and a short window', () => {
    const options = parseServerOptions({
      RATELIMIT_PROFILE: 'earlier',
      LIMIT_SEND: '7',
      RATELIMIT_WINDOW: '2s',
      TARGET_PASSWORD: 'pw',
      GUEST_PASSWORD: 'guest',
      PORT: '0',
    });
    expect(options.rateLimit.limits).toEqual({ login: 20, poll: 360, agents: 600, send: 7 });
    expect(options.rateLimit.windowMs).toBe(2000);
    expect(options.adminPassword).toBe('pw');
    expect(options.adminPasswordIsDefault).toBe(false);
    expect(options.guestPassword).toBe('guest');
    expect(options.port).toBe(0);
  });

  test('faults: one value for every endpoint, or per endpoint', () => {
    const all = parseServerOptions({ FAULT_LATENCY_MS: '25', FAULT_SEED: '7' }).faults;
    expect(Object.values(all.latencyMs)).toEqual([25, 25, 25, 25, 25, 25, 25, 25]);
    expect(all.seed).toBe(7);
    const some = parseServerOptions({
      FAULT_LATENCY_MS: 'poll=200, agents=50, worlds=30',
      FAULT_ERROR_RATE: 'send=0.25',
    }).faults;
    expect(some.latencyMs).toEqual({
      login: 0,
      health: 0,
      rooms: 0,
      poll: 200,
      agents: 50,
      send: 0,
      stream: 0,
      worlds: 30,
    });
    expect(some.errorRate.send).toBe(0.25);
  });

  test('stream and race faults: off by default, then as set', () => {
    expect(parseServerOptions({}).faults).toMatchObject({
      streamLimit: 0,
      streamRefusal: '503',
      streamDropMs: 0,
      roomNameRaceMs: 0,
    });
    const set = parseServerOptions({
      FAULT_STREAM_LIMIT: '100',
      FAULT_STREAM_REFUSAL: 'close',
      FAULT_STREAM_DROP: '30',
      FAULT_ROOM_NAME_RACE: '250',
    }).faults;
    expect(set).toMatchObject({
      streamLimit: 100,
      streamRefusal: 'close',
      streamDropMs: 30_000,
      roomNameRaceMs: 250,
    });
    expect(parseServerOptions({ FAULT_STREAM_DROP: '1500ms' }).faults.streamDropMs).toBe(1500);
  });

  test.each([
    ['PORT', '70000'],
    ['RATELIMIT_PROFILE', 'newest'],
    ['RATELIMIT_ENABLED', 'maybe'],
    ['RATELIMIT_WINDOW', 'soon'],
    ['LIMIT_POLL', '0'],
    ['FAULT_ERROR_RATE', '1.5'],
    ['FAULT_LATENCY_MS', 'pol=200'],
    ['FAULT_JITTER_MS', 'poll=abc'],
    ['MAX_BODY_BYTES', '-1'],
    ['FAULT_STREAM_LIMIT', '-1'],
    ['FAULT_STREAM_REFUSAL', 'reset'],
    ['FAULT_STREAM_DROP', 'soon'],
    ['FAULT_ROOM_NAME_RACE', '1s'],
  ])('a bad %s names the variable', (name, value) => {
    expect(() => parseServerOptions({ [name]: value })).toThrow(ConfigError);
    expect(() => parseServerOptions({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});
