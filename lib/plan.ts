// What a run plans to send, whatever its client model: the seed's fixed schedule
// (lib/poll/load-model.ts) or the chat and game models' timers (lib/clients/model.ts). Options,
// VU counts and reports ask here, so each gets the figures of the run's own model.

import { clientRateFormula, clientRates } from './clients/model';
import { ENDPOINTS, type Endpoint, modelEndpoints, SEED_ENDPOINTS } from './endpoints';
import type { PollConfig } from './poll/config';
import { plannedRequestsPerSecond, seedRateFormula, seedRates, vuCount } from './poll/load-model';
import type { EndpointRate, RateFormula } from './scaling/estimates';

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
 * The VUs the run uses: `VUS`, else one per 1,000 planned requests a second, at most one per user
 * (with RUN_ID at least enough for a distributed run's instances: lib/poll/load-model.ts).
 */
export function runVuCount(c: PlanConfig & Pick<PollConfig, 'vus' | 'runId'>): number {
  return vuCount(c, runPlannedRequestsPerSecond(c));
}
