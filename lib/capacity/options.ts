// The capacity scenario's k6 options: one per-vu-iterations scenario per step, back to back,
// the writer's scenario when live rooms are on, and the thresholds.
//
// Exit codes: k6 exits 99 whenever any threshold is crossed, and can stop a run early only
// through a threshold with abortOnFail (also 99) or exec.test.abort() (108). So:
// - the steps up to the first at or above PEAK_USERS x 1.2 get the gates as real thresholds:
//   a crossing there means the peak + 20 % did not hold, and the run exits 99;
// - with STOP_ON_FAIL=true (default) every step gets them, with abortOnFail evaluated from the
//   end of its step, so the run stops after the first failing step (exit 99: a step failed);
//   with PEAK_USERS and no MAX_USERS the last step is the peak step, so 99 still means "did
//   not hold". STOP_ON_FAIL=false runs every step and exits 99 only for the peak.
// - the other steps declare their sub-metrics with empty lists and are judged in handleSummary.

import { ROOM_BATCH_SIZE } from '../backend';
import { STREAM_METRIC } from '../clients/metrics';
import { CLIENT_REQUESTS_PER_BATCH, shortestPeriodMs } from '../clients/model';
import type { StreamOutcome } from '../clients/stream-outcome';
import { formatDurationMs } from '../env';
import { type K6Thresholds, toK6Thresholds } from '../gate-aliases';
import { writerMetricKeys, writerScenario } from '../live-rooms/writer';
import { METRIC, reportedSubMetricKeys, subMetricKey } from '../metric-names';
import { runRequestEndpoints } from '../plan';
import { requestsPerPoll } from '../poll/load-model';
import { roomPhaseTimeout, SUMMARY_TREND_STATS } from '../poll/options';
import type { ThresholdExpression, Thresholds } from '../thresholds';
import { parseThresholdExpression } from '../thresholds';
import { type CapacityConfig, capacityRoomCount } from './config';
import { type CapacityGates, lagExpression } from './gates';
import { type CapacityStep, capacityDurationMs, capacitySteps, peakStepIndex } from './steps';

/** The sub-metrics the report reads for each step, by its scenario tag. */
export function stepMetricKeys(scenario: string) {
  const tags = { scenario };
  return {
    requests: subMetricKey(METRIC.requests, tags),
    latency: subMetricKey(METRIC.latency, tags),
    errors: subMetricKey(METRIC.errors, tags),
    rateLimited: subMetricKey(METRIC.rateLimited, tags),
    scheduleLag: subMetricKey(METRIC.scheduleLag, tags),
    bytesReceived: subMetricKey(METRIC.bytesReceived, tags),
  };
}

/** The stream sub-metrics of a step of the chat or game model: its plan, how streams ended. */
export function stepStreamKeys(scenario: string) {
  const of = (outcome: StreamOutcome) => subMetricKey(STREAM_METRIC.streams, { scenario, outcome });
  return {
    planned: subMetricKey(STREAM_METRIC.planned, { scenario }),
    held: of('held'),
    ended: of('ended'),
    refused: of('refused'),
    failed: of('failed'),
  };
}

/** Which steps carry real thresholds (see the top of this file). */
export function gatedStepCount(c: CapacityConfig, steps: readonly CapacityStep[]): number {
  if (c.stopOnFail) return steps.length;
  const peak = peakStepIndex(c, steps);
  return peak === undefined ? 0 : peak + 1;
}

/** How long after the test start an abort may be judged: the step's end plus one evaluation. */
const ABORT_MARGIN_MS = 2000;

function gate(c: CapacityConfig, step: CapacityStep, expression: string): ThresholdExpression {
  if (!c.stopOnFail) return expression;
  return {
    threshold: expression,
    abortOnFail: true,
    delayAbortEval: formatDurationMs(step.startMs + c.stepDurationMs + ABORT_MARGIN_MS),
  };
}

/** 429s as a share of the step's planned requests, under the same limit as the error rate. */
function rateLimitedExpressions(gates: CapacityGates, step: CapacityStep): string[] {
  return gates.errors.flatMap((text) => {
    const e = parseThresholdExpression(text);
    if (e === undefined || e.aggregation !== 'rate') return [];
    const limit = Math.round(e.value * step.plannedRequests * 1000) / 1000;
    return [`count${e.operator}${limit}`];
  });
}

