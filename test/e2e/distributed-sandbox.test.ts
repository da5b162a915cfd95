// Several instances of dist/poll.js in the sandbox, as k6-operator runs them (execution
// segments, one RUN_ID, own source addresses), against one stand-in; their summaries merge.
// The sandbox runs one instance after the other, so each one's teardown waits CLEANUP_GRACE
// for the other and then deletes; lib/distributed-rooms.test.ts interleaves instances.

import { describe, expect, it } from 'vitest';
import { mergePollSummaries } from '../../lib/poll/merge';
import { GATEABLE_METRICS } from '../../lib/poll/options';
import type { PollSummaryJson } from '../../lib/poll/summary-schema';
import { parseThresholds } from '../../lib/thresholds';
import { standInTransport } from '../../sandbox/k6/transports';
import { runK6Script } from '../../sandbox/run-k6-script';
import { createStandIn } from '../../server/core';
import { parseServerOptions } from '../../server/options';
import { coreRequest, virtualClock } from '../../server/testing';
import gates from '../../thresholds.json';

const ADDRESS = 'standin.test:8000';
const ENV = {
  BASE_URL: `http://${ADDRESS}`,
  PASSWORD: 'loadtest',
  USERS: '4',
  VUS: '2',
  DURATION: '20s',
  CLEANUP_GRACE: '5s',
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
      gates: parseThresholds('thresholds.json', gates, GATEABLE_METRICS),
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

    // Each instance, alone, waited the grace period for the other, then left nothing behind.
    for (const [i, r] of runs.entries()) {
      const segment = i === 0 ? '0:1/2' : '1/2:1';
      expect(r.logs.map((l) => l.message)).toContain(
        `Segment ${segment}: within CLEANUP_GRACE (5 s) only ${segment} of run sbx1 reported stopping (an instance died?); deleted 3 room(s) anyway`,
      );
    }
    const admin = JSON.parse(
      standIn.handle(coreRequest('POST', '/auth/login', { body: { password: 'loadtest' } })).body,
    ).api_key as string;
    expect(JSON.parse(standIn.handle(coreRequest('GET', '/rooms', { token: admin })).body)).toEqual(
      [],
    );
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
