import { describe, expect, it } from 'vitest';
import { trendValues } from '../test/known-runs/poll-runs';
import { applyRule, MergeError } from './merge-rules';
import {
  bucketLowMs,
  bucketOf,
  histogramPercentile,
  maxBucketFor,
  measureTimeline,
  samplingPeriod,
  sliceIndex,
  sliceLayout,
  sliceMetricName,
  sliceSubMetricKeys,
  TIMELINE_RULE,
  type TimelineMeasured,
  timelineFigures,
} from './timeline';

/** A counter as k6's handleSummary data has it. */
const counter = (count: number) => ({
  type: 'counter' as const,
  contains: 'default' as const,
  values: { count, rate: 0 },
});

describe('sliceLayout', () => {
  it('cuts a run into 60 slices, and a short one into one a second', () => {
    expect(sliceLayout(3_600_000)).toEqual({ sliceMs: 60_000, count: 60 });
    expect(sliceLayout(180_000)).toEqual({ sliceMs: 3000, count: 60 });
    expect(sliceLayout(30_000)).toEqual({ sliceMs: 2000, count: 15 });
    expect(sliceLayout(121_000)).toEqual({ sliceMs: 2017, count: 60 });
  });
  it('puts late answers in the last slice and nothing before the first', () => {
    const layout = sliceLayout(30_000);
    expect(sliceIndex(layout, -5)).toBe(0);
    expect(sliceIndex(layout, 1999)).toBe(0);
    expect(sliceIndex(layout, 2000)).toBe(1);
    expect(sliceIndex(layout, 45_000)).toBe(14);
  });
});

describe('latency buckets', () => {
  it('are quarter octaves from 0.5 ms, bucket 0 holding everything below', () => {
    expect(bucketOf(0, 60)).toBe(0);
    expect(bucketOf(0.5, 60)).toBe(0);
    expect(bucketOf(1, 60)).toBe(4);
    expect(bucketOf(1.2, 60)).toBe(5);
    expect(bucketOf(1000, 60)).toBe(43);
    expect(bucketOf(1e9, 60)).toBe(60);
    expect(bucketLowMs(4)).toBe(1);
    expect(bucketLowMs(0)).toBe(0);
    for (const ms of [0.7, 3, 42, 999, 4000]) {
      const b = bucketOf(ms, 100);
      expect(bucketLowMs(b)).toBeLessThanOrEqual(ms);
      expect(bucketLowMs(b + 1)).toBeGreaterThan(ms);
    }
  });
  it('reach past the poll interval, the requests’ timeout', () => {
    expect(bucketLowMs(maxBucketFor(4000))).toBeGreaterThan(4000);
  });
  it('give percentiles within a quarter octave of the samples', () => {
    const samples = Array.from({ length: 1000 }, (_, i) => 5 + i * 0.2);
    const h: Record<string, number> = {};
    for (const ms of samples) h[bucketOf(ms, 80)] = (h[bucketOf(ms, 80)] ?? 0) + 1;
    for (const [p, exact] of [
      [50, 104.9],
      [95, 194.9],
    ] as const) {
      const estimate = histogramPercentile(h, p) as number;
      expect(estimate / exact).toBeGreaterThan(1 / 1.19);
      expect(estimate / exact).toBeLessThan(1.19);
    }
    expect(histogramPercentile({}, 50)).toBeNull();
  });
});