export function capacityThresholds(
  c: CapacityConfig,
  gates: CapacityGates,
  steps: readonly CapacityStep[],
): Thresholds {
  const out: Thresholds = {};
  const gated = gatedStepCount(c, steps);
  for (const step of steps) {
    const keys = stepMetricKeys(step.scenario);
    for (const key of Object.values(keys)) out[key] = [];
    if (step.index >= gated) continue;
    out[keys.latency] = gates.latency.map((e) => gate(c, step, e));
    out[keys.errors] = gates.errors.map((e) => gate(c, step, e));
    out[keys.scheduleLag] = [gate(c, step, lagExpression(lagIntervalMs(c)))];
    // A step without a single answer must fail too: thresholds on empty metrics pass.
    out[keys.requests] = ['count>0'];
    if (c.rateLimits === 'count') {
      out[keys.rateLimited] = rateLimitedExpressions(gates, step).map((e) => gate(c, step, e));
    }
    if (c.client !== 'seed') {
      // Streams in the verdict: a stream refused, unanswered or ended early fails the step.
      const streams = stepStreamKeys(step.scenario);
      for (const key of [streams.refused, streams.failed, streams.ended]) {
        out[key] = [gate(c, step, 'count==0')];
      }
    }
  }
  for (const step of steps) {
    if (c.client === 'seed') break;
    for (const key of Object.values(stepStreamKeys(step.scenario))) out[key] ??= [];
  }
  const declared = [...reportedSubMetricKeys(0, runRequestEndpoints(c)), ...writerMetricKeys()];
  for (const key of declared) out[key] ??= [];
  return out;
}

/**
 * {@link capacityThresholds} as k6 takes them: each step's `cw_errors{scenario:...}` as k6's
 * http_req_failed of the step's requests; the scenario's handleSummary reads k6's data back
 * with it.
 */
export function capacityK6Thresholds(c: CapacityConfig, gates: CapacityGates): K6Thresholds {
  return toK6Thresholds(capacityThresholds(c, gates, capacitySteps(c)), undefined);
}

/** The schedule lag gate's interval: POLL_INTERVAL, or the client model's shortest period. */
export function lagIntervalMs(c: Pick<CapacityConfig, 'client' | 'pollIntervalMs'>): number {
  return c.client === 'seed' ? c.pollIntervalMs : shortestPeriodMs(c.client);
}

export function capacityOptions(c: CapacityConfig, gates: CapacityGates) {
  const steps = capacitySteps(c);
  const rooms = capacityRoomCount(c);
  const largestBatch = Math.max(
    ...steps.map((s) =>
      c.client === 'seed'
        ? Math.ceil(s.users / s.vus) * requestsPerPoll(c)
        : CLIENT_REQUESTS_PER_BATCH,
    ),
    ROOM_BATCH_SIZE,
  );
  const scenarios: Record<string, object> = {};
  for (const step of steps) {
    scenarios[step.scenario] = {
      // One iteration per VU paces that VU's shard for the whole step; its iteration number
      // in the scenario (0..vus-1) picks the shard.
      executor: 'per-vu-iterations' as const,
      exec: 'pollStep',
      vus: step.vus,
      iterations: 1,
      maxDuration: formatDurationMs(c.stepDurationMs),
      startTime: formatDurationMs(step.startMs),
      gracefulStop: '10s',
    };
  }
  const writer = writerScenario(c.live, rooms, capacityDurationMs(c));
  if (writer !== undefined) scenarios.writer = writer;
  return {
    scenarios,
    thresholds: capacityK6Thresholds(c, gates).thresholds,
    summaryTrendStats: SUMMARY_TREND_STATS,
    setupTimeout: roomPhaseTimeout(rooms),
    teardownTimeout: roomPhaseTimeout(rooms),
    batch: largestBatch,
    batchPerHost: largestBatch,
    cloud: {
      name: `ClaudeWorld capacity${c.client === 'seed' ? '' : ` (${c.client} client)`}: ${c.startUsers} to ${c.maxUsers} users x ${c.rooms} rooms (${c.roomMode})`,
    },
  };
}
