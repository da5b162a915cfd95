// What a poll run measured, as summary.json's `measured` part keeps it for merging: the
// figures of the report are computed from it (and the configuration) alone, in a single run
// and in a merged distributed run alike, so a merge adds these and computes the figures
// again; it never rebuilds k6's data. Each section declares here how it merges
// (lib/merge-rules.ts): a section added to PollMeasured needs its rule in MEASURED_RULE (the
// compiler asks for it), and a summary with a section that has none does not merge.
// Pure: measurePoll reads k6's handleSummary data.

import { STREAM_METRIC, STREAM_WAITING_KEY } from '../clients/metrics';
import type { InstanceInfo } from '../distributed';
import type { Endpoint } from '../endpoints';
import {
  byKey,
  concat,
  every,
  fields,
  type MergeRule,
  min,
  nullable,
  record,
  same,
  sum,
} from '../merge-rules';
import { endpointRoomBreakdown, METRIC, roomBreakdownCount, subMetricKey } from '../metric-names';
import {
  GAUGE_EXTREMES,
  GAUGE_SUM,
  type MetricStore,
  metricStoreRule,
  type StorePolicy,
  storeMetrics,
} from '../metric-store';
import { timelinePlan } from '../plan';
import {
  type AbortingThreshold,
  LOAD_STOP_METRIC,
  measureStop,
  type StopMeasured,
} from '../run-status';
import {
  counterCount,
  guardSamples,
  type SummaryData,
  testRunDurationMs,
  thresholdResults,
} from '../summary-data';
import type { Gate } from '../thresholds';
import {
  maxBucketFor,
  measureTimeline,
  SLICE_METRIC_PREFIX,
  sliceMetricName,
  TIMELINE_RULE,
  type TimelineMeasured,
} from '../timeline';
import { type RunConfig, roomCount } from './config';
import { instanceShare, plannedRequestsPerSlice } from './load-model';

export interface PollMeasured {
  /**
   * k6's end-of-test metrics: counters, rates, trends with their quantile grid, gauges (the
   * scenario's `cw_*`, k6's byte and request totals, and every metric with a threshold).
   * Merge: by key, each by its type (lib/metric-store.ts); each gauge by the rule named here.
   */
  metrics: MetricStore;
  /**
   * k6's threshold outcomes by metric key and expression. Merge: true when true in every
   * instance; then the merge evaluates each again on the merged metrics where it can.
   */
  thresholds: Record<string, Record<string, boolean>>;
  /** Each k6 instance the figures are of: one in a summary k6 wrote. Merge: one after the other. */
  instances: InstanceMeasured[];
  /**
   * The gates of thresholds.json (not the guards the scenario adds for them), and how many
   * samples each judged. Merge: by metric key and expression, the samples added.
   */
  gates: GateMeasured[];
  /**
   * The run over time (lib/timeline.ts): per slice of the load phase the plan, each kind's
   * sends, 429s, failures and latency histogram, the schedule lag histogram. Null when the
   * run's k6 data held no slices. Merge: slice by slice.
   */
  timeline: TimelineMeasured | null;
}

/** A gate of thresholds.json as the run judged it. */
export interface GateMeasured {
  metric: string;
  expression: string;
  /** `"optional": true`: no samples does not fail the run. */
  optional: boolean;
  /** What its guard counts (lib/thresholds.ts): 0 means it judged nothing; null for a count of events or unknown. */
  samples: number | null;
}

/** Requests of one kind, and how many of them got 429. */
export interface KindCounts {
  requests: number;
  rateLimited: number;
}

/** One test room of setup's list (broken down up to 20 rooms), with its server id. */
export interface RoomMeasured {
  /** Its index in setup's list. */
  index: number;
  /** The server's id; null when setup did not return it. */
  roomId: number | null;
  /** Per request kind whose path is a room's. */
  kinds: Record<string, KindCounts>;
}

/**
 * One k6 instance: where it ran in the test, its share of the plan, its own counts, and how
 * it stopped ({@link StopMeasured}: setup's error, why it was aborted, when the load stopped).
 */