describe('the slices in k6 and in summary.json', () => {
  it('declares each slice its counts on its own counter, and its sampled times', () => {
    const keys = sliceSubMetricKeys(sliceLayout(4000), ['poll'], false);
    expect(keys).toEqual([
      'cw_slice_00{series:sent.poll}',
      'cw_slice_00{series:limited.poll}',
      'cw_slice_00{series:failed.poll}',
      'cw_slice_time_00{series:lat.poll}',
      'cw_slice_time_00{series:lag}',
      'cw_slice_01{series:sent.poll}',
      'cw_slice_01{series:limited.poll}',
      'cw_slice_01{series:failed.poll}',
      'cw_slice_time_01{series:lat.poll}',
      'cw_slice_time_01{series:lag}',
    ]);
    expect(sliceMetricName(7)).toBe('cw_slice_07');
    // The client models' VUs record each slice's plan and stream time too.
    expect(sliceSubMetricKeys(sliceLayout(2000), ['rooms'], true)).toEqual([
      'cw_slice_00{series:planned}',
      'cw_slice_00{series:stream_ms}',
      'cw_slice_00{series:sent.rooms}',
      'cw_slice_00{series:limited.rooms}',
      'cw_slice_00{series:failed.rooms}',
      'cw_slice_time_00{series:lat.rooms}',
      'cw_slice_time_00{series:lag}',
    ]);
  });

  it('samples about 150 responses of a kind per slice, whatever the rate', () => {
    expect(samplingPeriod(1000, sliceLayout(30_000))).toBe(13);
    expect(samplingPeriod(1000, sliceLayout(3_600_000))).toBe(400);
    expect(samplingPeriod(2, sliceLayout(60_000))).toBe(1);
  });

  it('reads the counts k6 reports and turns the sampled trends into bucket counts', () => {
    const samples = [10, 10.5, 11, 40, 41];
    const t = measureTimeline(
      {
        metrics: {
          'cw_slice_00{series:sent.poll}': counter(3),
          'cw_slice_00{series:limited.poll}': counter(1),
          'cw_slice_time_00{series:lat.poll}': {
            type: 'trend',
            contains: 'time',
            values: trendValues(samples),
          },
          'cw_slice_time_01{series:lag}': {
            type: 'trend',
            contains: 'time',
            values: trendValues([3]),
          },
        },
        options: { summaryTrendStats: [] },
        state: { testRunDurationMs: 4000 },
      },
      sliceLayout(4000),
      ['poll'],
      40,
      { latency: 1, lag: 1 },
      [4, 4],
    );
    const poll = t.slices[0]?.kinds.poll;
    expect(poll).toMatchObject({ sent: 3, rateLimited: 1, failed: 0 });
    // Every sample counted once; k6's grid interpolates between samples, so a bucket's share
    // is the grid's, and the histogram's percentiles stay within a quarter octave.
    const latency = poll?.latency ?? {};
    expect(Object.values(latency).reduce((x, y) => x + y, 0)).toBe(5);
    expect(histogramPercentile(latency, 20)).toBeGreaterThan(10 / 1.19);
    expect(histogramPercentile(latency, 20)).toBeLessThan(10.5 * 1.19);
    expect(histogramPercentile(latency, 95)).toBeGreaterThan(40 / 1.19);
    expect(histogramPercentile(latency, 95)).toBeLessThan(41 * 1.19);
    expect(t.slices[1]).toEqual({
      planned: 4,
      kinds: { poll: { sent: 0, rateLimited: 0, failed: 0, latency: {} } },
      lag: { [bucketOf(3, 40)]: 1 },
      streamMs: null,
    });
    expect(t).toMatchObject({ sliceMs: 2000, sampling: { latency: 1, lag: 1 } });
  });

  it("reads a client model's plan and stream time per slice from what its VUs recorded", () => {
    const t = measureTimeline(
      {
        metrics: {
          'cw_slice_00{series:planned}': counter(7),
          'cw_slice_00{series:stream_ms}': counter(3000),
          'cw_slice_01{series:sent.rooms}': counter(2),
        },
        options: { summaryTrendStats: [] },
        state: { testRunDurationMs: 4000 },
      },
      sliceLayout(4000),
      ['rooms'],
      40,
      { latency: 1, lag: 1 },
      'recorded',
    );
    expect(t.slices.map((s) => [s.planned, s.streamMs, s.kinds.rooms?.sent])).toEqual([
      [7, 3000, 0],
      [0, 0, 2],
    ]);
  });
});

