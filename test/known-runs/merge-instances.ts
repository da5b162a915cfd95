// Instance summaries for the merge tests: what handleSummary writes for a segment of a 4-user,
// 1-room run whose latencies are given sample by sample.

import type { InstanceInfo } from '../../lib/distributed';
import { METRIC, subMetricKey } from '../../lib/metric-names';
import { SUMMARY_TREND_STATS } from '../../lib/poll/options';
import { pollSummaryOf } from '../../lib/poll/report';
import type { PollSummaryJson } from '../../lib/poll/summary-schema';
import { trendStat } from '../../sandbox/metric-values';
import { pollConfig, summaryDataFor } from './poll-runs';

function trendOf(samples: readonly number[]): Record<string, number> {
  const sorted = [...samples].sort((a, b) => a - b);
  return Object.fromEntries(SUMMARY_TREND_STATS.map((s) => [s, trendStat(sorted, s) ?? 0]));
}

/** Latencies spread evenly from `low` to `high` ms, `n` of them. */
export function spread(n: number, low: number, high: number): number[] {
  return Array.from({ length: n }, (_, i) => low + ((high - low) * i) / Math.max(1, n - 1));
}

export interface InstanceSpec {
  segment: string;
  localIps: string;
  poll: number[];
  agents: number[];
  rateLimited?: number;
  runId?: string;
  users?: number;
  /** k6's http_req_duration samples, gated p(95)<500; default: those of poll and agents. */
  httpReqDuration?: number[];
}

/**
 * An instance's summary.json for 4 users (2 VUs, so 2 users per instance of 2) x 1 shared room
 * for 20 s, as handleSummary writes it: 10 polls of each kind are its whole share.
 */
export function instanceSummary(spec: InstanceSpec): PollSummaryJson {
  const rateLimited = spec.rateLimited ?? 0;
  const poll = spec.poll.length;
  const agents = spec.agents.length;
  const httpReqDuration = spec.httpReqDuration ?? [...spec.poll, ...spec.agents];
  const data = summaryDataFor({
    durationMs: 20_000,
    breakdown: 1,
    trendStats: SUMMARY_TREND_STATS,
    counters: {
      [METRIC.requests]: poll + agents,
      [subMetricKey(METRIC.requests, { endpoint: 'poll' })]: poll,
      [subMetricKey(METRIC.requests, { endpoint: 'agents' })]: agents,
      [subMetricKey(METRIC.requests, { endpoint: 'poll', room: '0' })]: poll,
      [subMetricKey(METRIC.requests, { endpoint: 'agents', room: '0' })]: agents,
      [subMetricKey(METRIC.requests, { status: '200' })]: poll + agents - rateLimited,
      [subMetricKey(METRIC.requests, { status: '429' })]: rateLimited,
      [METRIC.rateLimited]: rateLimited,
      [subMetricKey(METRIC.rateLimited, { endpoint: 'poll' })]: rateLimited,
      [subMetricKey(METRIC.rateLimited, { endpoint: 'poll', room: '0' })]: rateLimited,
      [METRIC.connectionErrors]: 0,
      http_reqs: poll + agents + 3,
      data_received: 1000 * (poll + agents) + 900,
      data_sent: 500 * (poll + agents) + 450,
      'data_received{role:poll}': 1000 * (poll + agents),
      'data_sent{role:poll}': 500 * (poll + agents),
    },
    trends: {
      [METRIC.latency]: trendOf([...spec.poll, ...spec.agents]),
      [subMetricKey(METRIC.latency, { endpoint: 'poll' })]: trendOf(spec.poll),
      [subMetricKey(METRIC.latency, { endpoint: 'agents' })]: trendOf(spec.agents),
      [METRIC.scheduleLag]: trendOf(spread(poll, 1, 20)),
      http_req_duration: trendOf(httpReqDuration),
    },
    thresholds: {
      http_req_duration: { 'p(95)<500': (trendOf(httpReqDuration)['p(95)'] ?? 0) < 500 },
      [METRIC.latency]: {
        'p(95)<100': (trendOf([...spec.poll, ...spec.agents])['p(95)'] ?? 0) < 100,
      },
    },
  });
  const instance: InstanceInfo = {
    runId: spec.runId ?? 'run7',
    executionSegment: spec.segment,
    executionSegmentSequence: '0,1/2,1',
    localIps: spec.localIps,
  };
  return pollSummaryOf(data, {
    config: pollConfig({ users: spec.users ?? 4, rooms: 1, durationMs: 20_000 }),
    vus: 2,
    roomIds: [11],
    instance,
  });
}

export const FAST: InstanceSpec = {
  segment: '0:1/2',
  localIps: '127.0.0.2',
  poll: spread(10, 2, 8),
  agents: spread(10, 3, 9),
};
export const SLOW: InstanceSpec = {
  segment: '1/2:1',
  localIps: '127.0.0.3',
  poll: spread(10, 20, 300),
  agents: spread(10, 30, 200),
};
