// The traces a run leaves for its report's status (lib/run-status.ts): when the load stopped,
// recorded at the start of teardown, and why a run stopped, as a failed check.

import { check } from 'k6';
import { Gauge } from 'k6/metrics';
import { LOAD_STOP_METRIC, type RunNoteKind, runNoteCheckName } from '../run-status';
import type { TestRooms } from '../test-rooms';

const loadStop = new Gauge(LOAD_STOP_METRIC, true);

/** Teardown's first step: when the load stopped, in ms since setup handed the rooms over. */
export function recordLoadStop(rooms: TestRooms): void {
  if (typeof rooms?.loadStartMs === 'number') {
    loadStop.add(Math.max(0, Date.now() - rooms.loadStartMs));
  }
}

/** Records why the run stops, for handleSummary: a check that failed, named after the cause. */
export function noteRunStop(kind: RunNoteKind, message: string): void {
  check(null, { [runNoteCheckName(kind, message)]: () => false });
}
