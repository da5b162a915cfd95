// A node:vm context with k6's globals instead of Node's: no Intl, TextEncoder, Buffer,
// process, require, performance, structuredClone, WebAssembly or timers; __ENV, __VU,
// __ITER and a captured console; Date on the VU's virtual clock; toLocaleString as in k6.

import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import vm from 'node:vm';
import type { Realm } from './k6/runtime';
import type { LogLevel } from './k6/types';

/** Globals V8 gives every context that k6 (Sobek) does not have. */
const MISSING_IN_K6 = ['Intl', 'WebAssembly'] as const;

// Runs inside the context, so the replaced built-ins are the context's own.
const INSTALL_K6_BUILTINS = `(function install(now) {
  'use strict';
  const RealDate = Date;
  function VirtualDate(...args) {
    if (new.target === undefined) return new RealDate(now()).toString();
    return args.length === 0 ? new RealDate(now()) : new RealDate(...args);
  }
  Object.setPrototypeOf(VirtualDate, RealDate);
  VirtualDate.prototype = RealDate.prototype;
  VirtualDate.now = () => now();
  globalThis.Date = VirtualDate;
  const define = (proto, name, fn) =>
    Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  // k6: the plain number without grouping; any locale argument throws.
  for (const proto of [Number.prototype, BigInt.prototype]) {
    const plain = proto.toString;
    define(proto, 'toLocaleString', function toLocaleString() {
      if (arguments.length > 0) throw new RangeError('toLocaleString: locales are not supported in k6');
      return plain.call(this);
    });
  }
  // Not measured in k6: guess strictly and fail.
  for (const name of ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString']) {
    define(RealDate.prototype, name, function () {
      throw new TypeError('Date.prototype.' + name + ' is not imitated (k6 has no Intl)');
    });
  }
  return { Error, TypeError, JSON, Promise };
})`;

export interface K6ContextOptions {
  env: Readonly<Record<string, string>>;
  /** The script's folder: open() resolves relative paths against it, as k6 does. */
  scriptDir: string;
  /** open() works in init code only. */
  inInit: () => boolean;
  vuId: number;
  /** Virtual epoch ms of the VU running in this context. */
  now: () => number;
  log: (level: LogLevel, message: string) => void;
}

export interface K6Context {
  context: vm.Context;
  realm: Realm;
  setIteration(iteration: number): void;
}

function formatArg(arg: unknown): string {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'object' && arg !== null && 'stack' in arg && 'message' in arg) {
    return String((arg as Error).message);
  }
  try {
    return JSON.stringify(arg) ?? String(arg);
  } catch {
    return String(arg);
  }
}

/**
 * k6's open(), as measured with 1.3.0 and 2.2.0: init code only; a path relative to the
 * script's folder; a folder throws "open() can't be used with directories", a missing path
 * "stat <path>: no such file or directory"; mode "b" gives an ArrayBuffer.
 */
function k6Open(o: K6ContextOptions, realm: Realm, path: string, mode: unknown): unknown {
  if (!o.inInit()) {
    throw new realm.Error('the "open" function is only available in the init stage');
  }
  const bare = path.replace(/^file:\/\//, '');
  const absolute = isAbsolute(bare) ? bare : join(o.scriptDir, bare);
  let isFolder: boolean;
  try {
    isFolder = statSync(absolute).isDirectory();
  } catch {
    throw new realm.Error(`GoError: stat ${absolute}: no such file or directory`);
  }
  if (isFolder) {
    throw new realm.Error(`GoError: open() can't be used with directories, path: "${absolute}"`);
  }
  const bytes = readFileSync(absolute);
  if (mode !== 'b') return bytes.toString('utf8');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
}

export function createK6Context(o: K6ContextOptions): K6Context {
  const context = vm.createContext({}, { codeGeneration: { strings: true, wasm: false } });
  for (const name of MISSING_IN_K6) {
    vm.runInContext(`delete globalThis.${name}`, context);
  }
  const install = vm.runInContext(INSTALL_K6_BUILTINS, context) as (now: () => number) => Realm;
  const realm = install(o.now);
  const print =
    (level: LogLevel) =>
    (...args: unknown[]) =>
      o.log(level, args.map(formatArg).join(' '));
  const globals = context as Record<string, unknown>;
  globals.console = {
    log: print('info'),
    info: print('info'),
    warn: print('warn'),
    error: print('error'),
    debug: print('debug'),
  };
  globals.open = (path: unknown, mode?: unknown) => k6Open(o, realm, String(path), mode);
  globals.__ENV = realm.JSON.parse(JSON.stringify(o.env));
  globals.__VU = o.vuId;
  globals.__ITER = 0;
  return {
    context,
    realm,
    setIteration(iteration) {
      globals.__ITER = iteration;
    },
  };
}
