// Where the real k6 binaries are. One lookup for every script that runs k6: K6_BIN, then `k6`
// on PATH, then the cache folder (`$XDG_CACHE_HOME/k6-bin`, default `~/.cache/k6-bin`) holding
// `k6-v<version>` files. The real-k6 suites run on each version of K6_VERSIONS.

import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The k6 versions this project is proven on, oldest first (K6_VERSIONS' default). */
export const SUPPORTED_K6_VERSIONS = ['1.3.0', '2.2.0'] as const;

type Env = Readonly<Record<string, string | undefined>>;

/** A bad K6_BIN or K6_BIN_<major>: the message names the variable and the path. */
export class K6LookupError extends Error {
  override name = 'K6LookupError';
}

export interface FoundK6 {
  path: string;
  /** Where it was found: `K6_BIN`, `PATH`, `K6_BIN_2` or the cache folder. */
  source: string;
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A path a variable names: it must be an executable file, or the lookup stops with its name. */
function fromVariable(env: Env, name: string): FoundK6 | undefined {
  const path = env[name];
  if (path === undefined || path === '') return undefined;
  if (!isExecutableFile(path)) {
    throw new K6LookupError(`${name}: ${JSON.stringify(path)} is not an executable file`);
  }
  return { path, source: name };
}

/** `$XDG_CACHE_HOME/k6-bin`, or `~/.cache/k6-bin`. */
export function k6CacheDir(env: Env = process.env): string {
  const cache = env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache');
  return join(cache, 'k6-bin');
}

/** `k6-v<version>` in the cache folder, when it is an executable file there. */
function fromCache(env: Env, version: string): FoundK6 | undefined {
  const path = join(k6CacheDir(env), `k6-v${version}`);
  return isExecutableFile(path) ? { path, source: k6CacheDir(env) } : undefined;
}

/**
 * The k6 to run: K6_BIN, then `k6` on PATH, then the newest supported version in the cache
 * folder; undefined when there is none. Throws {@link K6LookupError} for a K6_BIN that names
 * no executable file, rather than quietly using another k6 or none.
 */
export function findK6(env: Env = process.env): FoundK6 | undefined {
  const named = fromVariable(env, 'K6_BIN');
  if (named !== undefined) return named;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, 'k6');
    if (isExecutableFile(path)) return { path, source: 'PATH' };
  }
  for (const version of [...SUPPORTED_K6_VERSIONS].reverse()) {
    const cached = fromCache(env, version);
    if (cached !== undefined) return cached;
  }
  return undefined;
}

/** The versions the real-k6 suites run on: K6_VERSIONS (comma-separated), default both supported. */
export function suiteVersions(env: Env = process.env): string[] {
  const text = env.K6_VERSIONS ?? SUPPORTED_K6_VERSIONS.join(',');
  const versions = text
    .split(',')
    .map((v) => v.trim().replace(/^v/, ''))
    .filter((v) => v !== '');
  const bad = versions.find((v) => !/^\d+\.\d+\.\d+$/.test(v));
  if (bad !== undefined || versions.length === 0) {
    throw new K6LookupError(
      `K6_VERSIONS: got ${JSON.stringify(text)}; expected versions like 1.3.0,2.2.0`,
    );
  }
  return versions;
}

export interface SuiteTarget {
  version: string;
  /** Undefined when neither K6_BIN_<major> nor the cache folder has this version. */
  found: FoundK6 | undefined;
}

/** Each K6_VERSIONS entry with its binary: K6_BIN_<major> if set, else `k6-v<version>` in the cache. */
export function suiteTargets(env: Env = process.env): SuiteTarget[] {
  return suiteVersions(env).map((version) => {
    const major = version.split('.')[0];
    return { version, found: fromVariable(env, `K6_BIN_${major}`) ?? fromCache(env, version) };
  });
}

/** `k6 version`'s first line, or undefined when the file does not answer like k6. */
export function k6VersionLine(path: string): string | undefined {
  const result = spawnSync(path, ['version'], { encoding: 'utf8', timeout: 20_000 });
  const line = (result.stdout ?? '').split('\n')[0]?.trim() ?? '';
  return result.status === 0 && /^k6\S* v\d+\.\d+\.\d+/.test(line) ? line : undefined;
}

/**
 * Checks that a found binary is the k6 version it should be; a message naming the file when
 * not (a broken cache entry fails its suite instead of running another k6's checks).
 */
export function versionProblem(found: FoundK6, version: string): string | undefined {
  const line = k6VersionLine(found.path);
  if (line === undefined) return `${found.path} (from ${found.source}) does not run as k6`;
  if (!line.includes(` v${version} `) && !line.endsWith(` v${version}`)) {
    return `${found.path} (from ${found.source}) is not k6 ${version}: it says "${line}"`;
  }
  return undefined;
}

const WHERE_K6_IS_LOOKED_FOR = 'K6_BIN, k6 on PATH, or the k6-bin cache folder';
const INSTALL_K6 = 'https://grafana.com/docs/k6/latest/set-up/install-k6/';

/** findK6, or a one-line message naming the bad variable and exit 2. */
function findK6OrExit(command: string): FoundK6 | undefined {
  try {
    return findK6();
  } catch (error) {
    if (!(error instanceof K6LookupError)) throw error;
    console.error(`${command}: ${error.message}`);
    process.exit(2);
  }
}

/** For commands that cannot run without k6: its path, or a one-line message and exit 2. */
export function requireK6(command: string): string {
  const found = findK6OrExit(command);
  if (found !== undefined) return found.path;
  console.error(`${command}: no k6 found (${WHERE_K6_IS_LOOKED_FOR}); install it: ${INSTALL_K6}`);
  process.exit(2);
}

/** For suites and benchmarks that skip without k6: its path, or undefined after saying SKIPPED. */
export function k6OrSkip(command: string): string | undefined {
  const found = findK6OrExit(command);
  if (found === undefined) {
    console.log(`${command}: SKIPPED: no k6 found (${WHERE_K6_IS_LOOKED_FOR}); nothing was run.`);
  }
  return found?.path;
}
