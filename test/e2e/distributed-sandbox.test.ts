// Several instances of dist/poll.js in the sandbox, as k6-operator runs them (execution
// segments, one RUN_ID, own source addresses), against one stand-in; their summaries merge.
// The sandbox runs one instance after the other: the first (segment 0:...) creates the rooms,
// the next finds them; NO_CLEANUP keeps them for it, since the first one's teardown would
// otherwise delete them after CLEANUP_GRACE. lib/distributed-rooms.test.ts interleaves
// instances, and test:k6:distributed runs them side by side with real k6.

import { describe, expect, it } from 'vitest';
import { mergePollSummaries } from '../../lib/poll/merge';
import { anyPollRunCatalog } from '../../lib/poll/options';
import type { PollSummaryJson } from '../../lib/poll/summary-schema';
import { parseThresholds } from '../../lib/thresholds';
import { standInTransport } from '../../sandbox/k6/transports';
import { runK6Script } from '../../sandbox/run-k6-script';
import { createStandIn } from '../../server/core';
import { parseServerOptions } from '../../server/options';
import { virtualClock } from '../../server/testing';
import gates from '../../thresholds.json';

const ADDRESS = 'standin.test:8000';
const ENV = {
  BASE_URL: `http://${ADDRESS}`,
  PASSWORD: 'loadtest',
  USERS: '4',
  VUS: '2',
  DURATION: '20s',
  NO_CLEANUP: 'true',
  SUMMARY_DIR: 'out',
};

async function runInstances(env: Record<string, string>, count: number) {
  const standIn = createStandIn(parseServerOptions({}), virtualClock());
  const transport = standInTransport(standIn, { address: ADDRESS });
  const runs = [];
  for (let index = 0; index < count; index++) {
    runs.push(
      await runK6Script('dist/poll.js', {
        env,
        transport,
        executionSegment: { index, count },
        localIps: [`127.0.0.${index + 2}`],
      }),
    );
  }
  return { standIn, runs };
}

