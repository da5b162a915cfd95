import { describe, expect, it } from 'vitest';
import { CAPACITY_CONFIG_PART } from '../capacity/config';
import { POLL_CONFIG_PART } from '../poll/config';
import { RATE_LIMIT_CONFIG_PART } from '../ratelimit/config';
import { describeNearMiss, editDistance, nearMisses } from './near-misses';

const POLL = POLL_CONFIG_PART.names;

describe('editDistance', () => {
  it.each([
    ['USRS', 'USERS', 1],
    ['DURATON', 'DURATION', 1],
    ['USRES', 'USERS', 1],
    ['PASWROD', 'PASSWORD', 2],
    ['ROOMS', 'ROOMS', 0],
    ['', 'VUS', 3],
  ])('%s -> %s: %d', (a, b, distance) => {
    expect(editDistance(a, b, 3)).toBe(distance);
  });

  it('stops at the limit', () => {
    expect(editDistance('MESSAGE_BYTES', 'SUMMARY_DIR', 2)).toBe(3);
    expect(editDistance('A', 'ABCDEF', 1)).toBe(2);
  });
});

describe('nearMisses', () => {
  it('names the option a misspelt or wrongly cased name is probably meant to be', () => {
    expect(nearMisses(['USRS', 'DURATON', 'users', 'POLL_INTERVALL', 'PASWROD'], POLL)).toEqual([
      { name: 'USRS', options: ['USERS'] },
      { name: 'DURATON', options: ['DURATION'] },
      { name: 'users', options: ['USERS'] },
      { name: 'POLL_INTERVALL', options: ['POLL_INTERVAL'] },
      { name: 'PASWROD', options: ['PASSWORD'] },
    ]);
  });

  it('leaves options, unrelated names and the process environment alone', () => {
    const processEnv = [
      ...['USER', 'USERNAME', 'HOME', 'PATH', 'SHELL', 'TERM', 'LANG', 'PWD', 'OLDPWD', 'HOSTNAME'],
      ...['LOGNAME', 'TMPDIR', 'TEMP', 'TMP', 'EDITOR', 'DISPLAY', 'SHLVL', 'MAIL', 'TZ', 'CI'],
      ...['WINDOWID', 'WINDIR', 'windir', 'OS', 'COMPUTERNAME', 'USERPROFILE', 'APPDATA', 'PUBLIC'],
      ...['NODE', 'INIT_CWD', 'COLOR', 'npm_lifecycle_event', 'npm_config_user_agent', 'K6_VUS'],
      ...['K6_DURATION', 'GITHUB_RUN_ID', 'RUNNER_OS', 'HTTP_PROXY', 'NO_PROXY', 'no_proxy'],
      ...['KUBERNETES_SERVICE_HOST', 'TARGET_PASSWORD', 'RATELIMIT_WINDOW', 'REPEAT', 'K6_BIN'],
    ];
    for (const options of [POLL, CAPACITY_CONFIG_PART.names, RATE_LIMIT_CONFIG_PART.names]) {
      expect(nearMisses([...options, ...processEnv], options)).toEqual([]);
    }
  });

  it('gives every option equally close', () => {
    expect(nearMisses(['LIMIT_POL'], ['LIMIT_POLL', 'LIMIT_PULL'])).toEqual([
      { name: 'LIMIT_POL', options: ['LIMIT_POLL'] },
    ]);
    expect(nearMisses(['LIMIT_PLL'], ['LIMIT_POLL', 'LIMIT_PULL'])).toEqual([
      { name: 'LIMIT_PLL', options: ['LIMIT_POLL', 'LIMIT_PULL'] },
    ]);
  });
});

describe('describeNearMiss', () => {
  it('says the name is ignored and what it is probably meant to be', () => {
    expect(describeNearMiss({ name: 'USRS', options: ['USERS'] }, 'poll')).toBe(
      'USRS is not a poll option and is ignored; did you mean USERS?',
    );
    expect(describeNearMiss({ name: 'users', options: ['USERS'] }, 'poll')).toBe(
      'users is not a poll option and is ignored; did you mean USERS? (names are case-sensitive)',
    );
  });
});
