// Computes every figure of the poll report from k6's summary data and the run's configuration.
// Pure and total: absent metrics count as 0 (or null where 0 would be a lie), no division by
// a zero duration or count, and nothing from setup_data except what `run` carries.

import { type InstanceInfo, SINGLE_INSTANCE } from '../distributed';
import {
  type Endpoint,
  endpointNameTag,
  endpointPath,
  isRateLimitedEndpoint,
  type RateLimitedEndpoint,
  SEED_ENDPOINTS,
} from '../endpoints';
import { generatorFellBehind } from '../generator';
import { writerFigures } from '../live-rooms/report';
import {
  CONNECTION_ERROR_CODES,
  endpointRoomBreakdown,
  METRIC,
  roomBreakdownCount,
  type StatusTag,
  subMetricKey,
  TRACKED_STATUSES,
} from '../metric-names';
import { readQuantileFunction } from '../quantiles';
import { meanBytes, scalingEstimates } from '../scaling/estimates';
import {
  counterCount,
  type SummaryData,
  testRunDurationMs,
  thresholdResults,
  trendStat,
  trendValues,
} from '../summary-data';
import { type PollConfig, roomCount } from './config';
import {
  pathRequestsPerMinute,
  plannedRequestCount,
  plannedRequestsPerSecond,
  seedRates,
  usersPerRoom,
} from './load-model';
import { observedText } from './observed';
import { POLL_DATA_KEYS } from './options';
import { recommendations } from './recommendations';
import type {
  EndpointFigures,
  ErrorCount,
  LatencyFigures,
  PollFigures,
  PublicConfig,
  RateLimitFigures,
  RateLimitFinding,
  RoomFigures,
  TransferFigures,
} from './summary-schema';

/** What the report needs to know about the run beyond k6's summary data. */
export interface PollRunInfo {
  /** The configuration; a `password` field, if present at run time, is never read. */
  config: Omit<PollConfig, 'password'>;
  /** VUs the run used. */
  vus: number;
  /** The server's room ids by room index, from setup; undefined when setup failed. */
  roomIds: number[] | undefined;
  /** The instance's run id and segment; a single instance when absent. */
  instance?: InstanceInfo;
}

const LATENCY_STATS = {
  minMs: 'min',
  avgMs: 'avg',
  medMs: 'med',
  p95Ms: 'p(95)',
  p99Ms: 'p(99)',
  maxMs: 'max',
} as const satisfies Record<keyof LatencyFigures, string>;

function count(data: SummaryData, key: string): number {
  return counterCount(data, key) ?? 0;
}

function statusCount(data: SummaryData, status: StatusTag): number {
  return count(data, subMetricKey(METRIC.requests, { status }));
}

/**
 * A trend's stats, all null without samples. k6 reports a thresholded trend that got no
 * samples with every stat 0, which no real response time produces.
 */
function latencyFigures(data: SummaryData, key: string, samples: number): LatencyFigures {
  const fields = Object.keys(LATENCY_STATS) as (keyof LatencyFigures)[];
  const read = (field: keyof LatencyFigures) =>
    samples > 0 ? trendStat(data, key, LATENCY_STATS[field]) : undefined;
  const sampled = fields.some((field) => (read(field) ?? 0) !== 0);
  const figures = {} as LatencyFigures;
  for (const field of fields) figures[field] = sampled ? (read(field) ?? null) : null;
  return figures;
}

/** BASE_URL without a `user:password@` part. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/** Listed field by field so that nothing else on the object (a password) is ever copied. */
function publicConfig(run: PollRunInfo): PublicConfig {
  const c = run.config;
  return {
    baseUrl: withoutCredentials(c.baseUrl),
    users: c.users,
    roomsPerUser: c.rooms,
    roomMode: c.roomMode,
    roomCount: roomCount(c),
    plannedDurationMs: c.durationMs,
    pollIntervalMs: c.pollIntervalMs,
    startPhase: c.startPhase,
    rampUpMs: c.rampUpMs,
    vusConfigured: c.vus ?? null,
    vusUsed: run.vus,
    noCleanup: c.noCleanup,
    limitsPerMinute: { ...c.limits },
    summaryDir: c.summaryDir,
    live: { ...c.live },
    scaleUsers: [...c.scaleUsers],
  };
}