function timeline(
  sent: number,
  latency: Record<string, number>,
  streamMs: number | null = null,
): TimelineMeasured {
  return {
    sliceMs: 1000,
    sampling: { latency: 1, lag: 1 },
    slices: [
      {
        planned: 4,
        kinds: { poll: { sent, rateLimited: 0, failed: 1, latency } },
        lag: { 0: 2 },
        streamMs,
      },
      {
        planned: 4,
        kinds: { poll: { sent: 4, rateLimited: 2, failed: 0, latency: {} } },
        lag: {},
        streamMs,
      },
    ],
  };
}

describe('TIMELINE_RULE', () => {
  it('adds the instances slice by slice, histograms bucket by bucket', () => {
    const merged = applyRule(
      TIMELINE_RULE,
      [timeline(3, { 10: 2, 11: 1 }), timeline(5, { 11: 4 }), null],
      ['a.json', 'b.json', 'c.json'],
      'measured.timeline',
    );
    expect(merged?.slices[0]).toEqual({
      planned: 8,
      kinds: { poll: { sent: 8, rateLimited: 0, failed: 2, latency: { 10: 2, 11: 5 } } },
      lag: { 0: 4 },
      streamMs: null,
    });
    expect(merged?.slices[1]?.kinds.poll?.rateLimited).toBe(4);
    const streaming = applyRule(
      TIMELINE_RULE,
      [timeline(1, {}, 1500), timeline(1, {}, 2500)],
      ['a.json', 'b.json'],
      'measured.timeline',
    );
    expect(streaming?.slices.map((s) => s.streamMs)).toEqual([4000, 4000]);
  });
  it('refuses instances whose slices or sampling differ', () => {
    const others = [
      { ...timeline(1, {}), sliceMs: 2000 },
      { ...timeline(1, {}), sampling: { latency: 1, lag: 2 } },
    ];
    for (const other of others) {
      expect(() =>
        applyRule(
          TIMELINE_RULE,
          [timeline(1, {}), other],
          ['a.json', 'b.json'],
          'measured.timeline',
        ),
      ).toThrow(MergeError);
    }
  });
});

describe('timelineFigures', () => {
  it('gives rates per second and percentiles per slice, null past the load’s end', () => {
    const f = timelineFigures(timeline(3, { 40: 3 }), ['poll'], 2000, 2000);
    expect(f.slices[0]).toMatchObject({
      startMs: 0,
      endMs: 1000,
      plannedPerSecond: 4,
      sentPerSecond: 3,
      failedPerSecond: 1,
      openStreams: null,
    });
    expect(f.slices[0]?.kinds.poll?.latencyP50Ms).toBeGreaterThan(bucketLowMs(40));
    expect(f.slices[0]?.kinds.poll?.latencyP50Ms).toBeLessThan(bucketLowMs(41));
    expect(f.slices[1]?.sentPerSecond).toBe(4);
    // Stopped at 1.2 s: the second slice was measured in part, and is not shown.
    const stopped = timelineFigures(timeline(3, {}), ['poll'], 2000, 1200);
    expect(stopped.slices.map((s) => s.sentPerSecond)).toEqual([3, null]);
    expect(stopped.slices[1]).toMatchObject({ scheduleLagP95Ms: null, plannedPerSecond: 4 });
    // Answers after DURATION count in the last slice of a run that ran its course.
    const late = timelineFigures(timeline(3, {}), ['poll'], 2000, 2400);
    expect(late.slices[1]?.sentPerSecond).toBe(4);
  });

  it("gives a client model's mean open streams per slice: its stream time over its length", () => {
    // 2,500 stream-ms in a slice of 1 s; the last slice ends at DURATION, 1.5 s.
    const f = timelineFigures(timeline(3, {}, 2500), ['poll'], 1500, 1500);
    expect(f.slices.map((s) => s.openStreams)).toEqual([2.5, 5]);
    // Stopped at 1.2 s: the second slice was measured in part.
    const stopped = timelineFigures(timeline(3, {}, 2500), ['poll'], 2000, 1200);
    expect(stopped.slices.map((s) => s.openStreams)).toEqual([2.5, null]);
  });
});
