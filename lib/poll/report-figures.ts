// Computes every figure of the poll report from what the run measured (summary.json's
// `measured`: lib/poll/measured.ts) and its configuration, for a single run and a merged
// distributed run alike. Pure and total: absent metrics count as 0 (or null where 0 would be
// a lie), no division by a zero duration or count. It never sees k6's data: a figure that
// needs a new input gets it into `measured`, where its merge rule is declared.

import { TICKETS_OK_KEY } from '../clients/metrics';
import { shortestPeriodMs } from '../clients/model';
import { streamFigures, userBandwidth } from '../clients/report';
import { type InstanceInfo, parseSegment, segmentCoverage } from '../distributed';
import {
  type Endpoint,
  endpointNameTag,
  endpointPath,
  isRateLimitedEndpoint,
  type RateLimitedEndpoint,
} from '../endpoints';
import { sameSegment, sequenceSegments } from '../execution-segments';
import { generatorFellBehind } from '../generator';
import { writerFigures } from '../live-rooms/report';
import { applyRule } from '../merge-rules';
import {
  CONNECTION_ERROR_CODES,
  METRIC,
  type StatusTag,
  subMetricKey,
  TRACKED_STATUSES,
} from '../metric-names';
import { StoreReader } from '../metric-store';
import { runPlannedRequestsPerSecond, runRates, runRequestEndpoints } from '../plan';
import { runFactsOf } from '../run-facts';
import { LOAD_STOP_METRIC, runStatus } from '../run-status';
import { meanBytes, scalingEstimates } from '../scaling/estimates';
import type { SummaryData } from '../summary-data';
import { thresholdAggregation } from '../summary-data';
import { timelineFigures } from '../timeline';
import { type RunConfig, roomCount } from './config';
import { pathWindowMaximum, usersPerPath, usersPerRoom } from './load-model';
import {
  type InstanceMeasured,
  KINDS_RULE,
  measurePoll,
  POLL_STORE_POLICY,
  type PollMeasured,
  type PollRunInfo,
  ROOMS_RULE,
  type RoomMeasured,
} from './measured';
import { observedText } from './observed';
import { POLL_DATA_KEYS } from './options';
import { publicConfig, runConfigOf } from './public-config';
import { recommendations } from './recommendations';
import type {
  EndpointFigures,
  ErrorCount,
  LatencyFigures,
  MergedRun,
  PollBasis,
  PollFigures,
  RateLimitFigures,
  RateLimitFinding,
  RoomFigures,
  ThresholdFigures,
  TransferFigures,
} from './summary-schema';

export type { PollRunInfo } from './measured';

/** The basis of a single run's figures: its configuration and what k6 measured. */
export function pollBasis(data: SummaryData, run: PollRunInfo): PollBasis {
  return {
    config: publicConfig(run.config, run.vus),
    measured: measurePoll(data, run, runRequestEndpoints(run.config)),
  };
}

const LATENCY_STATS = {
  minMs: 'min',
  avgMs: 'avg',
  medMs: 'med',
  p95Ms: 'p(95)',
  p99Ms: 'p(99)',
  maxMs: 'max',
} as const satisfies Record<keyof LatencyFigures, string>;

/** One source address of the run: the instances that sent from it (rate limits are per IP). */
interface Source {
  instances: InstanceMeasured[];
  names: string[];
}

/** The run as the figures read it. */
interface Run {
  config: RunConfig;
  metrics: StoreReader;
  instances: readonly InstanceMeasured[];
  /** The instances' names (their files, or positions), for merge errors. */
  names: string[];
  /** Every instance's rooms together, by server id. */
  rooms: RoomMeasured[];
  sources: Source[];
  /** k6's test run duration: the longest instance's. */
  measuredMs: number;
  /** What every rate divides by: the load phase, or the whole run when it was not measured. */
  rateMs: number;
}

function count(m: StoreReader, key: string): number {
  return m.counter(key) ?? 0;
}

function statusCount(m: StoreReader, status: StatusTag): number {
  return count(m, subMetricKey(METRIC.requests, { status }));
}

/**
 * A trend's stats, all null without samples. k6 reports a thresholded trend that got no
 * samples with every stat 0, which no real response time produces.
 */
