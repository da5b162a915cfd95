// The k6 options of the poll scenario, derived from its configuration and thresholds.json.

import { ROOM_BATCH_SIZE, SETUP_REQUEST_NAMES } from '../backend';
import { STREAM_GATES, streamSubMetricKeys } from '../clients/metrics';
import { CLIENT_REQUESTS_PER_BATCH } from '../clients/model';
import { ENDPOINTS, type Endpoint, endpointNameTag } from '../endpoints';
import { formatDurationMs } from '../env';
import { type K6Thresholds, toK6Thresholds } from '../gate-aliases';
import { writerEnabled } from '../live-rooms/config';
import { SEND_NAME_TAG, writerMetricKeys, writerVuCount } from '../live-rooms/writer';
import { type MetricCatalog, metricCatalog } from '../metric-catalog';
import {
  MAX_ROOM_BREAKDOWN,
  reportedSubMetricKeys,
  roomBreakdownCount,
  VU_ROLE_TAG,
} from '../metric-names';
import { runEndpoints, runRequestEndpoints, runVuCount } from '../plan';
import { QUANTILE_TREND_STATS } from '../quantiles';
import {
  type Gate,
  gateThresholds,
  parseGates,
  type Thresholds,
  withDeclaredSubMetrics,
} from '../thresholds';
import { sliceLayout, sliceSubMetricKeys } from '../timeline';
import { type PollConfig, roomCount } from './config';
import { requestsPerPoll, usersPerBatch, vuCount } from './load-model';

/**
 * What a gate may name in a run: its metrics, tags and values (`room` up to `roomBreakdown`),
 * for the request kinds `endpoints` of its client model.
 */
export function pollMetricCatalog(run: {
  endpoints: readonly Endpoint[];
  /** The live-room writer runs (its send requests have a name of their own). */
  writer: boolean;
  roomBreakdown: number;
  scenarios: readonly string[];
  /** The VUs of the run (a stream gauge's `shard` tag is one's index); null: any number. */
  vus: number | null;
}): MetricCatalog {
  return metricCatalog({
    endpoints: run.endpoints,
    roomBreakdown: run.roomBreakdown,
    scenarios: run.scenarios,
    vus: run.vus,
    requestNames: [
      ...new Set([
        ...run.endpoints.map(endpointNameTag),
        ...Object.values(SETUP_REQUEST_NAMES),
        ...(run.writer ? [SEND_NAME_TAG] : []),
      ]),
    ],
    methods: [
      ...new Set([...run.endpoints.map((e) => ENDPOINTS[e].method), 'GET', 'POST', 'DELETE']),
    ],
  });
}

/**
 * What a gate may name in any poll run, whatever its client model: for `npm run report --
 * merge`, which reads the gates before the summaries.
 */
export function anyPollRunCatalog(): MetricCatalog {
  return pollMetricCatalog({
    endpoints: Object.keys(ENDPOINTS) as Endpoint[],
    writer: true,
    roomBreakdown: MAX_ROOM_BREAKDOWN,
    scenarios: [POLL_SCENARIO],
    vus: null,
  });
}

/** The k6 scenarios of a poll run: one, the live-room writer's VUs included. */
export function pollScenarioNames(): string[] {
  return [POLL_SCENARIO];
}

/**
 * The gates of this run, checked against what it records: thresholds.json's, and with the chat
 * and game models the stream gates (STREAM_GATES) on the keys thresholds.json leaves to them.
 */
export function pollGates(config: PollConfig, rawGates: unknown): Gate[] {
  const catalog = pollMetricCatalog({
    endpoints: runEndpoints(config),
    writer: writerEnabled(config.live),
    roomBreakdown: roomBreakdownCount(roomCount(config)),
    scenarios: pollScenarioNames(),
    vus: runVuCount(config),
  });
  const own = parseGates('thresholds.json', rawGates, catalog);
  if (config.client === 'seed') return own;
  const streamGates = parseGates('the stream gates', STREAM_GATES, catalog);
  return [...streamGates.filter((g) => !own.some((o) => o.metric === g.metric)), ...own];
}

/**
 * Trend stats the report prints (k6's default lacks p(99)), plus the dense quantile grid that
 * lets the summaries of several k6 instances merge. `--summary-trend-stats` may override them.
 */
export const SUMMARY_TREND_STATS: readonly string[] = (() => {
  const printed = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];
  // concat and filter, not a Set spread: this runs at every VU's init (lib/quantiles.ts).
  return printed.concat(QUANTILE_TREND_STATS.filter((stat) => !printed.includes(stat)));
})();

/**
 * Time setup or teardown may take: a minute plus 2 s per batch of rooms, plus `waitMs` (a
 * distributed run's teardown waits up to CLEANUP_GRACE for the other instances).
 */
export function roomPhaseTimeout(rooms: number, waitMs = 0): string {
  return formatDurationMs(roomPhaseMs(rooms) + waitMs);
}

function roomPhaseMs(rooms: number): number {
  return 60_000 + Math.ceil(rooms / ROOM_BATCH_SIZE) * 2000;
}

/**
 * How long an instance of a distributed run waits in setup for the rooms the instance whose
 * segment starts at 0 creates: its setup's time less 15 s, so that the wait ends with its own
 * line before k6's setupTimeout would.
 */
export function sharedRoomWaitMs(rooms: number): number {
  return roomPhaseMs(rooms) - 15_000;
}

