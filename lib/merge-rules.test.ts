import { describe, expect, it } from 'vitest';
import {
  applyRule,
  byIndex,
  byKey,
  byType,
  concat,
  every,
  fields,
  MergeError,
  max,
  nullable,
  record,
  replacedBy,
  same,
  sum,
  worst,
} from './merge-rules';

const SOURCES = ['a.json', 'b.json', 'c.json'];

function merge<T>(
  rule: Parameters<typeof applyRule<T>>[0],
  values: T[],
  warn?: (l: string) => void,
) {
  return applyRule(rule, values, SOURCES.slice(0, values.length), 'measured', warn);
}

describe('merge rules', () => {
  it('adds, takes the largest, and requires true everywhere', () => {
    expect(merge(sum, [1, 2, 3])).toBe(6);
    expect(merge(max, [4, 9, 2])).toBe(9);
    expect(merge(every, [true, false])).toBe(false);
    expect(merge(every, [true, true])).toBe(true);
  });

  it('keeps a value that is the same everywhere, else names the field and both inputs', () => {
    expect(merge(same<{ users: number }>(), [{ users: 2 }, { users: 2 }])).toEqual({ users: 2 });
    expect(() => merge(same<number>(), [2, 2, 3])).toThrow(
      new MergeError(
        'c.json: measured is 3, but a.json has 2: only the instances of one run merge',
      ),
    );
  });

  it('merges objects field by field and refuses a field without a rule', () => {
    const rule = fields<{ count: number; runId: string; dir: string }>({
      count: sum,
      runId: same(),
      dir: replacedBy('merged', 'where the merge writes'),
    });
    expect(
      merge(rule, [
        { count: 1, runId: 'r', dir: 'x' },
        { count: 2, runId: 'r', dir: 'y' },
      ]),
    ).toEqual({ count: 3, runId: 'r', dir: 'merged' });
    const withExtra = { count: 1, runId: 'r', dir: 'x', streams: 4 } as never;
    expect(() => merge(rule, [{ count: 1, runId: 'r', dir: 'x' }, withExtra])).toThrow(
      'b.json: measured.streams has no merge rule (add one to its section',
    );
    expect(() => merge(rule, [{ count: 1, runId: 'r' } as never])).toThrow(
      'a.json: measured.dir is missing',
    );
    expect(() =>
      merge(rule, [
        { count: 1, runId: 'r', dir: 'x' },
        { count: 1, runId: 's', dir: 'x' },
      ]),
    ).toThrow('b.json: measured.runId is "s", but a.json has "r"');
  });

  it('merges records key by key over the inputs that have the key', () => {
    expect(
      merge(record(sum), [
        { a: 1, b: 2 },
        { b: 3, c: 4 },
      ]),
    ).toEqual({ a: 1, b: 5, c: 4 });
    expect(() => merge(record(same<number>()), [{ a: 1 }, { b: 1 }, { a: 2 }])).toThrow(
      'c.json: measured.a is 2, but a.json has 1',
    );
  });

  it('keeps null only when no input measured the value', () => {
    expect(merge(nullable(max), [null, 3, 5])).toBe(5);
    expect(merge(nullable(max), [null, null])).toBeNull();
  });

  it('adds slices slice by slice and refuses slicings of different lengths', () => {
    const slices = byIndex(fields<{ requests: number }>({ requests: sum }));
    expect(
      merge(slices, [
        [{ requests: 1 }, { requests: 2 }],
        [{ requests: 10 }, { requests: 20 }],
      ]),
    ).toEqual([{ requests: 11 }, { requests: 22 }]);
    expect(() => merge(slices, [[{ requests: 1 }], []])).toThrow(
      'b.json: measured has 0 entries, but a.json has 1',
    );
  });

  it('merges lists by key, in the order the keys first appear', () => {
    const rooms = byKey(
      (r: { id: number; requests: number }) => `${r.id}`,
      fields<{ id: number; requests: number }>({ id: same(), requests: sum }),
    );
    expect(
      merge(rooms, [
        [
          { id: 5, requests: 1 },
          { id: 6, requests: 2 },
        ],
        [
          { id: 7, requests: 3 },
          { id: 5, requests: 4 },
        ],
      ]),
    ).toEqual([
      { id: 5, requests: 5 },
      { id: 6, requests: 2 },
      { id: 7, requests: 3 },
    ]);
  });

  it('concatenates per-instance lists and takes the worst of ordered states', () => {
    expect(merge(concat<number>(), [[1], [2, 3]])).toEqual([1, 2, 3]);
    const status = worst(['completed', 'interrupted', 'aborted'] as const);
    expect(merge(status, ['completed', 'aborted', 'interrupted'])).toBe('aborted');
    expect(() => merge(status, ['completed', 'lost' as never])).toThrow(
      'b.json: measured is "lost"; expected one of completed, interrupted, aborted',
    );
  });

  it('merges a union by its type and refuses mixed types', () => {
    type Metric = { type: 'counter'; count: number } | { type: 'gauge'; max: number };
    const rule = byType<Metric>({
      counter: fields({ type: same<'counter'>(), count: sum }),
      gauge: fields({ type: same<'gauge'>(), max }),
    });
    expect(
      merge(rule, [
        { type: 'counter', count: 1 },
        { type: 'counter', count: 2 },
      ]),
    ).toEqual({ type: 'counter', count: 3 });
    expect(() =>
      merge(rule, [
        { type: 'counter', count: 1 },
        { type: 'gauge', max: 2 },
      ]),
    ).toThrow('b.json: measured is a gauge, but a.json has a counter');
  });

  it('passes warnings on to the caller', () => {
    const lines: string[] = [];
    const noisy = {
      describe: 'warns',
      merge(values: readonly number[], context: { warn(line: string): void }) {
        context.warn('half');
        return values[0] as number;
      },
    };
    expect(merge(noisy, [1, 2], (l) => lines.push(l))).toBe(1);
    expect(lines).toEqual(['half']);
  });
});
