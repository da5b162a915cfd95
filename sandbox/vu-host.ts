// One VU of the sandbox: a k6 context running the script's init code with module doubles
// bound to its own runtime, and the call helper that settles an async function's Promise
// (microtasks drained, k6/timers fired on the virtual clock) as k6's event loop would.

import { setImmediate as tick } from 'node:timers/promises';
import { createK6Modules, type K6Modules } from './k6/modules/index';
import { VuRuntime } from './k6/runtime';
import type { TestState } from './k6/test-state';
import { createK6Context, type K6Context } from './k6-context';
import type { LoadedScript } from './load-script';

export interface HostedVu {
  rt: VuRuntime;
  context: K6Context;
  exports: Record<string, unknown>;
}

/**
 * Creates the VU and runs the script's init code in it (this throws what init throws), its
 * clock starting at `startMs` of the test.
 */
export function hostVu(
  script: LoadedScript,
  state: TestState,
  id: { idInInstance: number; idInTest: number },
  env: Readonly<Record<string, string>>,
  startMs = 0,
  /** False for the first init, whose options k6 reads; true for every later one. */
  consolidated = true,
): HostedVu {
  let rt: VuRuntime | undefined;
  const current = (): VuRuntime => {
    if (rt === undefined) throw new Error('the VU runtime is not ready');
    return rt;
  };
  const context = createK6Context({
    env,
    scriptDir: script.dir,
    inInit: () => current().phase === 'init',
    vuId: id.idInTest,
    now: () => current().now(),
    log: (level, message) => current().log(level, message),
  });
  rt = new VuRuntime(state, id, context.realm);
  rt.elapsedMs = startMs;
  const modules = createK6Modules(current);
  const resolve = (specifier: string): unknown => {
    const module = modules[specifier as keyof K6Modules];
    if (module === undefined) {
      throw new context.realm.Error(
        `The moduleSpecifier "${specifier}" couldn't be found: only k6 built-in modules resolve`,
      );
    }
    return { __esModule: true, default: module, ...module };
  };
  rt.activate();
  const exports = script.init(context.context, resolve);
  // Only the first init's options are read for the test; every other VU sees k6's own.
  if (consolidated) consolidateOptions(exports.options);
  return { rt, context, exports };
}

/**
 * After the first init, k6 puts its consolidated options in place of the values of the
 * exported `options`, in every VU, setup, teardown and handleSummary: Go-backed values on which
 * a list is no JavaScript array (`Array.isArray` false, no `map`; measured with k6 1.3.0 and
 * 2.2.0). A script that reads its own options there must have kept them from init.
 */
function consolidateOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) return;
  const record = options as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) {
    if (Array.isArray(value)) record[key] = goSlice(value);
    else consolidateOptions(value);
  }
}

function goSlice(values: readonly unknown[]): object {
  const slice: Record<string, unknown> = { length: values.length, toJSON: () => values };
  values.forEach((value, i) => {
    consolidateOptions(value);
    slice[i] = value;
  });
  return slice;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * Calls an exported function and waits as k6 does: until its Promise settles and no timer is
 * pending. Awaits resolve by draining microtasks; timers fire in virtual-time order.
 */
export async function callExport(vu: HostedVu, name: string, args: unknown[]): Promise<unknown> {
  const fn = vu.exports[name];
  if (typeof fn !== 'function')
    throw new vu.context.realm.Error(`function '${name}' not found in exports`);
  const result: unknown = fn(...args);
  if (!isThenable(result) && !vu.rt.hasTimers()) return result;
  let settled = !isThenable(result);
  let value = result;
  let failure: { error: unknown } | undefined;
  if (isThenable(result)) {
    result.then(
      (v) => {
        settled = true;
        value = v;
      },
      (error: unknown) => {
        settled = true;
        failure = { error };
      },
    );
  }
  try {
    for (;;) {
      await tick();
      if (settled && !vu.rt.hasTimers()) break;
      // Other VUs run up to this VU's next timer before it fires (sandbox/turns.ts).
      const due = vu.rt.nextTimerDueMs();
      if (due !== undefined) await vu.rt.state.turns?.turn(due, vu.rt.id.idInInstance);
      await tick();
      if (!vu.rt.fireNextTimer()) {
        throw new vu.context.realm.Error(`the Promise of ${name}() never settles`);
      }
    }
  } finally {
    vu.rt.clearTimers();
  }
  if (failure !== undefined) throw failure.error;
  return value;
}