function latencyFigures(m: StoreReader, key: string, samples: number): LatencyFigures {
  const fields = Object.keys(LATENCY_STATS) as (keyof LatencyFigures)[];
  const read = (field: keyof LatencyFigures) =>
    samples > 0 ? m.trendStat(key, LATENCY_STATS[field]) : undefined;
  const sampled = fields.some((field) => (read(field) ?? 0) !== 0);
  const figures = {} as LatencyFigures;
  for (const field of fields) figures[field] = sampled ? (read(field) ?? null) : null;
  return figures;
}

function roomFigures(run: Run, endpoint: Endpoint): RoomFigures[] {
  return run.rooms.flatMap((room) => {
    const counts = room.kinds[endpoint];
    if (counts === undefined) return [];
    return [
      {
        index: room.index,
        roomId: room.roomId,
        path:
          room.roomId === null ? endpointNameTag(endpoint) : endpointPath(endpoint, room.roomId),
        requests: counts.requests,
        rateLimited: counts.rateLimited,
      },
    ];
  });
}

function endpointFigures(run: Run, endpoint: Endpoint): EndpointFigures {
  const m = run.metrics;
  const requests = count(m, subMetricKey(METRIC.requests, { endpoint }));
  const rooms = roomFigures(run, endpoint);
  return {
    endpoint,
    pathTemplate: endpointNameTag(endpoint),
    requests,
    rateLimited: count(m, subMetricKey(METRIC.rateLimited, { endpoint })),
    latency: latencyFigures(m, subMetricKey(METRIC.latency, { endpoint }), requests),
    latencyDistribution: m.distribution(subMetricKey(METRIC.latency, { endpoint })),
    rooms: rooms.length === 0 ? null : rooms,
  };
}