function roomFigures(data: SummaryData, run: PollRunInfo, endpoint: Endpoint): RoomFigures[] {
  const breakdown = endpointRoomBreakdown(endpoint, roomBreakdownCount(roomCount(run.config)));
  return Array.from({ length: breakdown }, (_, index) => {
    const tags = { endpoint, room: `${index}` };
    const roomId = run.roomIds?.[index];
    return {
      index,
      roomId: roomId ?? null,
      path: roomId === undefined ? endpointNameTag(endpoint) : endpointPath(endpoint, roomId),
      requests: count(data, subMetricKey(METRIC.requests, tags)),
      rateLimited: count(data, subMetricKey(METRIC.rateLimited, tags)),
    };
  });
}

function endpointFigures(data: SummaryData, run: PollRunInfo, endpoint: Endpoint): EndpointFigures {
  const requests = count(data, subMetricKey(METRIC.requests, { endpoint }));
  const rooms = roomFigures(data, run, endpoint);
  return {
    endpoint,
    pathTemplate: endpointNameTag(endpoint),
    requests,
    rateLimited: count(data, subMetricKey(METRIC.rateLimited, { endpoint })),
    latency: latencyFigures(data, subMetricKey(METRIC.latency, { endpoint }), requests),
    latencyDistribution: readQuantileFunction(
      trendValues(data, subMetricKey(METRIC.latency, { endpoint })),
    ),
    rooms: rooms.length === 0 ? null : rooms,
  };
}

function errorCounts(data: SummaryData, connectionErrors: number): ErrorCount[] {
  const http: ErrorCount[] = [...TRACKED_STATUSES.filter((s) => s !== 200), 'other' as const].map(
    (status) => ({
      type: `HTTP_${status}`,
      count: statusCount(data, `${status}` as StatusTag),
      description: null,
    }),
  );
  const byCode: ErrorCount[] = [...Object.keys(CONNECTION_ERROR_CODES), 'other'].map((code) => ({
    type: `CONNECTION_${code}`,
    count: count(data, subMetricKey(METRIC.connectionErrors, { error_code: code })),
    description: CONNECTION_ERROR_CODES[code] ?? 'other error code',
  }));
  const unattributed = connectionErrors - byCode.reduce((sum, e) => sum + e.count, 0);
  const unknown: ErrorCount[] =
    unattributed > 0
      ? [
          {
            type: 'CONNECTION_unknown',
            count: unattributed,
            description: 'error code not reported',
          },
        ]
      : [];
  return [...http, ...byCode, ...unknown].filter((e) => e.count > 0);
}

/** k6's byte counters: of the whole test, or of the polls alone when a writer also ran. */
function transferFigures(data: SummaryData, writerRan: boolean): TransferFigures {
  const received = counterCount(data, writerRan ? POLL_DATA_KEYS.received : 'data_received');
  const sent = counterCount(data, writerRan ? POLL_DATA_KEYS.sent : 'data_sent');
  if (received !== undefined && sent !== undefined) {
    return { receivedBytes: received, sentBytes: sent, source: 'k6' };
  }
  return {
    receivedBytes: count(data, METRIC.bytesReceived),
    sentBytes: count(data, METRIC.bytesSent),
    source: 'estimate',
  };
}

function isRateLimited(
  e: EndpointFigures,
): e is EndpointFigures & { endpoint: RateLimitedEndpoint } {
  return isRateLimitedEndpoint(e.endpoint);
}

/**
 * What the run showed about a path's limit, judged on the rate the path received (the plan
 * alone only when nothing was sent). A fixed window allows `limit` requests; a run of `minutes`
 * touches at most ceil(minutes) + 1 windows, so a path with more requests than that many
 * windows allow overflowed at least one of them (pigeonhole), whatever the windows' phase.
 */
