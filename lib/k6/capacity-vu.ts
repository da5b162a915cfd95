// The capacity steps in k6: each step is a per-vu-iterations scenario whose VUs pace their
// shard of the step's users for the whole step in one iteration (paceWholeSchedule).

import exec from 'k6/execution';
import type { CapacityStep } from '../capacity/steps';
import type { TestRooms } from '../test-rooms';
import { createClientVu } from './client-vu';
import { paceWholeSchedule } from './poll-vu';

/**
 * The capacity steps' exec function: each step is a scenario named after it. With CLIENT=chat
 * or game each step runs the client VU (lib/k6/client-vu.ts), its users logging in anew.
 */
export function createCapacityVu(steps: readonly CapacityStep[]) {
  const byScenario = new Map(
    steps.map((step) => [
      step.scenario,
      {
        step,
        clients: step.poll.client === 'seed' ? undefined : createClientVu(step.poll, step.vus),
      },
    ]),
  );
  return function pollStep(data: TestRooms): void | Promise<void> {
    const entry = byScenario.get(exec.scenario.name);
    if (entry === undefined) throw new Error(`capacity: no step named ${exec.scenario.name}`);
    if (entry.clients !== undefined) return entry.clients(data);
    paceWholeSchedule(entry.step.poll, entry.step.vus, data);
  };
}
