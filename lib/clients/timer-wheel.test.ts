import { describe, expect, it } from 'vitest';
import { TimerWheel } from './timer-wheel';

const entry = (dueMs: number, name = `${dueMs}`) => ({ dueMs, name });

describe('TimerWheel', () => {
  it('gives the entries due by now, earlier buckets first, and keeps the others', () => {
    const wheel = new TimerWheel<ReturnType<typeof entry>>(10);
    for (const due of [25, 3, 14, 11, 40]) wheel.add(entry(due));
    const out: ReturnType<typeof entry>[] = [];
    wheel.takeDue(14, 10, out);
    expect(out.map((e) => e.dueMs)).toEqual([3, 14, 11]);
    expect(wheel.size).toBe(2);
    expect(wheel.nextDueMs()).toBe(25);
  });

  it('takes at most max entries, and an entry added in the past comes next', () => {
    const wheel = new TimerWheel<ReturnType<typeof entry>>(10);
    for (const due of [1, 2, 3, 4]) wheel.add(entry(due));
    const out: ReturnType<typeof entry>[] = [];
    wheel.takeDue(100, 3, out);
    expect(out.map((e) => e.dueMs)).toEqual([1, 2, 3]);
    wheel.add(entry(0));
    expect(wheel.nextDueMs()).toBe(0);
    out.length = 0;
    wheel.takeDue(100, 10, out);
    // Within one bucket (10 ms here) entries come in the order they were added.
    expect(out.map((e) => e.dueMs)).toEqual([4, 0]);
    expect(wheel.nextDueMs()).toBeUndefined();
  });
});
