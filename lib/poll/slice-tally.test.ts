import { describe, expect, it } from 'vitest';
import { classifyResponse } from '../response-outcome';
import { SliceTally } from './slice-tally';

function recorded() {
  const counts: [number, number, string][] = [];
  const times: [number, string][] = [];
  const sink = (slice: number, count: number, tags: Readonly<Record<string, string>>) =>
    counts.push([slice, count, tags.series as string]);
  const timeSink = (slice: number, ms: number, tags: Readonly<Record<string, string>>) =>
    times.push([ms, `${slice}/${tags.series}`]);
  return { counts, times, sink, timeSink };
}

describe('SliceTally', () => {
  it('sums a slice in plain numbers and hands each series once, tagged, to its slice', () => {
    const { counts, sink, timeSink } = recorded();
    const tally = new SliceTally(
      ['poll', 'agents'],
      { sliceMs: 1000, count: 4 },
      { latency: 1, lag: 1 },
      timeSink,
    );
    const poll = tally.kind('poll');
    tally.enter(2, sink);
    tally.count(poll, classifyResponse(200, 0), 42);
    tally.count(poll, classifyResponse(200, 0), 43);
    tally.count(poll, classifyResponse(429, 1429), 5);
    tally.count(tally.kind('agents'), classifyResponse(0, 1212), 0);
    expect(counts).toEqual([]);
    tally.enter(3, sink);
    expect(counts).toEqual([
      [2, 3, 'sent.poll'],
      [2, 1, 'limited.poll'],
      [2, 1, 'sent.agents'],
      [2, 1, 'failed.agents'],
    ]);
    // Nothing new since: a flush sends nothing.
    tally.flush(sink);
    expect(counts).toHaveLength(4);
  });

  it("samples 1 in so many responses' latency and polls' lag, tagged with the slice", () => {
    const { times, sink, timeSink } = recorded();
    const tally = new SliceTally(
      ['poll'],
      { sliceMs: 1000, count: 12 },
      { latency: 3, lag: 2 },
      timeSink,
    );
    const poll = tally.kind('poll');
    for (let i = 1; i <= 7; i++) tally.count(poll, classifyResponse(200, 0), i);
    tally.enter(11, sink);
    for (let i = 1; i <= 5; i++) tally.lag(i * 10);
    // The ninth response is due a sample: a connection error is counted, never sampled.
    tally.count(poll, classifyResponse(0, 1212), 0);
    tally.count(poll, classifyResponse(0, 1212), 0);
    for (let ms = 11; ms <= 13; ms++) tally.count(poll, classifyResponse(200, 0), ms);
    // The third and the sixth response, the 12th; the second and the fourth poll.
    expect(times).toEqual([
      [3, '0/lat.poll'],
      [6, '0/lat.poll'],
      [20, '11/lag'],
      [40, '11/lag'],
      [13, '11/lat.poll'],
    ]);
    // Slice 0's seven went out at enter(11); slice 11 has counted five so far.
    expect(poll.sent).toBe(5);
  });

  it("counts a client's due requests by the slice they were due in, handed over with the current slice", () => {
    const { counts, sink, timeSink } = recorded();
    const layout = { sliceMs: 2000, count: 3 };
    const tally = new SliceTally(['rooms'], layout, { latency: 1, lag: 1 }, timeSink, true);
    tally.enter(1, sink);
    // Sent late in slice 1: two were due in slice 0, one in slice 1, one past the end.
    for (const dueMs of [100, 1999, 2000, 7000]) tally.due(dueMs);
    tally.count(tally.kind('rooms'), classifyResponse(200, 0), 1);
    expect(counts).toEqual([]);
    tally.enter(2, sink);
    expect(counts).toEqual([
      [1, 1, 'sent.rooms'],
      [0, 2, 'planned'],
      [1, 1, 'planned'],
      [2, 1, 'planned'],
    ]);
  });

  it('integrates the streams a VU holds over time, split at slice edges, the overrun in the last', () => {
    const { counts, sink, timeSink } = recorded();
    const layout = { sliceMs: 1000, count: 3 };
    const tally = new SliceTally(['rooms'], layout, { latency: 1, lag: 1 }, timeSink, true);
    tally.streamsOpen(2, 500);
    tally.streamsOpen(1, 1500);
    tally.streamsOpen(1, 2200);
    tally.streamsOpen(0, 3400);
    tally.flush(sink);
    // Slice 0: 2 streams x 500 ms; slice 1: 2 x 500 + 1 x 500; slice 2: 1 x 1,400 (to 3.4 s).
    expect(counts).toEqual([
      [0, 1000, 'stream_ms'],
      [1, 1500, 'stream_ms'],
      [2, 1400, 'stream_ms'],
    ]);
    tally.streamsOpen(0, 3900);
    tally.flush(sink);
    expect(counts).toHaveLength(3);
  });

  it('a seed VU counts neither plan nor streams', () => {
    const { counts, sink, timeSink } = recorded();
    const tally = new SliceTally(
      ['poll'],
      { sliceMs: 1000, count: 2 },
      { latency: 1, lag: 1 },
      timeSink,
    );
    tally.due(10);
    tally.streamsOpen(5, 10);
    tally.streamsOpen(0, 900);
    tally.flush(sink);
    expect(counts).toEqual([]);
  });
});
