// The figures of the poll report: computed once, printed as text, written as summary.json.
// This file is the summary.json schema (docs/summary-schema.md explains it); bump the version on
// any change that is not a pure addition. Units are in the names; null means "not measured".

import type { StreamFigures, UserBandwidthFigures } from '../clients/report';
import type { RoomMode } from '../config/polling-load';
import type { InstanceInfo } from '../distributed';
import type { ClientModel, Endpoint, RateLimitedEndpoint } from '../endpoints';
import type { LiveRoomsConfig } from '../live-rooms/config';
import type { WriterFigures } from '../live-rooms/report';
import type { QuantileFunction } from '../quantiles';
import type { RunFacts } from '../run-facts';
import type { RunStatusFigures } from '../run-status';
import type { ScalingEstimates } from '../scaling/estimates';
import type { TimelineFigures } from '../timeline';
import type { StartPhase } from './config';
import type { PollMeasured } from './measured';

export const POLL_SUMMARY_SCHEMA = 'claudeworld-loadtest/poll-summary';
export const POLL_SUMMARY_VERSION = 2;

export interface PollSummaryJson extends PollFigures {
  schema: typeof POLL_SUMMARY_SCHEMA;
  version: typeof POLL_SUMMARY_VERSION;
  /**
   * What the run measured, for merging: every figure above is computed from `config` and this
   * alone (lib/poll/report-figures.ts), so a merge adds these by their rules
   * (lib/poll/measured.ts) and computes the figures again.
   */
  measured: PollMeasured;
}

/** What the figures of a run are computed from: a single run's, or a merged one's. */
export interface PollBasis {
  config: PublicConfig;
  measured: PollMeasured;
}

export interface PollFigures {
  status: RunStatus;
  /** The run's configuration; secrets (password, credentials in BASE_URL) are left out. */
  config: PublicConfig;
  /** When it ran (UTC) and on which k6; a merged run's span every instance. */
  run: RunFacts;
  /**
   * `measuredMs`: k6's test run duration (setup and teardown included; the longest instance's
   * in a merged run). `loadPhaseMs`: from the poll scenario's start to its last poll's answer
   * (the longest instance's); null when not measured. Every rate divides by `loadPhaseMs`,
   * or by `measuredMs` when it is null.
   */
  duration: { measuredMs: number; plannedMs: number; loadPhaseMs: number | null };
  /** The polling requests (metric cw_requests): setup and teardown requests are not in here. */
  requests: RequestFigures;
  /** Per request kind of the run's model, in the order of the table (lib/endpoints.ts). */
  endpoints: EndpointFigures[];
  /** Response time of polling requests that got a response (metric cw_latency). */
  latency: LatencyFigures;
  /** The same as a dense quantile function, for merging runs; see {@link QuantileFunction}. */
  latencyDistribution: QuantileFunction | null;
  /** Bytes over the measured duration; see `transfer.source`. */
  bandwidth: BandwidthFigures;
  transfer: TransferFigures;
  /**
   * Bytes per hour and day at this run's rate, in MB (1024 x 1024 bytes): `perHourMB` and
   * `perDayMB` count received + sent; `received*` count received alone, as the old Python
   * tool's "Projected Usage" did.
   */
  projected: {
    perHourMB: number | null;
    perDayMB: number | null;
    receivedPerHourMB: number | null;
    receivedPerDayMB: number | null;
  };
  /** Error counts by type, only types that occurred; `HTTP_<status>`, `CONNECTION_<k6 code>`. */
  errors: ErrorCount[];
  /** k6's own whole-test counters, setup and teardown included. */
  k6Totals: K6Totals;
  loadPlan: LoadPlanFigures;
  rateLimits: RateLimitFigures[];
  /** The live-room writer's sends (MESSAGES_PER_MINUTE), apart from the polls; null when off. */
  writer: WriterFigures | null;
  /** The old README's formulas with this run's measured response sizes (SCALE_USERS). */
  scaling: ScalingEstimates;
  thresholds: ThresholdFigures[];
  recommendations: Recommendation[];
  /**
   * The run over time, slice by slice (lib/timeline.ts): planned and sent requests/s, 429s
   * and other failures, per kind latency p50/p95, schedule lag p95; null when not recorded.
   */
  timeline: TimelineFigures | null;
  /** cw_schedule_lag as a quantile function, for merging; null without polling or grid. */
  scheduleLagDistribution: QuantileFunction | null;
  /** This k6 instance: run id, execution segment, source addresses; a merged run's segment is null. */
  instance: InstanceInfo;
  /** A merged summary (`npm run report -- merge`): the instances it was made of; else null. */
  merged: MergedRun | null;
  /** CLIENT=chat or game: what k6 saw of the SSE streams; null for the seed model. */
  streams: StreamFigures | null;
  /** Each user's bytes per hour, polling and streams apart (the seed has no streams: 0). */
  userBandwidth: UserBandwidthFigures;
}

/** The instances a merged summary was made of, and what is missing for the whole test. */
export interface MergedRun {
  instances: MergedInstance[];
  /** Share of the test their segments cover (0..1; overlaps count once). */
  coverage: number;
  /** Segments of the instances' `--execution-segment-sequence` without a summary. */
  missingSegments: string[];
  /** Instances (their files) that made no polling request. */
  idleInstances: string[];
}