describe('distributed run of sandboxed instances', () => {
  it('writes one summary per segment that merges into the whole run', async () => {
    const { standIn, runs } = await runInstances({ ...ENV, RUN_ID: 'sbx1' }, 2);
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    const names = runs.map((r) =>
      Object.keys(r.outputs)
        .filter((k) => k !== 'stdout')
        .sort(),
    );
    expect(names).toEqual([
      ['out/junit-sbx1-0_1-2.xml', 'out/summary-sbx1-0_1-2.html', 'out/summary-sbx1-0_1-2.json'],
      ['out/junit-sbx1-1-2_1.xml', 'out/summary-sbx1-1-2_1.html', 'out/summary-sbx1-1-2_1.json'],
    ]);
    const summaries = runs.map((r, i) => ({
      file: `s${i}.json`,
      summary: JSON.parse(r.outputs[names[i]?.[2] ?? ''] ?? '') as PollSummaryJson,
    }));
    expect(summaries.map((s) => s.summary.instance)).toEqual([
      {
        runId: 'sbx1',
        executionSegment: '0:1/2',
        executionSegmentSequence: '0,1/2,1',
        localIps: '127.0.0.2',
      },
      {
        runId: 'sbx1',
        executionSegment: '1/2:1',
        executionSegmentSequence: '0,1/2,1',
        localIps: '127.0.0.3',
      },
    ]);
    // 4 users x 2 rooms x 2 endpoints every 4 s for 20 s: 80 requests, half per instance.
    expect(summaries.map((s) => s.summary.requests.total)).toEqual([40, 40]);

    const merged = mergePollSummaries(summaries, {
      gates: parseThresholds('thresholds.json', gates, anyPollRunCatalog()),
      summaryDir: '',
    });
    const stats = standIn.stats();
    const served = (template: string) => stats.endpoints[`GET ${template}`]?.requests ?? 0;
    expect(merged.figures.requests.total).toBe(80);
    expect(merged.figures.endpoints.map((e) => [e.endpoint, e.requests])).toEqual([
      ['poll', served('/rooms/{id}/messages/poll')],
      ['agents', served('/rooms/{id}/chatting-agents')],
    ]);
    expect([merged.figures.merged?.coverage, merged.figures.status.thresholdsPassed]).toEqual([
      1,
      true,
    ]);

    // One set of rooms, created by the first instance, found by the second.
    expect(
      runs.map((r) => r.logs.map((l) => l.message).find((m) => m.startsWith('Segment'))),
    ).toEqual([
      `Segment 0:1/2 of run sbx1: using 2 shared test rooms on ${ENV.BASE_URL}: loadtest-sbx1-1 ... loadtest-sbx1-2 (ids 1, 2; 2 created by this instance, the one whose segment starts at 0)`,
      `Segment 1/2:1 of run sbx1: using 2 shared test rooms on ${ENV.BASE_URL}: loadtest-sbx1-1 ... loadtest-sbx1-2 (ids 1, 2; created by the instance whose segment starts at 0)`,
    ]);
    expect(stats.endpoints['POST /rooms']?.statuses).toEqual({ '200': 2 });
  });

  it('stops every instance in setup, before any request, when VUS leaves a segment without a VU', async () => {
    const { standIn, runs } = await runInstances({ ...ENV, RUN_ID: 'sbx2', VUS: '1' }, 2);
    expect(runs.map((r) => r.exitCode)).toEqual([108, 108]);
    for (const r of runs) {
      expect(r.logs.map((l) => l.message)).toContain(
        'test aborted: VUS=1 leaves segment 1/2:1 of 0,1/2,1 without a VU (k6 splits the VUs over the segments), so that instance would send nothing: set VUS to at least 2',
      );
    }
    expect(standIn.stats().requests).toBe(0);
  });

  it('CLIENT=chat: the instances hold their own streams, and the merge adds them up', async () => {
    const env = { ...ENV, RUN_ID: 'sbx2', CLIENT: 'chat', ROOMS: '1', START_PHASE: 'burst' };
    const { standIn, runs } = await runInstances(env, 2);
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    const summaries = runs.map((r, i) => ({
      file: `s${i}.json`,
      summary: JSON.parse(
        Object.entries(r.outputs).find(([k]) => k.endsWith('.json'))?.[1] ?? '',
      ) as PollSummaryJson,
    }));
    // Each instance runs one VU, so the users of one shard, each with its stream.
    expect(summaries.map((s) => s.summary.streams?.byOutcome.held)).toEqual([2, 2]);
    const merged = mergePollSummaries(summaries, { summaryDir: '' }).figures;
    const stats = standIn.stats();
    const total = (pick: (s: PollSummaryJson) => number) =>
      summaries.reduce((n, s) => n + pick(s.summary), 0);
    expect([
      merged.requests.total,
      merged.loadPlan.plannedRequests,
      merged.streams?.tickets,
      merged.streams?.byOutcome.held,
      merged.streams?.peakOpen,
    ]).toEqual([
      total((s) => s.requests.total),
      total((s) => s.loadPlan.plannedRequests),
      stats.tickets.issued,
      stats.streams.closed_by_client,
      4,
    ]);
    expect(merged.streams?.timeToFirstByteP95Ms).not.toBeNull();
    expect(merged.loadPlan.requestsPercentOfPlan).toBe(100);
    expect([merged.merged?.coverage, merged.status.thresholdsPassed]).toEqual([1, true]);
  });

  it('stops in setup, before any request, when a segment runs without RUN_ID', async () => {
    const { runs } = await runInstances(ENV, 2);
    expect(runs.map((r) => r.exitCode)).toEqual([108, 108]);
    expect(runs[0]?.requests).toEqual([]);
    expect(runs[0]?.logs.map((l) => l.message)).toContainEqual(
      expect.stringMatching(
        /^test aborted: RUN_ID: not set, but this instance runs execution segment 0:1\/2;/,
      ),
    );
  });
});
