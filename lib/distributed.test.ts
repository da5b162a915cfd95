import { describe, expect, it } from 'vitest';
import {
  parseSegment,
  resolveRunId,
  SINGLE_INSTANCE,
  segmentCoverage,
  summaryFileStem,
} from './distributed';

describe('execution segments', () => {
  it('reads the notations k6 takes', () => {
    expect(parseSegment('1/2:1')).toEqual({ text: '1/2:1', from: 0.5, to: 1 });
    expect(parseSegment('0:1/3')).toMatchObject({ from: 0, to: 1 / 3 });
    expect(parseSegment('25%:50%')).toMatchObject({ from: 0.25, to: 0.5 });
    expect(parseSegment('0.5')).toMatchObject({ from: 0, to: 0.5 });
    expect(parseSegment('1:1/2')).toBeUndefined();
    expect(parseSegment('x')).toBeUndefined();
  });

  it('measures the share of the test segments cover, overlaps once', () => {
    const seg = (t: string) => parseSegment(t) ?? { from: 0, to: 0 };
    expect(segmentCoverage([seg('0:1/3'), seg('1/3:2/3'), seg('2/3:1')])).toBeCloseTo(1, 12);
    expect(segmentCoverage([seg('1/2:1')])).toBe(0.5);
    expect(segmentCoverage([seg('0:1/2'), seg('0:1/2'), seg('1/4:3/4')])).toBe(0.75);
  });
});

describe('resolveRunId', () => {
  it('uses RUN_ID, makes one up for a single instance, and needs it with a segment', () => {
    expect(resolveRunId('r1', '0:1/2', () => 'made')).toBe('r1');
    expect(resolveRunId(undefined, null, () => 'made')).toBe('made');
    expect(() => resolveRunId(undefined, '0:1/2', () => 'made')).toThrow(
      /^RUN_ID: not set, but this instance runs execution segment 0:1\/2;/,
    );
  });
});

describe('summaryFileStem', () => {
  it('keeps summary.json for one instance and names instances by run and segment', () => {
    expect(summaryFileStem(SINGLE_INSTANCE)).toEqual({
      json: 'summary.json',
      junit: 'junit.xml',
      html: 'summary.html',
    });
    expect(summaryFileStem({ ...SINGLE_INSTANCE, runId: 'r1', executionSegment: '1/2:1' })).toEqual(
      { json: 'summary-r1-1-2_1.json', junit: 'junit-r1-1-2_1.xml', html: 'summary-r1-1-2_1.html' },
    );
  });
});
