// The `k6` module double: sleep advances the VU's virtual clock; check and group emit the
// `checks` and `group_duration` samples k6 emits, tagged with the group path.

import type * as K6 from 'k6';
import type { VuRuntime } from '../runtime';

export type K6Module = Pick<typeof K6, 'sleep' | 'check' | 'group' | 'fail'>;

export function createK6Module(vu: () => VuRuntime): K6Module {
  return {
    sleep(seconds: number): void {
      const rt = vu();
      if (typeof seconds !== 'number' || !Number.isFinite(seconds)) {
        throw new rt.realm.TypeError(`sleep() expects a number of seconds, got ${String(seconds)}`);
      }
      rt.sleeps.push(seconds);
      rt.advance(seconds * 1000);
    },

    check<VT>(value: VT, sets: K6.Checkers<VT>, tags?: object): boolean {
      const rt = vu();
      rt.checkRunning();
      let all = true;
      for (const [name, checker] of Object.entries(sets)) {
        // k6 accepts a plain value in place of a checker function and uses its truthiness.
        const passed = Boolean(typeof checker === 'function' ? checker(value) : checker);
        all &&= passed;
        const checkTags = { ...rt.vuTags(), group: rt.groupPath, check: name };
        rt.emit('checks', passed ? 1 : 0, { ...checkTags, ...(tags as Record<string, string>) });
      }
      return all;
    },

    group<RT>(name: string, fn: () => RT): RT {
      const rt = vu();
      rt.checkRunning();
      if (name.includes('::'))
        throw new rt.realm.Error(`group and check names may not contain '::'`);
      const outer = rt.groupPath;
      rt.groupPath = `${outer}::${name}`;
      rt.state.groupsSeen.add(rt.groupPath);
      const start = rt.elapsedMs;
      try {
        const result = fn();
        if (typeof (result as { then?: unknown } | null)?.then === 'function') {
          // Guessing strictly: an async group body ends before its awaits, so k6 times it wrong.
          throw new rt.realm.Error('group() with an async function is not supported');
        }
        rt.emit('group_duration', rt.elapsedMs - start, rt.vuTags());
        return result;
      } finally {
        rt.groupPath = outer;
      }
    },

    fail(message?: string): never {
      throw new (vu().realm.Error)(message ?? '');
    },
  };
}