/** One instance of a merged run. */
export interface MergedInstance {
  /** The summary file it came from. */
  file: string;
  executionSegment: string | null;
  /** `--local-ips` as the instance reported it; null when k6 chose the address. */
  localIps: string | null;
  /** Polling requests of this instance. */
  requests: number;
  /** Its share of the plan: the users it paced and the requests they were planned to send. */
  users: number;
  plannedRequests: number;
  thresholdsPassed: boolean;
}

/**
 * How the run ended ({@link RunStatusFigures}: `end`, `cause`, `stoppedAtMs`,
 * `plannedLoadMs`), and what it did.
 */
export interface RunStatus extends RunStatusFigures {
  /** Polling requests due by the time the load stopped (`stoppedAtMs`); null without it. */
  requestsDueByStop: number | null;
  /** False when setup did not return the rooms (it failed or the run was stopped in setup). */
  setupCompleted: boolean;
  /** At least one polling request got a response or a connection error. */
  requestsMade: boolean;
  /** Every threshold held (true when there are none). */
  thresholdsPassed: boolean;
}

export interface PublicConfig {
  /** The backend URL without any user:password part. */
  baseUrl: string;
  users: number;
  roomsPerUser: number;
  roomMode: RoomMode;
  /** Rooms setup creates: roomsPerUser, times users in per-user mode. */
  roomCount: number;
  plannedDurationMs: number;
  pollIntervalMs: number;
  startPhase: StartPhase;
  /** RAMP_UP: users join evenly over this many ms; 0 when off. */
  rampUpMs: number;
  /** VUS as configured; null when derived from the load model. */
  vusConfigured: number | null;
  vusUsed: number;
  noCleanup: boolean;
  /** The rate-limited kinds' limits (LIMIT_POLL, LIMIT_AGENTS...) the model assumed. */
  limitsPerMinute: Record<RateLimitedEndpoint, number>;
  /** Folder of summary.json and junit.xml; '' is k6's working directory. */
  summaryDir: string;
  /** RUN_ID; null when unset (setup then made one up: `instance.runId`). */
  runId: string | null;
  /** CLEANUP_GRACE in ms. */
  cleanupGraceMs: number;
  /** The live-room writer's settings (MESSAGES_PER_MINUTE 0: off). */
  live: LiveRoomsConfig;
  /** SCALE_USERS: the user counts of the scaling estimates. */
  scaleUsers: number[];
  /** CLIENT: the client model the users ran (docs/clients.md); `seed` when a summary lacks it. */
  client: ClientModel;
}

export interface RequestFigures {
  total: number;
  /** Status 200. */
  successful: number;
  /** Everything else: other statuses, 429s and connection errors. */
  failed: number;
  /** Status 429. */
  rateLimited: number;
  /** No HTTP response (status 0). */
  connectionErrors: number;
  /** Percent of total (0..100); null without requests. */
  successfulPercent: number | null;
  failedPercent: number | null;
  /** Failed requests other than 429s, percent of total; null without requests. */
  errorPercent: number | null;
  /** total / measured duration; null for a zero duration. */
  perSecond: number | null;
}

export interface EndpointFigures {
  endpoint: Endpoint;
  /** The path with `{id}` for the room id, e.g. `/rooms/{id}/messages/poll`. */
  pathTemplate: string;
  requests: number;
  rateLimited: number;
  latency: LatencyFigures;
  /** The endpoint's latency as a dense quantile function; null when k6 did not report it. */
  latencyDistribution: QuantileFunction | null;
  /** Per room; null when the run had too many rooms to break them down, or the path is not a room's. */
  rooms: RoomFigures[] | null;
}

export interface RoomFigures {
  /** Index into setup's room list. */
  index: number;
  /** The server's room id; null when setup did not return it. */
  roomId: number | null;
  /** The real path, or the template when the room id is unknown. */
  path: string;
  requests: number;
  rateLimited: number;
}