function rateLimitFinding(
  limit: number,
  planned: number,
  achieved: number | null,
  pathRequests: number | null,
  rateLimited: number,
  minutes: number,
): RateLimitFinding {
  if (pathRequests === null || achieved === null) return 'not-measured';
  if (achieved <= limit) {
    if (rateLimited > 0) return 'stricter';
    return planned > limit ? 'planned-over' : 'within-limit';
  }
  if (rateLimited > 0) return 'enforced';
  return pathRequests > limit * (Math.ceil(minutes) + 1) ? 'not-enforced' : 'unproven';
}

function rateLimitFigures(
  run: PollRunInfo,
  endpoint: EndpointFigures & { endpoint: RateLimitedEndpoint },
  minutes: number,
): RateLimitFigures {
  const limit = run.config.limits[endpoint.endpoint];
  const planned = pathRequestsPerMinute(run.config, endpoint.endpoint);
  const busiest = endpoint.rooms?.reduce((a, b) => (b.requests > a.requests ? b : a));
  // Without polling there is no busiest path and no rate to compare.
  const perMinute = (n: number) => (minutes > 0 && endpoint.requests > 0 ? n / minutes : null);
  const achievedBusiest = busiest === undefined ? null : perMinute(busiest.requests);
  const pathRequests =
    endpoint.requests === 0
      ? null
      : (busiest?.requests ?? endpoint.requests / roomCount(run.config));
  const overLimit = planned > limit || (achievedBusiest ?? 0) > limit;
  const achievedPerPath = pathRequests === null ? null : perMinute(pathRequests);
  return {
    endpoint: endpoint.endpoint,
    pathTemplate: endpoint.pathTemplate,
    limitPerMinute: limit,
    plannedPerPathPerMinute: planned,
    achievedBusiestPerMinute: achievedBusiest,
    busiestPath: achievedBusiest === null ? null : (busiest?.path ?? null),
    achievedMeanPerMinute: perMinute(endpoint.requests / roomCount(run.config)),
    rateLimited: endpoint.rateLimited,
    overLimit,
    busiestPathRequests: pathRequests,
    finding: rateLimitFinding(
      limit,
      planned,
      achievedPerPath,
      pathRequests,
      endpoint.rateLimited,
      minutes,
    ),
  };
}

