// VUs that pace their shard of users for a whole schedule in one iteration: the capacity
// steps, and the poll scenario when the live-room writer runs beside it. Their scenario is
// per-vu-iterations with one iteration per VU, whose number in the scenario (0..vus-1, unique
// across instances) picks the shard: with a second scenario, k6 hands VU ids out of one pool
// to both, so a VU's id no longer says which shard it has.

import exec from 'k6/execution';
import type { CapacityStep } from '../capacity/steps';
import type { PollConfig } from '../poll/config';
import type { TestRooms } from '../test-rooms';
import { createPollVu } from './poll-vu';

/** Paces shard `exec.scenario.iterationInTest` of `vus` until the schedule's end. */
export function paceWholeSchedule(config: PollConfig, vus: number, data: TestRooms): void {
  const shard = exec.scenario.iterationInTest;
  const iterate = createPollVu(config, vus, () => shard);
  const startMs = exec.scenario.startTime;
  while (Date.now() - startMs < config.durationMs) iterate(data);
}

/** The capacity steps' exec function: each step is a scenario named after it. */
export function createCapacityVu(steps: readonly CapacityStep[]) {
  const byScenario = new Map(steps.map((step) => [step.scenario, step]));
  return function pollStep(data: TestRooms): void {
    const step = byScenario.get(exec.scenario.name);
    if (step === undefined) throw new Error(`capacity: no step named ${exec.scenario.name}`);
    paceWholeSchedule(step.poll, step.vus, data);
  };
}
