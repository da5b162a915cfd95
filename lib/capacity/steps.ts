// The capacity run's steps: one k6 scenario per step (`step_1`, `step_2`...: the step's number in
// the report, counted from 1), back to back, so that k6's default `scenario` tag splits every
// metric by step at no cost per request.

import { CLIENT_REQUESTS_PER_BATCH } from '../clients/model';
import { runPlannedRequestsPerSecond, runVuCount } from '../plan';
import type { PollConfig } from '../poll/config';
import { MIN_REQUESTS_PER_BATCH, plannedRequestCount } from '../poll/load-model';
import { type CapacityConfig, peakTarget, stepUserCounts } from './config';

export interface CapacityStep {
  index: number;
  /** The k6 scenario name, also the `scenario` tag of the step's samples. */
  scenario: string;
  users: number;
  startMs: number;
  /** The load model of this step (client, users, rooms, interval, the step's duration). */
  poll: PollConfig;
  vus: number;
  plannedRequestsPerSecond: number;
  plannedRequests: number;
}

/**
 * Answers this slow must not hold up the schedule. A VU sends what is due in one http.batch,
 * all in parallel, and waits for the batch's answers before its next one, so a saturated
 * server that answers in this long caps a VU at a batch (100 requests: the seed's
 * MIN_REQUESTS_PER_BATCH, a client VU's CLIENT_REQUESTS_PER_BATCH) per this long; each step
 * gets enough VUs to carry its planned req/s at that pace, on top of what the poll scenario's
 * default gives. A VU paces many users: VUs are not one per user or per second of answer time
 * (at 2,000 users x 2 rooms every 4 s: 20 VUs, not 500; each VU is a JavaScript runtime, about
 * 1.7 MB and 50 ms of init in k6 1.3.0).
 */
export const CAPACITY_LATENCY_HEADROOM_MS = 1000;

/** VUs for a step: the poll default, or more so that answers up to the headroom do not delay the schedule. */
export function capacityVuCount(poll: PollConfig): number {
  // A batch a VU waits on: the seed's least (a VU of more users than it carries at the
  // headroom only gets bigger batches of slower answers), a client VU's largest.
  const batch = poll.client === 'seed' ? MIN_REQUESTS_PER_BATCH : CLIENT_REQUESTS_PER_BATCH;
  const perVu = (batch * 1000) / CAPACITY_LATENCY_HEADROOM_MS;
  const forSlowAnswers = Math.ceil(runPlannedRequestsPerSecond(poll) / perVu);
  return Math.min(poll.users, Math.max(runVuCount(poll), forSlowAnswers));
}

/** The scenario of the step at `index` (0-based): `step_<its number in the report>`. */
export function stepScenarioName(index: number): string {
  return `step_${index + 1}`;
}

/**
 * The poll configuration one step runs: its users, polling from the step's own start, with
 * every shared variable (target and polling-load parts) as the capacity run has it.
 */
export function stepPollConfig(c: CapacityConfig, users: number): PollConfig {
  const {
    startUsers: _start,
    stepUsers: _step,
    stepFactor: _factor,
    stepDurationMs,
    maxUsers: _max,
    peakUsers: _peak,
    rateLimits: _rateLimits,
    stopOnFail: _stopOnFail,
    ...shared
  } = c;
  return {
    ...shared,
    users,
    durationMs: stepDurationMs,
    startPhase: 'spread',
    rampUpMs: 0,
    vus: undefined,
    // Steps share the capacity run's rooms; RUN_ID and the grace belong to setup and teardown.
    runId: undefined,
    cleanupGraceMs: 0,
  };
}

export function capacitySteps(c: CapacityConfig): CapacityStep[] {
  return stepUserCounts(c).map((users, index) => {
    const poll = stepPollConfig(c, users);
    return {
      index,
      scenario: stepScenarioName(index),
      users,
      startMs: index * c.stepDurationMs,
      poll,
      vus: capacityVuCount(poll),
      plannedRequestsPerSecond: runPlannedRequestsPerSecond(poll),
      // The client models' timers count their plan as they run; this is the steady state.
      plannedRequests:
        poll.client === 'seed'
          ? plannedRequestCount(poll)
          : Math.round((runPlannedRequestsPerSecond(poll) * poll.durationMs) / 1000),
    };
  });
}

/** The index of the first step at or above PEAK_USERS x 1.2; undefined without PEAK_USERS. */
export function peakStepIndex(
  c: Pick<CapacityConfig, 'peakUsers'>,
  steps: readonly Pick<CapacityStep, 'users'>[],
): number | undefined {
  if (c.peakUsers === undefined) return undefined;
  const target = peakTarget(c.peakUsers);
  const index = steps.findIndex((s) => s.users >= target);
  return index === -1 ? undefined : index;
}

/** The whole run's length: every step back to back. */
export function capacityDurationMs(c: CapacityConfig): number {
  return stepUserCounts(c).length * c.stepDurationMs;
}