export function buildPollFigures(data: SummaryData, run: PollRunInfo): PollFigures {
  const measuredMs = testRunDurationMs(data);
  const seconds = measuredMs / 1000;
  const perSecond = (n: number) => (seconds > 0 ? n / seconds : null);
  const percentOf = (n: number, total: number) => (total > 0 ? (n * 100) / total : null);

  const total = count(data, METRIC.requests);
  const successful = statusCount(data, '200');
  const rateLimited = counterCount(data, METRIC.rateLimited) ?? statusCount(data, '429');
  const connectionErrors =
    counterCount(data, METRIC.connectionErrors) ?? statusCount(data, 'connection_error');
  const failed = Math.max(0, total - successful);

  const writer = writerFigures(data, run.config.live, roomCount(run.config), run.config.durationMs);
  const transfer = transferFigures(data, writer !== null);
  // Without polling, the bytes are setup's alone: no basis for a bandwidth or a projection.
  const bytesPerSecond = (bytes: number) => (total > 0 ? perSecond(bytes) : null);
  const toKbps = (bytes: number) => {
    const rate = bytesPerSecond(bytes);
    return rate === null ? null : (rate * 8) / 1000;
  };
  const totalBytesPerSecond = bytesPerSecond(transfer.receivedBytes + transfer.sentBytes);
  const totalKbps = toKbps(transfer.receivedBytes + transfer.sentBytes);
  const achievedRequestsPerSecond = perSecond(total);
  const plannedPerSecond = plannedRequestsPerSecond(run.config);
  const plannedRequests = plannedRequestCount(run.config);
  // A ramp sends less than the full rate at first: compare with the plan's mean rate then.
  const plannedMeanPerSecond =
    run.config.rampUpMs > 0 ? (plannedRequests * 1000) / run.config.durationMs : plannedPerSecond;

  const endpoints = SEED_ENDPOINTS.map((endpoint) => endpointFigures(data, run, endpoint));
  const requestsPercentOfPlan = percentOf(total, plannedRequests);
  const scheduleLagP95Ms =
    total > 0 ? (trendStat(data, METRIC.scheduleLag, 'p(95)') ?? null) : null;
  const httpRequests = counterCount(data, 'http_reqs') ?? null;
  const thresholds = thresholdResults(data).map((t) => ({
    metric: t.metric,
    expression: t.expression,
    passed: t.ok,
    observed: observedText(t),
  }));

  const figures: Omit<PollFigures, 'recommendations'> = {
    status: {
      setupCompleted: run.roomIds !== undefined,
      requestsMade: total > 0,
      thresholdsPassed: thresholds.every((t) => t.passed),
    },
    config: publicConfig(run),
    duration: { measuredMs, plannedMs: run.config.durationMs },
    requests: {
      total,
      successful,
      failed,
      rateLimited,
      connectionErrors,
      successfulPercent: percentOf(successful, total),
      failedPercent: percentOf(failed, total),
      errorPercent: percentOf(Math.max(0, failed - rateLimited), total),
      perSecond: achievedRequestsPerSecond,
    },
    endpoints,
    latency: latencyFigures(data, METRIC.latency, total - connectionErrors),
    latencyDistribution: readQuantileFunction(trendValues(data, METRIC.latency)),
    bandwidth: {
      downstreamKbps: toKbps(transfer.receivedBytes),
      upstreamKbps: toKbps(transfer.sentBytes),
      totalKbps,
    },
    transfer,
    projected: {
      perHourMB: totalBytesPerSecond === null ? null : (totalBytesPerSecond * 3600) / 1048576,
      perDayMB: totalBytesPerSecond === null ? null : (totalBytesPerSecond * 86400) / 1048576,
    },
    errors: errorCounts(data, connectionErrors),
    k6Totals: {
      httpRequests,
      setupAndTeardownRequests:
        httpRequests === null ? null : Math.max(0, httpRequests - total - (writer?.sends ?? 0)),
      dataReceivedBytes: counterCount(data, 'data_received') ?? null,
      dataSentBytes: counterCount(data, 'data_sent') ?? null,
    },
    loadPlan: {
      plannedRequestsPerSecond: plannedPerSecond,
      plannedRequests,
      achievedRequestsPerSecond,
      achievedPercentOfPlan:
        achievedRequestsPerSecond === null
          ? null
          : percentOf(achievedRequestsPerSecond, plannedMeanPerSecond),
      usersPerRoom: usersPerRoom(run.config),
      scheduleLagP95Ms,
      scheduleLagMaxMs: total > 0 ? (trendStat(data, METRIC.scheduleLag, 'max') ?? null) : null,
      perUserKbps: totalKbps === null || run.config.users < 1 ? null : totalKbps / run.config.users,
      requestsPercentOfPlan,
      generatorFellBehind: generatorFellBehind({
        requestsMade: total,
        requestsPercentOfPlan,
        ranPlannedDuration: measuredMs >= run.config.durationMs,
        scheduleLagP95Ms,
        pollIntervalMs: run.config.pollIntervalMs,
      }),
    },
    scheduleLagDistribution:
      total > 0 ? readQuantileFunction(trendValues(data, METRIC.scheduleLag)) : null,
    rateLimits: endpoints.filter(isRateLimited).map((e) => rateLimitFigures(run, e, seconds / 60)),
    writer,
    scaling: scalingEstimates(
      {
        rooms: run.config.rooms,
        rates: seedRates(run.config),
        limits: run.config.limits,
        responseBytes: Object.fromEntries(
          endpoints.map((e) => [
            e.endpoint,
            meanBytes(
              count(data, subMetricKey(METRIC.bytesReceived, { endpoint: e.endpoint })),
              e.requests,
            ),
          ]),
        ),
      },
      run.config.scaleUsers,
    ),
    thresholds,
    instance: run.instance ?? SINGLE_INSTANCE,
    instances: null,
  };
  return { ...figures, recommendations: recommendations(figures) };
}
