// The `k6/timers` double: timers fire on the VU's virtual clock; the sandbox fires them after
// an iteration's synchronous part (k6 waits for its event loop), unit tests call runTimers().

import type * as K6Timers from 'k6/timers';
import type { VuRuntime } from '../runtime';

export type TimersModule = Pick<
  typeof K6Timers,
  'setTimeout' | 'clearTimeout' | 'setInterval' | 'clearInterval'
>;

const delayOf = (delay: number) => Math.max(0, Number(delay) || 0);

export function createTimersModule(vu: () => VuRuntime): TimersModule {
  return {
    setTimeout: (fn, delay, ...args) => vu().setTimer(delayOf(delay), () => fn(...args)),
    clearTimeout: (id) => vu().clearTimer(id),
    setInterval: (fn, delay, ...args) =>
      vu().setTimer(delayOf(delay), () => fn(...args), Math.max(1, delayOf(delay))),
    clearInterval: (id) => vu().clearTimer(id),
  };
}
