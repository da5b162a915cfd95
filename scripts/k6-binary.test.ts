import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  findK6,
  K6LookupError,
  k6CacheDir,
  suiteTargets,
  suiteVersions,
  versionProblem,
} from './k6-binary';

let root: string;

/** An executable shell script that answers `version` as k6 <version> would (or prints `text`). */
function fakeK6(path: string, text: string): string {
  writeFileSync(path, `#!/bin/sh\necho '${text}'\n`);
  chmodSync(path, 0o755);
  return path;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'k6-binary-'));
  mkdirSync(join(root, 'cache', 'k6-bin'), { recursive: true });
  mkdirSync(join(root, 'bin'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const cacheBin = (name: string) => join(root, 'cache', 'k6-bin', name);
const env = (extra: Record<string, string> = {}) => ({
  XDG_CACHE_HOME: join(root, 'cache'),
  PATH: join(root, 'bin'),
  ...extra,
});

describe('findK6', () => {
  it('takes K6_BIN first, then k6 on PATH, then the newest supported version in the cache', () => {
    const named = fakeK6(join(root, 'my-k6'), 'k6 v2.2.0');
    const onPath = fakeK6(join(root, 'bin', 'k6'), 'k6 v1.3.0');
    fakeK6(cacheBin('k6-v1.3.0'), 'k6 v1.3.0');
    const newest = fakeK6(cacheBin('k6-v2.2.0'), 'k6 v2.2.0');
    expect(findK6(env({ K6_BIN: named }))).toEqual({ path: named, source: 'K6_BIN' });
    expect(findK6(env())).toEqual({ path: onPath, source: 'PATH' });
    rmSync(onPath);
    expect(findK6(env())).toEqual({ path: newest, source: join(root, 'cache', 'k6-bin') });
    rmSync(newest);
    expect(findK6(env())?.path).toBe(cacheBin('k6-v1.3.0'));
    rmSync(cacheBin('k6-v1.3.0'));
    expect(findK6(env())).toBeUndefined();
  });

  it('refuses a K6_BIN that names no executable file, naming it, instead of falling back', () => {
    fakeK6(join(root, 'bin', 'k6'), 'k6 v1.3.0');
    const missing = join(root, 'nope');
    expect(() => findK6(env({ K6_BIN: missing }))).toThrow(
      new K6LookupError(`K6_BIN: ${JSON.stringify(missing)} is not an executable file`),
    );
    expect(() => findK6(env({ K6_BIN: join(root, 'bin') }))).toThrow(/K6_BIN: .* is not an/);
    writeFileSync(join(root, 'plain'), 'not a program');
    expect(() => findK6(env({ K6_BIN: join(root, 'plain') }))).toThrow(K6LookupError);
  });

  it('puts the cache under ~/.cache without XDG_CACHE_HOME', () => {
    expect(k6CacheDir({ HOME: '/home/someone' })).toBe('/home/someone/.cache/k6-bin');
    expect(k6CacheDir({ XDG_CACHE_HOME: '/var/cache', HOME: '/h' })).toBe('/var/cache/k6-bin');
  });
});

describe('the versions the real-k6 suites run on', () => {
  it('defaults to 1.3.0 and 2.2.0 and reads K6_VERSIONS', () => {
    expect(suiteVersions({})).toEqual(['1.3.0', '2.2.0']);
    expect(suiteVersions({ K6_VERSIONS: 'v2.2.0' })).toEqual(['2.2.0']);
    expect(() => suiteVersions({ K6_VERSIONS: '2.x' })).toThrow(
      'K6_VERSIONS: got "2.x"; expected versions like 1.3.0,2.2.0',
    );
  });

  it('finds each version as K6_BIN_<major> or k6-v<version> in the cache, and says which is missing', () => {
    const two = fakeK6(join(root, 'k6-two'), 'k6 v2.2.0');
    expect(suiteTargets(env({ K6_BIN_2: two }))).toEqual([
      { version: '1.3.0', found: undefined },
      { version: '2.2.0', found: { path: two, source: 'K6_BIN_2' } },
    ]);
    fakeK6(cacheBin('k6-v1.3.0'), 'k6 v1.3.0');
    expect(suiteTargets(env()).map((t) => t.found?.path)).toEqual([
      cacheBin('k6-v1.3.0'),
      undefined,
    ]);
    expect(() => suiteTargets(env({ K6_BIN_1: join(root, 'gone') }))).toThrow(/^K6_BIN_1: /);
  });

  it('checks that a found binary is the k6 version it is meant to be', () => {
    const right = fakeK6(join(root, 'a'), 'k6 v1.3.0 (commit/devel, go1.26.8, linux/amd64)');
    const wrong = fakeK6(join(root, 'b'), 'k6 v2.2.0 (commit/devel, go1.26.8, linux/amd64)');
    const notK6 = fakeK6(join(root, 'c'), 'hello');
    expect(versionProblem({ path: right, source: 'x' }, '1.3.0')).toBeUndefined();
    expect(versionProblem({ path: wrong, source: 'x' }, '1.3.0')).toBe(
      `${wrong} (from x) is not k6 1.3.0: it says "k6 v2.2.0 (commit/devel, go1.26.8, linux/amd64)"`,
    );
    expect(versionProblem({ path: notK6, source: 'x' }, '1.3.0')).toBe(
      `${notK6} (from x) does not run as k6`,
    );
  });
});
