import { describe, expect, it } from 'vitest';
import { ConfigError } from '../env';
import { defaultMargin, parseRateLimitConfig, publicRateLimitConfig } from './config';

describe('parseRateLimitConfig', () => {
  it('checks poll and agents with the documented limits by default', () => {
    expect(parseRateLimitConfig({})).toEqual({
      baseUrl: 'http://localhost:8000',
      password: undefined,
      endpoints: [
        { endpoint: 'poll', limit: 60, margin: 6 },
        { endpoint: 'agents', limit: 120, margin: 12 },
      ],
      windowMs: 60_000,
      sustained: false,
      summaryDir: '',
      noCleanup: false,
      runId: undefined,
    });
  });

  it('adds send and login only when asked, with their own limits', () => {
    const config = parseRateLimitConfig({
      CHECK_SEND: 'true',
      CHECK_LOGIN: 'yes',
      LIMIT_SEND: '40',
      MARGIN: '3',
      WINDOW: '2s',
      SUSTAINED: 'on',
      BASE_URL: 'http://127.0.0.1:9000/',
      SUMMARY_DIR: 'out',
    });
    expect(config.endpoints).toEqual([
      { endpoint: 'poll', limit: 60, margin: 3 },
      { endpoint: 'agents', limit: 120, margin: 3 },
      { endpoint: 'send', limit: 40, margin: 3 },
      { endpoint: 'login', limit: 20, margin: 3 },
    ]);
    expect(config).toMatchObject({
      windowMs: 2000,
      sustained: true,
      baseUrl: 'http://127.0.0.1:9000',
      summaryDir: 'out',
    });
  });

  it('ignores LIMIT_SEND when send is not checked', () => {
    expect(parseRateLimitConfig({ LIMIT_SEND: '5' }).endpoints.map((e) => e.endpoint)).toEqual([
      'poll',
      'agents',
    ]);
  });

  it.each([
    [{ LIMIT_POLL: 'sixty' }, 'LIMIT_POLL: got "sixty"; expected a whole number from 1 to 100000'],
    [{ LIMIT_AGENTS: '0' }, 'LIMIT_AGENTS: got "0"; expected a whole number from 1 to 100000'],
    [{ MARGIN: '-1' }, 'MARGIN: got "-1"; expected a whole number from 1 to 100000'],
    [
      { WINDOW: '500ms' },
      'WINDOW: got "500ms"; expected a duration of at least 1s such as 60, 60s, 2m or 1m30s',
    ],
    [
      { CHECK_LOGIN: 'maybe' },
      'CHECK_LOGIN: got "maybe"; expected one of true, 1, yes, on, false, 0, no, off',
    ],
  ])('rejects %o naming the variable, the value and what is allowed', (env, message) => {
    expect(() => parseRateLimitConfig(env)).toThrow(new ConfigError(message));
  });

  it('leaves the password out of the public view', () => {
    const config = parseRateLimitConfig({ PASSWORD: 'secret' });
    expect(config.password).toBe('secret');
    expect(JSON.stringify(publicRateLimitConfig(config))).not.toContain('secret');
  });
});

describe('defaultMargin', () => {
  it('is 10 % of the limit, rounded up, and at least 5', () => {
    expect([defaultMargin(20), defaultMargin(60), defaultMargin(61), defaultMargin(120)]).toEqual([
      5, 6, 7, 12,
    ]);
  });
});
