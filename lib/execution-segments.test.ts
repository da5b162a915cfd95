import { describe, expect, it } from 'vitest';
import { equalSegments } from './distributed';
import {
  parseBoundFraction,
  sameSegment,
  segmentStartsAtZero,
  segmentVuNumbers,
  sequenceSegments,
} from './execution-segments';

describe('segmentVuNumbers', () => {
  it("gives k6's documented example its striped iterators (lib/execution_segment.go)", () => {
    // 50 %, 25 %, 25 %: 0 2 4 6 ..., 1 5 9 ..., 3 7 11 ...
    const sequence = '0,1/2,3/4,1';
    expect(segmentVuNumbers('0:1/2', sequence, 12)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(segmentVuNumbers('1/2:3/4', sequence, 12)).toEqual([1, 5, 9]);
    expect(segmentVuNumbers('3/4:1', sequence, 12)).toEqual([3, 7, 11]);
  });

  it("scales small counts as k6's ScaleInt64 table does", () => {
    // The table under ExecutionTuple: values 1..4 give 1 1 2 2 / 0 1 1 1 / 0 0 0 1.
    const sequence = '0,1/2,3/4,1';
    const counts = (segment: string) =>
      [1, 2, 3, 4].map((v) => segmentVuNumbers(segment, sequence, v)?.length);
    expect(counts('0:1/2')).toEqual([1, 1, 2, 2]);
    expect(counts('1/2:3/4')).toEqual([0, 1, 1, 1]);
    expect(counts('3/4:1')).toEqual([0, 0, 0, 1]);
  });

  it('deals equal segments round-robin, and leaves a segment without a VU when there are too few', () => {
    const { segments, sequence } = equalSegments(4);
    expect(segments.map((s) => segmentVuNumbers(s, sequence, 6))).toEqual([
      [0, 4],
      [1, 5],
      [2],
      [3],
    ]);
    expect(segments.map((s) => segmentVuNumbers(s, sequence, 1))).toEqual([[0], [], [], []]);
  });

  it('fills the sequence around a segment given alone, as k6 does', () => {
    expect(segmentVuNumbers('1/2:1', null, 4)).toEqual(segmentVuNumbers('1/2:1', '0,1/2,1', 4));
    expect(segmentVuNumbers('1/3:2/3', null, 3)).toHaveLength(1);
  });

  it('reads bounds as fractions, decimals and percentages', () => {
    expect(parseBoundFraction('1/3')).toEqual({ n: 1, d: 3 });
    expect(parseBoundFraction('0.25')).toEqual({ n: 1, d: 4 });
    expect(parseBoundFraction('50%')).toEqual({ n: 1, d: 2 });
    expect(parseBoundFraction('x')).toBeUndefined();
    expect(segmentVuNumbers('50%:100%', '0,50%,100%', 2)).toEqual([1]);
    expect(segmentVuNumbers('0:2', null, 2)).toBeUndefined();
    expect(segmentVuNumbers('0:1/3', '0,1/2,1', 2)).toBeUndefined();
  });

  it('lists a sequence as segments and compares segments by value', () => {
    expect(sequenceSegments('0,1/3,2/3,1')).toEqual(['0:1/3', '1/3:2/3', '2/3:1']);
    expect(sequenceSegments('0')).toBeUndefined();
    expect(sameSegment('1/2:1', '0.5:100%')).toBe(true);
    expect(sameSegment('0:1/2', '1/2:1')).toBe(false);
    expect([segmentStartsAtZero('0:1/4'), segmentStartsAtZero('1/4:1/2')]).toEqual([true, false]);
  });
});
