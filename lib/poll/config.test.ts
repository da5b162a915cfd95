import { describe, expect, it } from 'vitest';
import { withoutPassword } from '../config/target';
import { parsePollConfig, roomCount } from './config';

describe('parsePollConfig', () => {
  it('has the old tool defaults', () => {
    expect(parsePollConfig({ PASSWORD: 'pw' })).toEqual({
      baseUrl: 'http://localhost:8000',
      password: 'pw',
      users: 10,
      client: 'seed',
      rooms: 2,
      roomMode: 'shared',
      durationMs: 60_000,
      pollIntervalMs: 4000,
      noCleanup: false,
      startPhase: 'spread',
      rampUpMs: 0,
      vus: undefined,
      limits: { poll: 60, agents: 120 },
      summaryDir: '',
      runId: undefined,
      cleanupGraceMs: 60_000,
      live: { messagesPerMinute: 0, messageBytes: 200, sendLimitPerMinute: 30, sendSourceIps: 1 },
      scaleUsers: [50, 100, 500, 1000],
    });
  });

  it('reads RUN_ID and CLEANUP_GRACE, and names a bad RUN_ID', () => {
    const config = parsePollConfig({ RUN_ID: 'nightly-42', CLEANUP_GRACE: '2m' });
    expect([config.runId, config.cleanupGraceMs]).toEqual(['nightly-42', 120_000]);
    expect(() => parsePollConfig({ RUN_ID: 'a b' })).toThrow(
      `RUN_ID: got "a b"; expected 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  });

  it('reads every variable', () => {
    const config = parsePollConfig({
      BASE_URL: 'https://cw.example.com/',
      PASSWORD: 'pw',
      USERS: '40',
      ROOMS: '3',
      ROOM_MODE: 'per-user',
      DURATION: '1m30s',
      POLL_INTERVAL: '2s',
      NO_CLEANUP: 'true',
      START_PHASE: 'burst',
      VUS: '4',
      LIMIT_POLL: '360',
      LIMIT_AGENTS: '600',
      SUMMARY_DIR: 'out',
    });
    expect(config).toMatchObject({
      baseUrl: 'https://cw.example.com',
      users: 40,
      rooms: 3,
      roomMode: 'per-user',
      durationMs: 90_000,
      pollIntervalMs: 2000,
      noCleanup: true,
      startPhase: 'burst',
      vus: 4,
      limits: { poll: 360, agents: 600 },
      summaryDir: 'out',
    });
    expect(roomCount(config)).toBe(120);
  });

  it.each([
    [{ USERS: 'abc' }, 'USERS: got "abc"; expected a whole number from 1 to 1000000'],
    [{ USERS: '0' }, 'USERS: got "0"; expected a whole number from 1 to 1000000'],
    [{ ROOMS: '-1' }, 'ROOMS: got "-1"; expected a whole number from 1 to 1000'],
    [
      { DURATION: '-5s' },
      'DURATION: got "-5s"; expected a duration of at least 1s such as 60, 60s, 2m or 1m30s',
    ],
    [{ POLL_INTERVAL: '10ms' }, 'POLL_INTERVAL: got "10ms"; expected a duration of at least 1s'],
    [
      { POLL_INTERVAL: '999ms' },
      "no ClaudeWorld client polls faster (the web client's fastest timer is 1500ms)",
    ],
    [{ BASE_URL: 'ftp://x' }, 'BASE_URL: got "ftp://x"; expected an http:// or https:// URL'],
    [{ ROOM_MODE: 'private' }, 'ROOM_MODE: got "private"; expected one of shared, per-user'],
    [{ START_PHASE: 'now' }, 'START_PHASE: got "now"; expected one of spread, burst'],
    [{ VUS: '20' }, 'VUS: got "20"; expected at most USERS (10)'],
    [
      { NO_CLEANUP: 'sure' },
      'NO_CLEANUP: got "sure"; expected one of true, 1, yes, on, false, 0, no, off',
    ],
  ])('rejects %j', (env, message) => {
    expect(() => parsePollConfig({ PASSWORD: 'pw', ...env })).toThrow(message);
  });

  it('leaves the password to the k6 secret when PASSWORD is unset', () => {
    expect(parsePollConfig({}).password).toBeUndefined();
  });

  it('drops the password from the public configuration', () => {
    const shown = withoutPassword(parsePollConfig({ PASSWORD: 'hunter2' }));
    expect(JSON.stringify(shown)).not.toContain('hunter2');
    expect(shown).not.toHaveProperty('password');
  });
});
