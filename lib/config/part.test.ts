import { describe, expect, it } from 'vitest';
import { CAPACITY_CONFIG_PART } from '../capacity/config';
import { ConfigError, type Env, parseInteger } from '../env';
import { POLL_CONFIG_PART } from '../poll/config';
import { RATE_LIMIT_CONFIG_PART } from '../ratelimit/config';
import { type ConfigPart, configPart, extendPart, joinParts } from './part';

const rooms = configPart(['ROOMS'], (env) => ({ rooms: parseInteger(env, 'ROOMS', 2) }));
const users = configPart(['USERS'], (env) => ({ users: parseInteger(env, 'USERS', 10) }));

describe('config parts', () => {
  it('join: both names, both values', () => {
    const both = joinParts(rooms, users);
    expect(both.names).toEqual(['ROOMS', 'USERS']);
    expect(both.parse({ USERS: '3' })).toEqual({ rooms: 2, users: 3 });
  });

  it('extend: the extension reads its own names and sees the values of its base', () => {
    const perRoom = extendPart(rooms, ['PER_ROOM'], (env, base) => {
      const perRoom = parseInteger(env, 'PER_ROOM', 1);
      if (perRoom > base.rooms) throw new ConfigError(`PER_ROOM: more than ROOMS (${base.rooms})`);
      return { perRoom };
    });
    expect(perRoom.names).toEqual(['ROOMS', 'PER_ROOM']);
    expect(perRoom.parse({ ROOMS: '4', PER_ROOM: '3' })).toEqual({ rooms: 4, perRoom: 3 });
    expect(() => perRoom.parse({ PER_ROOM: '3' })).toThrow('PER_ROOM: more than ROOMS (2)');
  });
});

/** Every name `parse` looks up in the env; CHECK_* are on so that what they enable is read. */
function namesRead(part: ConfigPart<string, object>): Set<string> {
  const read = new Set<string>();
  const env = new Proxy({} as Env, {
    get(_target, name) {
      if (typeof name !== 'string') return undefined;
      read.add(name);
      return name.startsWith('CHECK_') ? 'true' : undefined;
    },
  });
  part.parse(env);
  return read;
}

describe.each([
  ['poll', POLL_CONFIG_PART],
  ['capacity', CAPACITY_CONFIG_PART],
  ['ratelimit', RATE_LIMIT_CONFIG_PART],
] as const)('the %s configuration', (_name, part) => {
  it('declares exactly the names its parser reads, each once', () => {
    expect([...namesRead(part)].sort()).toEqual([...part.names].sort());
  });

  it('has the target part', () => {
    expect(part.names).toEqual(
      expect.arrayContaining(['BASE_URL', 'PASSWORD', 'NO_CLEANUP', 'SUMMARY_DIR', 'RUN_ID']),
    );
  });
});
