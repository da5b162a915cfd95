// The VUs of the capacity steps: each step is its own per-vu-iterations scenario whose one
// iteration per VU paces that VU's shard of the step's users for the whole step, with the
// poll scenario's pacer (lib/k6/poll-vu.ts). The scenario's `scenario` tag splits the metrics.

import exec from 'k6/execution';
import type { CapacityStep } from '../capacity/steps';
import type { TestRooms } from '../test-rooms';
import { createPollVu } from './poll-vu';

export function createCapacityVu(steps: readonly CapacityStep[]) {
  const byScenario = new Map(steps.map((step) => [step.scenario, step]));

  return function pollStep(data: TestRooms): void {
    const step = byScenario.get(exec.scenario.name);
    if (step === undefined) throw new Error(`capacity: no step named ${exec.scenario.name}`);
    // iterationInTest is 0..vus-1 here (one iteration per VU), unique across instances.
    const shard = exec.scenario.iterationInTest;
    const iterate = createPollVu(step.poll, step.vus, () => shard);
    const startMs = exec.scenario.startTime;
    while (Date.now() - startMs < step.poll.durationMs) iterate(data);
  };
}