/** Trend stats in ms; null when k6 did not report the stat or there were no samples. */
export interface LatencyFigures {
  minMs: number | null;
  avgMs: number | null;
  medMs: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

/** Kilobits (1000 bits) per second; KB/s is kbps / 8. Null for a zero duration. */
export interface BandwidthFigures {
  downstreamKbps: number | null;
  upstreamKbps: number | null;
  totalKbps: number | null;
}

export interface TransferFigures {
  receivedBytes: number;
  sentBytes: number;
  /**
   * The polling requests' bytes alone (setup, teardown and the writer left out): `k6`: k6's
   * measured data_received / data_sent of the poll scenario; `estimate`: the scenario's
   * per-request estimate (cw_bytes_*), used when k6's are absent.
   */
  source: 'k6' | 'estimate';
}

export interface ErrorCount {
  /** `HTTP_429`, `HTTP_other`, `CONNECTION_1212`, `CONNECTION_other`. */
  type: string;
  count: number;
  /** What a connection error code means (`connection refused`); null for HTTP statuses. */
  description: string | null;
}

export interface K6Totals {
  /** http_reqs: every HTTP request of the test, setup and teardown included. */
  httpRequests: number | null;
  /** http_reqs minus the polling requests: login, room creation and deletion. */
  setupAndTeardownRequests: number | null;
  dataReceivedBytes: number | null;
  dataSentBytes: number | null;
}

export interface LoadPlanFigures {
  /**
   * The users this report's plan is of: USERS, or an instance's share of them (the users its
   * VUs pace) in a summary of one execution segment.
   */
  plannedUsers: number;
  /** plannedUsers x ROOMS x 2 / POLL_INTERVAL: the rate once every user has joined. */
  plannedRequestsPerSecond: number;
  /** Requests the schedule sends over the whole run (each user from its join, RAMP_UP included). */
  plannedRequests: number;
  achievedRequestsPerSecond: number | null;
  /**
   * Achieved as a percent of planned; null without a duration. With RAMP_UP, of the planned
   * mean rate (plannedRequests over the planned duration), since the ramp sends less.
   */
  achievedPercentOfPlan: number | null;
  usersPerRoom: number;
  /** How late polls started against their due time (cw_schedule_lag). */
  scheduleLagP95Ms: number | null;
  scheduleLagMaxMs: number | null;
  /** Total bandwidth / users. */
  perUserKbps: number | null;
  /** Polling requests made, percent of `plannedRequests`; null when nothing was planned. */
  requestsPercentOfPlan: number | null;
  /**
   * The load generator (k6) did not send the planned load: it made less than 97 % of the
   * planned requests (checked only when the run lasted its planned duration), or polls
   * started late by more than 10 % of POLL_INTERVAL at p95. Latency then includes client-side
   * queueing. False without polling requests.
   */
  generatorFellBehind: boolean;
}

export interface RateLimitFigures {
  endpoint: RateLimitedEndpoint;
  pathTemplate: string;
  /** The server's limit per path and client IP (LIMIT_POLL / LIMIT_AGENTS). */
  limitPerMinute: number;
  /**
   * What the load model sends each path from one source address: users per path x 60 s /
   * POLL_INTERVAL (the busiest address's, when several instances send from their own).
   */
  plannedPerPathPerMinute: number;
  /** The users per path behind `plannedPerPathPerMinute`. */
  plannedUsersPerPath: number;
  /** Requests per minute of the busiest path (per source address) over the load phase; null if unknown. */
  achievedBusiestPerMinute: number | null;
  /** That path; null when rooms are not broken down. */
  busiestPath: string | null;
  /** The endpoint's requests / rooms / measured minutes. */
  achievedMeanPerMinute: number | null;
  rateLimited: number;
  /** Planned or achieved traffic per path exceeds the limit. */
  overLimit: boolean;
  /** Requests to the busiest path (the mean per path when rooms are not broken down). */
  busiestPathRequests: number | null;
  /**
   * The most requests one fixed 60 s window of a path can get from the plan: a window holds
   * floor(60 s / POLL_INTERVAL) polls of each user, and one more when one is late.
   */
  windowMaximumPerPath: number;
  /** What the run showed about the limit; see {@link RateLimitFinding}. */
  finding: RateLimitFinding;
}

/**
 * Judged on the rate the busiest path received (the mean per path above 20 rooms):
 * - `not-measured`: no polling requests; only the plan can be compared with the limit.
 * - `within-limit`: at most the limit, no 429, and the plan is within the limit too.
 * - `planned-over`: the plan exceeds the limit but the run sent the path no more than it.
 * - `enforced`: over the limit, and 429s came.
 * - `not-enforced`: over the limit with so many requests that some fixed window held more
 *   than the limit, and no 429: the server did not enforce that limit at this rate.
 * - `unproven`: over the limit, no 429, but too few requests to be sure a window overflowed.
 * - `at-limit`: within the limit on average, but the plan can put more than the limit in one
 *   fixed window (a late poll, or the window's start, shifts one more in): 429s may come at a
 *   window's edge.
 * - `stricter`: 429s although no window of the plan could hold more than the assumed limit.
 */
export type RateLimitFinding =
  | 'not-measured'
  | 'within-limit'
  | 'at-limit'
  | 'planned-over'
  | 'enforced'
  | 'not-enforced'
  | 'unproven'
  | 'stricter';

/**
 * `pass` / `fail`: as k6 judged it; `not-evaluated`: setup failed, the run sent nothing to
 * judge; `no-samples`: the metric got no sample, so k6's pass means nothing.
 */
export type ThresholdOutcome = 'pass' | 'fail' | 'no-samples' | 'not-evaluated';

export interface ThresholdFigures {
  metric: string;
  expression: string;
  /** The gate held: `pass`, or `no-samples` on a gate marked optional. */
  passed: boolean;
  outcome: ThresholdOutcome;
  /** Marked `"optional": true` in thresholds.json: no samples does not fail the run. */
  optional: boolean;
  /** The tested aggregation with its unit, e.g. `p(95)=812.30 ms`; null if not reported. */
  observed: string | null;
}

export interface Recommendation {
  level: 'warning' | 'ok';
  text: string;
}
