import { describe, expect, it } from 'vitest';
import {
  checkSegmentsHaveVus,
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

describe('checkSegmentsHaveVus', () => {
  const sequence = '0,1/4,1/2,3/4,1';
  it('passes when k6 gives every segment of the sequence a VU', () => {
    expect(() =>
      checkSegmentsHaveVus('0:1/4', sequence, { vus: 4, vusConfigured: true, users: 40 }),
    ).not.toThrow();
  });

  it('stops every instance with one line when a segment gets none', () => {
    const line =
      'VUS=2 leaves segments 1/2:3/4, 3/4:1 of 0,1/4,1/2,3/4,1 without a VU (k6 splits the VUs over the segments), so that instance would send nothing: set VUS to at least 4';
    for (const segment of ['0:1/4', '3/4:1']) {
      expect(() =>
        checkSegmentsHaveVus(segment, sequence, { vus: 2, vusConfigured: true, users: 40 }),
      ).toThrow(line);
    }
    expect(() =>
      checkSegmentsHaveVus('1/2:1', null, { vus: 1, vusConfigured: false, users: 40 }),
    ).toThrow(
      /^the 1 VU the load needs leaves segment 1\/2:1 without a VU .*set VUS to at least 2$/,
    );
  });

  it('says so when there are fewer users than instances', () => {
    expect(() =>
      checkSegmentsHaveVus('0:1/4', sequence, { vus: 3, vusConfigured: true, users: 3 }),
    ).toThrow(/: a VU paces at least one user, so USERS=3 needs fewer instances, or more users$/);
  });
});
