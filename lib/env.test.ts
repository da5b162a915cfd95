import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  type Env,
  formatDurationMs,
  parseBaseUrl,
  parseBoolean,
  parseChoice,
  parseDuration,
  parseDurationEnv,
  parseInteger,
  parseNumber,
  withOneLineConfigErrors,
} from './env';

/** No variable set. */
const UNSET: Env = {};

describe('parseDuration', () => {
  it.each([
    ['60', 60_000],
    ['60s', 60_000],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['250ms', 250],
    ['1h', 3_600_000],
    [' 4s ', 4000],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['-5s', '', 's', '5x', '1m 30s', '5s2', 'abc', '1.s', 'ms'])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('env parsers', () => {
  it('names the variable, the value received and what is allowed', () => {
    expect(() => parseInteger({ USERS: 'abc' }, 'USERS', 10)).toThrow(
      new ConfigError('USERS: got "abc"; expected a whole number >= 1'),
    );
    expect(() => parseInteger({ ROOMS: '0' }, 'ROOMS', 2, { min: 1, max: 1000 })).toThrow(
      'ROOMS: got "0"; expected a whole number from 1 to 1000',
    );
    expect(() =>
      parseDurationEnv({ DURATION: '-5s' }, 'DURATION', 60_000, { minMs: 1000 }),
    ).toThrow(
      'DURATION: got "-5s"; expected a duration of at least 1s such as 60, 60s, 2m or 1m30s',
    );
    expect(() =>
      parseChoice({ ROOM_MODE: 'solo' }, 'ROOM_MODE', ['shared', 'per-user'], 'shared'),
    ).toThrow('ROOM_MODE: got "solo"; expected one of shared, per-user');
    expect(() => parseBoolean({ NO_CLEANUP: 'maybe' }, 'NO_CLEANUP', false)).toThrow(
      'NO_CLEANUP: got "maybe"; expected one of true, 1, yes, on, false, 0, no, off',
    );
    expect(() => parseNumber({ X: '1e3' }, 'X', 0)).toThrow('X: got "1e3"; expected a number >= 0');
  });

  it('uses the default when unset or blank and trims values', () => {
    expect(parseInteger(UNSET, 'USERS', 10)).toBe(10);
    expect(parseInteger({ USERS: '  ' }, 'USERS', 10)).toBe(10);
    expect(parseInteger({ USERS: ' 25 ' }, 'USERS', 10)).toBe(25);
    expect(parseBoolean({ NO_CLEANUP: 'TRUE' }, 'NO_CLEANUP', false)).toBe(true);
    expect(parseBoolean({ NO_CLEANUP: 'off' }, 'NO_CLEANUP', true)).toBe(false);
    expect(parseNumber({ X: '0.25' }, 'X', 0, { max: 1 })).toBe(0.25);
  });

  it('accepts http(s) base URLs and drops trailing slashes', () => {
    expect(parseBaseUrl(UNSET, 'BASE_URL', 'http://localhost:8000')).toBe('http://localhost:8000');
    expect(parseBaseUrl({ BASE_URL: 'https://chat.example.com/api/' }, 'BASE_URL', '')).toBe(
      'https://chat.example.com/api',
    );
    for (const bad of ['ftp://x', 'localhost:8000', 'http://', 'http://:80', 'http://a b']) {
      expect(() => parseBaseUrl({ BASE_URL: bad }, 'BASE_URL', '')).toThrow(
        `BASE_URL: got ${JSON.stringify(bad)}; expected an http:// or https:// URL with a host, such as http://localhost:8000`,
      );
    }
  });

  it('formats durations in k6 notation', () => {
    expect(formatDurationMs(60_000)).toBe('60s');
    expect(formatDurationMs(1500)).toBe('1500ms');
  });
});

describe('withOneLineConfigErrors', () => {
  it('returns what the reader returns', () => {
    expect(withOneLineConfigErrors(() => parseInteger({ USERS: '4' }, 'USERS', 10))).toBe(4);
  });

  it('rethrows a ConfigError as its one-line text, so k6 prints no stack', () => {
    let thrown: unknown;
    try {
      withOneLineConfigErrors(() => parseInteger({ USERS: '0' }, 'USERS', 10));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe('ConfigError: USERS: got "0"; expected a whole number >= 1');
  });

  it('lets any other exception through unchanged', () => {
    const bug = new TypeError('a bug');
    expect(() =>
      withOneLineConfigErrors(() => {
        throw bug;
      }),
    ).toThrow(bug);
  });
});
