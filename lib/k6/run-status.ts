// The traces a run leaves for its report's status (lib/run-status.ts): when the load stopped,
// recorded at the start of teardown, and why a run stopped, as a failed check.

import { check } from 'k6';
import exec from 'k6/execution';
import { Gauge } from 'k6/metrics';
import { SetupError } from '../backend';
import { ConfigError } from '../env';
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

/**
 * Stops the run on a setup failure, its cause noted first so that the report opens with it:
 * a known one (a SetupError or ConfigError) aborts in one line (exit 108), anything else is
 * thrown on (exit 107).
 */
export function stopOnSetupError(error: unknown): never {
  const known = error instanceof SetupError || error instanceof ConfigError;
  noteRunStop('setup failed', known ? error.message : String(error));
  if (known) exec.test.abort(error.message);
  throw error;
}

/** `create()`, stopping the run on its failure (a rejected Promise too). */
export function setupOrStop<T>(create: () => T | Promise<T>): T | Promise<T> {
  try {
    const result = create();
    return result instanceof Promise ? result.catch(stopOnSetupError) : result;
  } catch (error) {
    return stopOnSetupError(error);
  }
}
