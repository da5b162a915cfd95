import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../response-outcome';
import { bucketOf } from '../timeline';
import { SliceTally } from './slice-tally';

function recorded() {
  const samples: [number, number, string][] = [];
  const sink = (slice: number, count: number, tags: Readonly<Record<string, string>>) =>
    samples.push([slice, count, tags.series as string]);
  return { samples, sink };
}

describe('SliceTally', () => {
  it('sums a slice in plain numbers and hands each series once, tagged, to its slice', () => {
    const { samples, sink } = recorded();
    const tally = new SliceTally(['poll', 'agents'], 50);
    const poll = tally.kind('poll');
    tally.enter(2, sink);
    tally.count(poll, classifyResponse(200, 0), 42);
    tally.count(poll, classifyResponse(200, 0), 43);
    tally.count(poll, classifyResponse(429, 1429), 5);
    tally.count(tally.kind('agents'), classifyResponse(0, 1212), 0);
    tally.lag(3);
    expect(samples).toEqual([]);
    tally.enter(3, sink);
    expect(samples).toEqual([
      [2, 3, 'sent.poll'],
      [2, 1, 'limited.poll'],
      [2, 1, `lat.poll.${bucketOf(5, 50)}`],
      [2, 2, `lat.poll.${bucketOf(42, 50)}`],
      [2, 1, 'sent.agents'],
      [2, 1, 'failed.agents'],
      [2, 1, `lag.${bucketOf(3, 50)}`],
    ]);
    // Nothing new since: a flush sends nothing.
    tally.flush(sink);
    expect(samples).toHaveLength(7);
  });

  it('flushes the current slice on demand, then counts it again from 0', () => {
    const { samples, sink } = recorded();
    const tally = new SliceTally(['poll'], 50);
    tally.count(tally.kind('poll'), classifyResponse(500, 1500), 10);
    tally.flush(sink);
    tally.count(tally.kind('poll'), classifyResponse(200, 0), 10);
    tally.flush(sink);
    expect(samples).toEqual([
      [0, 1, 'sent.poll'],
      [0, 1, 'failed.poll'],
      [0, 1, `lat.poll.${bucketOf(10, 50)}`],
      [0, 1, 'sent.poll'],
      [0, 1, `lat.poll.${bucketOf(10, 50)}`],
    ]);
  });

  it('puts each latency in the bucket bucketOf names (its inlined copy agrees)', () => {
    const { samples, sink } = recorded();
    const tally = new SliceTally(['poll'], 52);
    const latencies = [0, 0.3, 0.5, 0.51, 0.6, 1, 1.19, 1.2, 7.7, 99.9, 100, 4000, 9e9];
    for (const ms of latencies) tally.count(tally.kind('poll'), classifyResponse(200, 0), ms);
    tally.flush(sink);
    const expected = new Map<string, number>();
    for (const ms of latencies) {
      const series = `lat.poll.${bucketOf(ms, 52)}`;
      expected.set(series, (expected.get(series) ?? 0) + 1);
    }
    const got = new Map(samples.filter((s) => s[2].startsWith('lat.')).map((s) => [s[2], s[1]]));
    expect(got).toEqual(expected);
  });
});