/** Requests a VU sends at once: a round of its users (START_PHASE=burst), at most a batch. */
export function largestPollBatch(config: PollConfig): number {
  if (config.client !== 'seed') return CLIENT_REQUESTS_PER_BATCH;
  const vus = vuCount(config);
  const users = Math.min(Math.ceil(config.users / vus), usersPerBatch(config, vus));
  return users * requestsPerPoll(config);
}

/** The k6 scenario of the polls: its tag keeps the polls' bytes apart from setup's and the writer's. */
export const POLL_SCENARIO = 'poll';

/**
 * k6's built-in byte counters of the polls alone (the VUs' role tag: setup's, teardown's and
 * the live-room writer's bytes left out): the report's transfer figures.
 */
export const POLL_DATA_KEYS = {
  received: `data_received{${VU_ROLE_TAG}:poll}`,
  sent: `data_sent{${VU_ROLE_TAG}:poll}`,
} as const;

/** The gates (with their guards) and the sub-metrics the report reads, by their gate names. */
export function pollThresholds(config: PollConfig, pollGateList: readonly Gate[]): Thresholds {
  const streaming = config.client !== 'seed';
  const gates = gateThresholds(pollGateList);
  const writerKeys = writerEnabled(config.live) ? writerMetricKeys() : [];
  return withDeclaredSubMetrics(gates, [
    ...reportedSubMetricKeys(roomBreakdownCount(roomCount(config)), runRequestEndpoints(config)),
    ...writerKeys,
    POLL_DATA_KEYS.received,
    POLL_DATA_KEYS.sent,
    ...(streaming ? streamSubMetricKeys(runVuCount(config)) : []),
    // As many as the VUs record (lib/k6/poll-metrics.ts createTimeline).
    ...(BENCH_ABLATION.timeline ? [] : timelineKeys(config)),
  ]);
}

/** The time slices' series (lib/timeline.ts): k6 reports a sub-metric only when declared. */
export function timelineKeys(config: PollConfig): string[] {
  return sliceSubMetricKeys(
    sliceLayout(config.durationMs),
    runRequestEndpoints(config),
    config.client !== 'seed',
  );
}

/**
 * Alone, the poll scenario is constant-vus and a VU's id picks its shard of users. With live
 * rooms the writer's VUs are the scenario's last ones (lib/live-rooms/writer.ts liveRoomRole):
 * one per-vu-iterations scenario, each VU pacing its shard, or its share of the sends, in one
 * long iteration.
 */
function pollScenario(config: PollConfig) {
  const duration = formatDurationMs(config.durationMs);
  // The last polls are due just before the end; let their answers arrive (and the streams,
  // which end at DURATION, settle).
  const gracefulStop = '10s';
  // The chat and game VUs run their users' timers and streams in one long iteration too.
  if (!writerEnabled(config.live) && config.client === 'seed') {
    return { executor: 'constant-vus' as const, vus: vuCount(config), duration, gracefulStop };
  }
  return {
    executor: 'per-vu-iterations' as const,
    vus:
      runVuCount(config) +
      (writerEnabled(config.live) ? writerVuCount(config.live, roomCount(config)) : 0),
    iterations: 1,
    maxDuration: duration,
    gracefulStop,
  };
}

/**
 * {@link pollThresholds} as k6 takes them, gate aliases (`cw_errors`) as k6's own metrics of
 * the poll scenario's requests (of its polling VUs, with the live-room writer's VUs beside
 * them); the scenario's handleSummary reads k6's data back with it.
 */
export function pollK6Thresholds(config: PollConfig, gates: readonly Gate[]): K6Thresholds {
  const role = writerEnabled(config.live) ? 'poll' : undefined;
  return toK6Thresholds(pollThresholds(config, gates), POLL_SCENARIO, role);
}

/** `gates`: thresholds.json as {@link pollGates} read it. */
export function pollOptions(config: PollConfig, gates: readonly Gate[]) {
  const rooms = roomCount(config);
  const batch = Math.max(ROOM_BATCH_SIZE, largestPollBatch(config));
  // Live outputs (Prometheus remote write) tell the runs apart, and join a distributed run's
  // instances, by `testid`. A `--tag` on k6's command line replaces `options.tags` (k6-operator
  // adds its own), but not a scenario's tags, which k6 adds to the run's once per VU
  // activation: no cost per request.
  const tags = config.runId === undefined ? {} : { tags: { testid: config.runId } };
  return {
    scenarios: { [POLL_SCENARIO]: { ...pollScenario(config), ...tags } },
    thresholds: pollK6Thresholds(config, gates).thresholds,
    summaryTrendStats: SUMMARY_TREND_STATS,
    setupTimeout: roomPhaseTimeout(rooms),
    teardownTimeout: roomPhaseTimeout(rooms, config.cleanupGraceMs),
    batch,
    batchPerHost: batch,
    cloud: {
      name:
        config.client === 'seed'
          ? `ClaudeWorld poll: ${config.users} users x ${config.rooms} rooms (${config.roomMode})`
          : `ClaudeWorld ${config.client} client: ${config.users} users x ${config.rooms} ${config.client === 'game' ? 'world' : 'rooms'} (${config.roomMode})`,
    },
    // Also setup's and teardown's samples, unless a command-line --tag replaces it.
    ...tags,
  };
}