function errorCounts(m: StoreReader, connectionErrors: number): ErrorCount[] {
  const http: ErrorCount[] = [...TRACKED_STATUSES.filter((s) => s !== 200), 'other' as const].map(
    (status) => ({
      type: `HTTP_${status}`,
      count: statusCount(m, `${status}` as StatusTag),
      description: null,
    }),
  );
  const byCode: ErrorCount[] = [...Object.keys(CONNECTION_ERROR_CODES), 'other'].map((code) => ({
    type: `CONNECTION_${code}`,
    count: count(m, subMetricKey(METRIC.connectionErrors, { error_code: code })),
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

/**
 * The polls' bytes, one definition for every run: k6's measured data_received / data_sent of
 * the poll scenario (setup, teardown and the live-room writer are not in them); the
 * scenario's per-request estimate only when k6 did not report them.
 */
function transferFigures(m: StoreReader): TransferFigures {
  const received = m.counter(POLL_DATA_KEYS.received);
  const sent = m.counter(POLL_DATA_KEYS.sent);
  if (received !== undefined && sent !== undefined) {
    return { receivedBytes: received, sentBytes: sent, source: 'k6' };
  }
  return {
    receivedBytes: count(m, METRIC.bytesReceived),
    sentBytes: count(m, METRIC.bytesSent),
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
  windowMaximum: number,
  achieved: number | null,
  pathRequests: number | null,
  rateLimited: number,
  minutes: number,
): RateLimitFinding {
  if (pathRequests === null || achieved === null) return 'not-measured';
  if (achieved <= limit) {
    if (planned > limit) return rateLimited > 0 ? 'enforced' : 'planned-over';
    // Within the limit on average, but one window can hold more: 429s there are its edge's.
    if (windowMaximum > limit) return 'at-limit';
    return rateLimited > 0 ? 'stricter' : 'within-limit';
  }
  if (rateLimited > 0) return 'enforced';
  return pathRequests > limit * (Math.ceil(minutes) + 1) ? 'not-enforced' : 'unproven';
}

/** The instances by source address: `--local-ips`, else each instance its own. */
function sourcesOf(instances: readonly InstanceMeasured[], names: readonly string[]): Source[] {
  const groups = new Map<string, Source>();
  instances.forEach((instance, i) => {
    const key = instance.localIps ?? `instance ${i}`;
    const group = groups.get(key) ?? { instances: [], names: [] };
    group.instances.push(instance);
    group.names.push(names[i] ?? '');
    groups.set(key, group);
  });
  return [...groups.values()];
}

/** One source address's traffic to one rate-limited kind: its plan and its busiest path. */
function sourceTraffic(run: Run, source: Source, endpoint: RateLimitedEndpoint) {
  const users = source.instances.reduce((n, i) => n + i.users, 0);
  const rooms = applyRule(
    ROOMS_RULE,
    source.instances.map((i) => i.rooms),
    source.names,
    'rooms',
  );
  let busiest: { requests: number; path: string } | undefined;
  for (const room of rooms) {
    const requests = room.kinds[endpoint]?.requests;
    if (requests !== undefined && (busiest === undefined || requests > busiest.requests)) {
      const path =
        room.roomId === null ? endpointNameTag(endpoint) : endpointPath(endpoint, room.roomId);
      busiest = { requests, path };
    }
  }
  const kinds = applyRule(
    KINDS_RULE,
    source.instances.map((i) => i.kinds),
    source.names,
    'kinds',
  );
  const rate = runRates(run.config).find((r) => r.endpoint === endpoint);
  return {
    users,
    planned: rate?.pathPerMinute(users) ?? 0,
    busiest,
    meanRequests: (kinds[endpoint]?.requests ?? 0) / roomCount(run.config),
  };
}

/**
 * A rate-limited kind's figures. The server counts per client IP and path, so the plan and
 * the busiest path are those of the busiest source address: a single run has one; the
 * instances of a distributed run send from their own (`--local-ips`, or a pod each), and
 * instances with the same address add up.
 */
function rateLimitFigures(
  run: Run,
  endpoint: EndpointFigures & { endpoint: RateLimitedEndpoint },
  minutes: number,
): RateLimitFigures {
  const limit = run.config.limits[endpoint.endpoint];
  const traffic = run.sources.map((s) => sourceTraffic(run, s, endpoint.endpoint));
  const pick = <T>(better: (a: T, b: T) => boolean, list: T[]) =>
    list.reduce((a, b) => (better(b, a) ? b : a));
  const planner = pick((a, b) => a.planned > b.planned, traffic);
  const busiest = pick(
    (a, b) => (a?.requests ?? -1) > (b?.requests ?? -1),
    traffic.map((t) => t.busiest),
  );
  const meanRequests = Math.max(...traffic.map((t) => t.meanRequests));
  // Without polling there is no busiest path and no rate to compare.
  const perMinute = (n: number) => (minutes > 0 && endpoint.requests > 0 ? n / minutes : null);
  const achievedBusiest = busiest === undefined ? null : perMinute(busiest.requests);
  const pathRequests = endpoint.requests === 0 ? null : (busiest?.requests ?? meanRequests);
  const achievedPerPath = pathRequests === null ? null : perMinute(pathRequests);
  const usersOnPath = usersPerPath({ ...run.config, users: planner.users }, endpoint.endpoint);
  const windowMaximum = pathWindowMaximum(usersOnPath, planner.planned);
  return {
    endpoint: endpoint.endpoint,
    pathTemplate: endpoint.pathTemplate,
    limitPerMinute: limit,
    plannedPerPathPerMinute: planner.planned,
    plannedUsersPerPath: usersOnPath,
    achievedBusiestPerMinute: achievedBusiest,
    busiestPath: achievedBusiest === null ? null : (busiest?.path ?? null),
    achievedMeanPerMinute: perMinute(meanRequests),
    rateLimited: endpoint.rateLimited,
    overLimit: planner.planned > limit || (achievedBusiest ?? 0) > limit,
    busiestPathRequests: pathRequests,
    windowMaximumPerPath: windowMaximum,
    finding: rateLimitFinding(
      limit,
      planner.planned,
      windowMaximum,
      achievedPerPath,
      pathRequests,
      endpoint.rateLimited,
      minutes,
    ),
  };
}

/**
 * The gates as judged, sorted as k6's data: k6's (or the merge's) pass or fail with the value
 * it saw; `no-samples` when the gate's guard counted none (k6 passes a threshold on nothing:
 * docs/k6-runtime.md), which an optional gate passes; none evaluated after a failed setup,
 * which sent nothing to judge. The guards the scenario adds are not listed; a summary without
 * gates (a merged run's `--thresholds`) lists every threshold.
 */
function thresholdFigures(
  run: Run,
  measured: Pick<PollMeasured, 'thresholds' | 'gates'>,
  setupFailed: boolean,
): ThresholdFigures[] {
  const outcomes = measured.thresholds;
  const gateOf = (metric: string, expression: string) =>
    measured.gates.find((g) => g.metric === metric && g.expression === expression);
  const listed = (metric: string, expression: string) =>
    measured.gates.length === 0 || gateOf(metric, expression) !== undefined;
  const sorted = (keys: string[]) => keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted(Object.keys(outcomes)).flatMap((metric) => {
    const expressions = outcomes[metric] ?? {};
    return sorted(Object.keys(expressions))
      .filter((expression) => listed(metric, expression))
      .map((expression): ThresholdFigures => {
        const gate = gateOf(metric, expression);
        const aggregation = thresholdAggregation(expression);
        const reading =
          aggregation === undefined
            ? undefined
            : run.metrics.threshold(metric, aggregation, run.measuredMs);
        const outcome = setupFailed
          ? 'not-evaluated'
          : gate?.samples === 0
            ? 'no-samples'
            : expressions[expression]
              ? 'pass'
              : 'fail';
        return {
          metric,
          expression,
          passed: outcome === 'pass' || (outcome === 'no-samples' && gate?.optional === true),
          outcome,
          optional: gate?.optional ?? false,
          observed:
            outcome === 'pass' || outcome === 'fail'
              ? observedText({
                  aggregation,
                  observed: reading?.value,
                  contains: reading?.contains ?? 'default',
                })
              : null,
        };
      });
  });
}

/** A summary k6 wrote holds one instance, not yet named by a merge. */
function isSingleInstance(instances: readonly InstanceMeasured[]): boolean {
  return instances.length === 1 && instances[0]?.file === null;
}

/** The run's place: the instance's own, or a merged run's (the whole test, no segment). */
function runIdentity(instances: readonly InstanceMeasured[]): InstanceInfo {
  const first = instances[0] as InstanceMeasured;
  if (isSingleInstance(instances)) {
    const { runId, executionSegment, executionSegmentSequence, localIps } = first;
    return { runId, executionSegment, executionSegmentSequence, localIps };
  }
  return {
    runId: first.runId,
    executionSegment: null,
    executionSegmentSequence: first.executionSegmentSequence,
    localIps: null,
  };
}

/** A merged run's instances, and the segments and sends it lacks to be the whole test. */
function mergedRun(
  instances: readonly InstanceMeasured[],
  names: readonly string[],
): MergedRun | null {
  if (isSingleInstance(instances)) return null;
  const segments = instances.map((i) => i.executionSegment ?? '0:1');
  const sequence = instances[0]?.executionSegmentSequence ?? null;
  const ofSequence = sequence === null ? undefined : sequenceSegments(sequence);
  return {
    instances: instances.map((i, n) => ({
      file: names[n] ?? '',
      executionSegment: i.executionSegment,
      localIps: i.localIps,
      requests: i.requests,
      users: i.users,
      plannedRequests: i.plannedRequests,
      thresholdsPassed: i.thresholdsPassed,
    })),
    coverage: segmentCoverage(segments.map((s) => parseSegment(s) ?? { from: 0, to: 0 })),
    missingSegments: (ofSequence ?? []).filter((s) => !segments.some((t) => sameSegment(s, t))),
    idleInstances: instances.flatMap((i, n) => (i.requests === 0 ? [names[n] ?? ''] : [])),
  };
}

/** What every rate divides by, in ms: the load phase, or k6's whole run when it was not measured. */
export function rateDurationMs(duration: PollFigures['duration']): number {
  return duration.loadPhaseMs ?? duration.measuredMs;
}

export function buildPollFigures(basis: PollBasis): PollFigures {
  const config = runConfigOf(basis.config);
  const m = new StoreReader(basis.measured.metrics, POLL_STORE_POLICY);
  const instances = basis.measured.instances;
  const names = instances.map((i, n) => i.file ?? `instance ${n + 1}`);
  const measuredMs = Math.max(...instances.map((i) => i.testRunMs));
  const loadPhaseMs = m.gauge(METRIC.loadPhase)?.max ?? null;
  const run: Run = {
    config,
    metrics: m,
    instances,
    names,
    rooms: applyRule(
      ROOMS_RULE,
      instances.map((i) => i.rooms),
      names,
      'rooms',
    ),
    sources: sourcesOf(instances, names),
    measuredMs,
    rateMs: loadPhaseMs ?? measuredMs,
  };
  const seconds = run.rateMs / 1000;
  const perSecond = (n: number) => (seconds > 0 ? n / seconds : null);
  const percentOf = (n: number, total: number) => (total > 0 ? (n * 100) / total : null);

  const total = count(m, METRIC.requests);
  const successful = statusCount(m, '200');
  const rateLimited = m.counter(METRIC.rateLimited) ?? statusCount(m, '429');
  const connectionErrors = m.counter(METRIC.connectionErrors) ?? statusCount(m, 'connection_error');
  const failed = Math.max(0, total - successful);

  const streaming = config.client !== 'seed';
  const plannedUsers = instances.reduce((n, i) => n + i.users, 0);
  // One instance of a distributed run sends a share of the messages and sees them all. A chat
  // client gets the messages over its stream while it is up; its polls need not see them.
  const seesItsOwnSends = !isSingleInstance(instances) || instances[0]?.executionSegment === null;
  const pollsSeeEverySend = seesItsOwnSends && !streaming;
  const writer = writerFigures(
    m,
    config.live,
    roomCount(config),
    config.durationMs,
    pollsSeeEverySend ? usersPerRoom({ ...config, users: plannedUsers }) : null,
  );
  const transfer = transferFigures(m);
  // Without polling, the bytes are setup's alone: no basis for a bandwidth or a projection.
  const bytesPerSecond = (bytes: number) => (total > 0 ? perSecond(bytes) : null);
  const toKbps = (bytes: number) => {
    const rate = bytesPerSecond(bytes);
    return rate === null ? null : (rate * 8) / 1000;
  };
  const totalBytesPerSecond = bytesPerSecond(transfer.receivedBytes + transfer.sentBytes);
  const receivedBytesPerSecond = bytesPerSecond(transfer.receivedBytes);
  const toMB = (bytesPerSec: number | null, perSeconds: number) =>
    bytesPerSec === null ? null : (bytesPerSec * perSeconds) / 1048576;
  const totalKbps = toKbps(transfer.receivedBytes + transfer.sentBytes);
  const achievedRequestsPerSecond = perSecond(total);
  const plannedRequests = instances.reduce((n, i) => n + i.plannedRequests, 0);
  const plannedPerSecond = runPlannedRequestsPerSecond({ ...config, users: plannedUsers });
  // A ramp sends less than the full rate at first: compare with the plan's mean rate then.
  const plannedMeanPerSecond =
    config.rampUpMs > 0 ? (plannedRequests * 1000) / config.durationMs : plannedPerSecond;
  const rates = runRates(config);

  const endpoints = runRequestEndpoints(config).map((endpoint) => endpointFigures(run, endpoint));
  const requestsPercentOfPlan = percentOf(total, plannedRequests);
  const pollingBytes = {
    received: count(m, METRIC.bytesReceived),
    sent: count(m, METRIC.bytesSent),
  };
  const streams = streaming
    ? streamFigures(m, {
        vus: basis.config.vusUsed,
        tickets: count(m, subMetricKey(METRIC.requests, { endpoint: 'ticket' })),
        ticketsOk: count(m, TICKETS_OK_KEY),
        scenarioReceivedBytes: m.counter(POLL_DATA_KEYS.received) ?? null,
        pollingReceivedBytes: pollingBytes.received,
      })
    : null;
  const scenarioSent = m.counter(POLL_DATA_KEYS.sent);
  const scheduleLagP95Ms = total > 0 ? (m.trendStat(METRIC.scheduleLag, 'p(95)') ?? null) : null;
  const httpRequests = m.counter('http_reqs') ?? null;
  const ending = runStatus(instances, m.gauge(LOAD_STOP_METRIC)?.min ?? null, config.durationMs);
  const thresholds = thresholdFigures(run, basis.measured, ending.end === 'setup-failed');
  const dueByStop = instances.map((i) => i.requestsDueByStop);

  const figures: Omit<PollFigures, 'recommendations'> = {
    status: {
      ...ending,
      requestsDueByStop: dueByStop.every((n): n is number => n !== null)
        ? dueByStop.reduce((a, b) => a + b, 0)
        : null,
      setupCompleted: instances.every((i) => i.setupCompleted),
      requestsMade: total > 0,
      thresholdsPassed: thresholds.every((t) => t.passed),
    },
    config: basis.config,
    // Summaries written before these fields existed have neither: unknown, not an error.
    run: runFactsOf(
      instances.map((i) => ({
        endedAtMs: i.endedAtMs ?? null,
        testRunMs: i.testRunMs,
        k6Version: i.k6Version ?? null,
      })),
    ),
    duration: { measuredMs, plannedMs: config.durationMs, loadPhaseMs },
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
    latency: latencyFigures(m, METRIC.latency, total - connectionErrors),
    latencyDistribution: m.distribution(METRIC.latency),
    bandwidth: {
      downstreamKbps: toKbps(transfer.receivedBytes),
      upstreamKbps: toKbps(transfer.sentBytes),
      totalKbps,
    },
    transfer,
    projected: {
      perHourMB: toMB(totalBytesPerSecond, 3600),
      perDayMB: toMB(totalBytesPerSecond, 86400),
      receivedPerHourMB: toMB(receivedBytesPerSecond, 3600),
      receivedPerDayMB: toMB(receivedBytesPerSecond, 86400),
    },
    errors: errorCounts(m, connectionErrors),
    k6Totals: {
      httpRequests,
      setupAndTeardownRequests:
        httpRequests === null ? null : Math.max(0, httpRequests - total - (writer?.sends ?? 0)),
      dataReceivedBytes: m.counter('data_received') ?? null,
      dataSentBytes: m.counter('data_sent') ?? null,
    },
    loadPlan: {
      plannedUsers,
      plannedRequestsPerSecond: plannedPerSecond,
      plannedRequests,
      achievedRequestsPerSecond,
      achievedPercentOfPlan:
        achievedRequestsPerSecond === null
          ? null
          : streaming
            ? requestsPercentOfPlan
            : percentOf(achievedRequestsPerSecond, plannedMeanPerSecond),
      usersPerRoom: usersPerRoom({ ...config, users: plannedUsers }),
      scheduleLagP95Ms,
      scheduleLagMaxMs: total > 0 ? (m.trendStat(METRIC.scheduleLag, 'max') ?? null) : null,
      perUserKbps: totalKbps === null || plannedUsers < 1 ? null : totalKbps / plannedUsers,
      requestsPercentOfPlan,
      generatorFellBehind: generatorFellBehind({
        requestsMade: total,
        requestsPercentOfPlan,
        // A run stopped early sends less by design: only the share of its plan is judged then.
        ranPlannedDuration: ending.end === 'completed',
        scheduleLagP95Ms,
        // The client models' timers: a tenth of their shortest period is late.
        pollIntervalMs:
          config.client === 'seed' ? config.pollIntervalMs : shortestPeriodMs(config.client),
      }),
    },
    scheduleLagDistribution: total > 0 ? m.distribution(METRIC.scheduleLag) : null,
    timeline:
      basis.measured.timeline == null
        ? null
        : timelineFigures(
            basis.measured.timeline,
            runRequestEndpoints(config),
            config.durationMs,
            loadPhaseMs,
          ),
    rateLimits: endpoints.filter(isRateLimited).map((e) => rateLimitFigures(run, e, seconds / 60)),
    writer,
    scaling: scalingEstimates(
      {
        rooms: config.rooms,
        rates,
        limits: config.limits,
        responseBytes: Object.fromEntries(
          endpoints.map((e) => [
            e.endpoint,
            meanBytes(
              count(m, subMetricKey(METRIC.bytesReceived, { endpoint: e.endpoint })),
              e.requests,
            ),
          ]),
        ),
      },
      config.scaleUsers,
    ),
    thresholds,
    instance: runIdentity(instances),
    merged: mergedRun(instances, names),
    streams,
    userBandwidth: userBandwidth(
      plannedUsers,
      measuredMs,
      streaming ? pollingBytes : { received: transfer.receivedBytes, sent: transfer.sentBytes },
      streaming
        ? {
            received: streams?.receivedBytes ?? null,
            sent: scenarioSent === undefined ? null : Math.max(0, scenarioSent - pollingBytes.sent),
          }
        : { received: 0, sent: 0 },
    ),
  };
  return { ...figures, recommendations: recommendations(figures) };
}

/** A single run's figures straight from k6's data (handleSummary, tests). */
export function pollFiguresOf(data: SummaryData, run: PollRunInfo): PollFigures {
  return buildPollFigures(pollBasis(data, run));
}