export interface InstanceMeasured extends InstanceInfo, StopMeasured {
  /** The summary file it was read from: null in the file k6 wrote, set by the merge. */
  file: string | null;
  setupCompleted: boolean;
  /** k6's test run duration (setup and teardown included), ms. */
  testRunMs: number;
  /** When handleSummary ran (ms since 1970, UTC); null when not stamped. */
  endedAtMs: number | null;
  /** k6's version, from setup; null when unknown. */
  k6Version: string | null;
  /** Users this instance paced: all of them, or its execution segment's share. */
  users: number;
  /** Polling requests its users were planned to send. */
  plannedRequests: number;
  /** Polling requests it made. */
  requests: number;
  /** Polling requests its users were planned to send by the time the load stopped; null without that time. */
  requestsDueByStop: number | null;
  /** k6's verdict on its own thresholds. */
  thresholdsPassed: boolean;
  /** Per request kind of the model. */
  kinds: Record<string, KindCounts>;
  rooms: RoomMeasured[];
}

const KIND_RULE = fields<KindCounts>({ requests: sum, rateLimited: sum });

/**
 * Rooms of several instances (or of one source address) together: by server id, so that
 * instances that polled different rooms show each room, never two rooms added by position.
 */
export const ROOMS_RULE: MergeRule<RoomMeasured[]> = byKey(
  (room) => (room.roomId === null ? `index ${room.index}` : `${room.roomId}`),
  fields<RoomMeasured>({ index: min, roomId: same(), kinds: record(KIND_RULE) }),
);

/** Request kinds of several instances together. */
export const KINDS_RULE: MergeRule<Record<string, KindCounts>> = record(KIND_RULE);

export const MEASURED_RULE: MergeRule<PollMeasured> = fields<PollMeasured>({
  metrics: metricStoreRule({
    [METRIC.loadPhase]: GAUGE_EXTREMES,
    // Each VU's peak of open streams (tagged by shard): a level each instance holds.
    [STREAM_METRIC.open]: GAUGE_SUM,
    [LOAD_STOP_METRIC]: GAUGE_EXTREMES,
  }),
  thresholds: record(record(every)),
  instances: concat(),
  gates: byKey(
    (g) => `${g.metric} ${g.expression}`,
    fields<GateMeasured>({
      metric: same(),
      expression: same(),
      optional: same(),
      samples: nullable(sum),
    }),
  ),
  timeline: TIMELINE_RULE,
});

/** A tag's value in a metric key: `room` in `cw_requests{endpoint:poll,room:0}`. */
function hasTag(key: string, tag: string): boolean {
  const open = key.indexOf('{');
  return (
    open !== -1 &&
    key
      .slice(open + 1, -1)
      .split(',')
      .some((p) => p.startsWith(`${tag}:`))
  );
}

/** k6's own metrics the report reads: request and byte totals (and their sub-metrics). */
const K6_TOTALS = new Set(['http_reqs', 'data_received', 'data_sent']);

/**
 * The poll summary keeps the scenario's metrics (`cw_*`) and k6's totals, without per-room
 * series (those are in `instances[].rooms`, by server id), the streams' time to first byte
 * (k6's http_req_waiting of the chat and game models' streams), and any metric with a
 * threshold.
 */
