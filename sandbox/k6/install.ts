// The runtime that vitest's `k6/*` aliases (sandbox/k6/alias/) delegate to. A unit test installs
// one, runs the k6 glue and reads back requests, samples, sleeps and logs.

import { type Phase, type Realm, VuRuntime } from './runtime';
import { TestState, type TestStateOptions } from './test-state';
import { scriptedTransport } from './transports';

export interface InstallOptions extends Partial<TestStateOptions> {
  /** Default 'iteration'; use 'init' to declare metrics after installing. */
  phase?: Phase;
  /** Default 1. */
  vuId?: number;
  /** Scenario name k6/execution reports and samples are tagged with. Default 'default'. */
  scenario?: string;
}

const hostRealm: Realm = { Error, TypeError, JSON, Promise };

function createRuntime(o: InstallOptions): VuRuntime {
  const state = new TestState({ ...o, transport: o.transport ?? scriptedTransport([]) });
  const id = o.vuId ?? 1;
  const rt = new VuRuntime(state, { idInInstance: id, idInTest: id }, hostRealm);
  rt.phase = o.phase ?? 'iteration';
  const name = o.scenario ?? 'default';
  let iterations = 0;
  rt.scenario = {
    name,
    executor: 'per-vu-iterations',
    startEpochMs: state.startEpochMs,
    tags: { scenario: name },
    nextIterationInTest: () => iterations++,
    progress: () => 0,
  };
  rt.iterationInInstance = 0;
  rt.iterationInScenario = 0;
  rt.iterationInTest = 0;
  return rt;
}

// Modules imported before any test installs a runtime (metrics declared at import) use this.
let active: VuRuntime = createRuntime({ phase: 'init' });

/** Installs a fresh runtime (refused connections unless `transport` says otherwise). */
export function installK6Runtime(o: InstallOptions = {}): VuRuntime {
  active = createRuntime(o);
  return active;
}

export function activeK6Runtime(): VuRuntime {
  return active;
}
