// The capacity steps in k6: each step is a per-vu-iterations scenario whose VUs pace their
// shard of the step's users for the whole step in one iteration (paceWholeSchedule).

import exec from 'k6/execution';
import type { CapacityStep } from '../capacity/steps';
import type { TestRooms } from '../test-rooms';
import { paceWholeSchedule } from './poll-vu';

/** The capacity steps' exec function: each step is a scenario named after it. */
export function createCapacityVu(steps: readonly CapacityStep[]) {
  const byScenario = new Map(steps.map((step) => [step.scenario, step]));
  return function pollStep(data: TestRooms): void {
    const step = byScenario.get(exec.scenario.name);
    if (step === undefined) throw new Error(`capacity: no step named ${exec.scenario.name}`);
    paceWholeSchedule(step.poll, step.vus, data);
  };
}