export const POLL_STORE_POLICY: StorePolicy = {
  excluded(key) {
    // First: a run reports thousands of slice series.
    if (key.startsWith(SLICE_METRIC_PREFIX)) return 'the time slices are in measured.timeline';
    if (hasTag(key, 'room')) return 'per-room counts are in measured.instances[].rooms';
    const name = key.replace(/\{.*$/, '');
    if (name.startsWith('cw_') || K6_TOTALS.has(name) || key === STREAM_WAITING_KEY) {
      return undefined;
    }
    return "of k6's built-in metrics only the totals and those a threshold names are kept";
  },
};

/** What the report needs to know about the run beyond k6's summary data. */
export interface PollRunInfo {
  /** The configuration; a `password` field, if present at run time, is never read. */
  config: RunConfig;
  /** VUs the run used (the whole test's, in every instance of a distributed run). */
  vus: number;
  /** The server's room ids by room index, from setup; undefined when setup failed. */
  roomIds: number[] | undefined;
  /** The instance's run id and segment; a single instance when absent. */
  instance?: InstanceInfo;
  /** The scenario's thresholds with abortOnFail: one that failed stopped the run. */
  abortingThresholds?: readonly AbortingThreshold[];
  /** The gates of thresholds.json; the report lists these, not the guards added for them. */
  gates?: readonly Gate[];
  /** When handleSummary ran (Date.now()); absent or null when not stamped. */
  endedAtMs?: number | null;
  /** k6's version, as setup read it; absent or null when unknown. */
  k6Version?: string | null;
}

const SINGLE: InstanceInfo = {
  runId: null,
  executionSegment: null,
  executionSegmentSequence: null,
  localIps: null,
};

/** What the run measured, read from k6's handleSummary data. */
export function measurePoll(data: SummaryData, run: PollRunInfo, kinds: readonly Endpoint[]) {
  const count = (key: string) => counterCount(data, key) ?? 0;
  const kindCounts = (tags: Record<string, string>): KindCounts => ({
    requests: count(subMetricKey(METRIC.requests, tags)),
    rateLimited: count(subMetricKey(METRIC.rateLimited, tags)),
  });
  const breakdown = roomBreakdownCount(roomCount(run.config));
  const roomKinds = kinds.filter((k) => endpointRoomBreakdown(k, breakdown) > 0);
  const rooms: RoomMeasured[] =
    roomKinds.length === 0
      ? []
      : Array.from({ length: breakdown }, (_, index) => ({
          index,
          roomId: run.roomIds?.[index] ?? null,
          kinds: Object.fromEntries(
            roomKinds.map((endpoint) => [endpoint, kindCounts({ endpoint, room: `${index}` })]),
          ),
        }));
  const thresholds: Record<string, Record<string, boolean>> = {};
  for (const t of thresholdResults(data)) {
    thresholds[t.metric] = { ...thresholds[t.metric], [t.expression]: t.ok };
  }
  const identity = run.instance ?? SINGLE;
  const share = instanceShare(run.config, run.vus, identity);
  const stop = measureStop(data, run.config.durationMs, run.abortingThresholds ?? []);
  // The seed's schedule gives what was due by the stop; the client models' timers count what
  // they planned as they go (flushed each second), which is by then what they had due.
  const dueByStop =
    stop.stoppedAtMs === null
      ? null
      : run.config.client !== 'seed'
        ? count(STREAM_METRIC.planned)
        : instanceShare(
            { ...run.config, durationMs: Math.min(stop.stoppedAtMs, run.config.durationMs) },
            run.vus,
            identity,
          ).plannedRequests;
  const instance: InstanceMeasured = {
    ...identity,
    file: null,
    setupCompleted: run.roomIds !== undefined,
    testRunMs: testRunDurationMs(data),
    endedAtMs: run.endedAtMs ?? null,
    k6Version: run.k6Version ?? null,
    users: share.users,
    // The seed's schedule is fixed; the chat and game timers count what they planned.
    plannedRequests:
      run.config.client === 'seed' ? share.plannedRequests : count(STREAM_METRIC.planned),
    requests: count(METRIC.requests),
    requestsDueByStop: dueByStop,
    ...stop,
    thresholdsPassed: Object.values(thresholds).every((t) => Object.values(t).every((ok) => ok)),
    kinds: Object.fromEntries(kinds.map((endpoint) => [endpoint, kindCounts({ endpoint })])),
    rooms,
  };
  const plan = timelinePlan(run.config);
  const measured: PollMeasured = {
    metrics: storeMetrics(data, POLL_STORE_POLICY),
    thresholds,
    instances: [instance],
    gates: (run.gates ?? []).map((g) => ({
      metric: g.metric,
      expression: g.expression,
      optional: g.optional,
      samples: g.guard === null ? null : guardSamples(data, g.guard),
    })),
    timeline:
      data.metrics?.[sliceMetricName(0)] === undefined
        ? null
        : measureTimeline(
            data,
            plan.layout,
            kinds,
            maxBucketFor(run.config.pollIntervalMs),
            plan.sampling,
            // The client models' VUs record what their timers had due, per slice.
            run.config.client === 'seed'
              ? plannedRequestsPerSlice(run.config, plan.layout, run.vus, identity)
              : 'recorded',
          ),
  };
  return measured;
}
