// What a run plans to send, whatever its client model: the seed's fixed schedule
// (lib/poll/load-model.ts) or the chat and game models' timers (lib/clients/model.ts). Options,
// VU counts and reports ask here, so each gets the figures of the run's own model.

import { clientRateFormula, clientRates } from './clients/model';
import { ENDPOINTS, type Endpoint, modelEndpoints, SEED_ENDPOINTS } from './endpoints';
import type { PollConfig } from './poll/config';
import {
  plannedRequestsPerSecond,
  requestsPerPoll,
  seedRateFormula,
  seedRates,
  vuCount,
} from './poll/load-model';
import type { EndpointRate, RateFormula } from './scaling/estimates';
import { type SamplingPeriods, type SliceLayout, samplingPeriod, sliceLayout } from './timeline';

type PlanConfig = Pick<PollConfig, 'client' | 'users' | 'rooms' | 'roomMode' | 'pollIntervalMs'>;

/** The request kinds the run's model sends, in the table's order. */
export function runEndpoints(c: Pick<PollConfig, 'client'>): Endpoint[] {
  return c.client === 'seed' ? [...SEED_ENDPOINTS] : modelEndpoints(c.client);
}

/** The kinds the run's model requests and answers: its kinds but the held stream. */
export function runRequestEndpoints(c: Pick<PollConfig, 'client'>): Endpoint[] {
  return runEndpoints(c).filter((e) => !ENDPOINTS[e].held);
}

/** What one user sends of each kind: every POLL_INTERVAL (seed), or the timers with the stream up. */
export function runRates(c: Omit<PlanConfig, 'users'>): EndpointRate[] {
  return c.client === 'seed' ? seedRates(c) : clientRates(c.client, c);
}

export function runRateFormula(
  c: Pick<PollConfig, 'client' | 'rooms' | 'pollIntervalMs'>,
): RateFormula {
  return c.client === 'seed' ? seedRateFormula(c) : clientRateFormula(c.client, c);
}

/** Requests per second the run plans once every user has joined (seed: exactly). */
export function runPlannedRequestsPerSecond(c: PlanConfig): number {
  if (c.client === 'seed') return plannedRequestsPerSecond(c);
  return c.users * runRates(c).reduce((sum, r) => sum + r.perUserPerSecond, 0);
}

/**
 * The VUs the run uses: `VUS`, else one per so many planned requests a second (the model's
 * PLANNED_REQUESTS_PER_SECOND_PER_VU), at most one per user
 * (with RUN_ID at least enough for a distributed run's instances: lib/poll/load-model.ts).
 */
export function runVuCount(c: PlanConfig & Pick<PollConfig, 'vus' | 'runId'>): number {
  return vuCount(c, runPlannedRequestsPerSecond(c));
}

/**
 * The run's time slices and sampling periods (lib/timeline.ts), from its configuration: the
 * latency of 1 in so many responses of each kind, the lag of 1 in so many polls (seed: a
 * user's requests of one poll) or requests (the client models, whose requests each have a
 * due time).
 */
export function timelinePlan(c: PlanConfig & Pick<PollConfig, 'durationMs'>): {
  layout: SliceLayout;
  sampling: SamplingPeriods;
} {
  const layout = sliceLayout(c.durationMs);
  const requestsPerSecond = runPlannedRequestsPerSecond(c);
  const kinds = runRequestEndpoints(c).length;
  const perLag = c.client === 'seed' ? requestsPerPoll(c) : 1;
  return {
    layout,
    sampling: {
      latency: samplingPeriod(requestsPerSecond / kinds, layout),
      lag: samplingPeriod(requestsPerSecond / perLag, layout),
    },
  };
}
