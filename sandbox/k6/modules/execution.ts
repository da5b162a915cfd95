// The `k6/execution` double: vu, scenario, instance and test info read from the VU runtime,
// with k6's errors where the init context (or setup, for scenario info) has none.

import type * as K6Execution from 'k6/execution';
import type { Options } from 'k6/options';
import type { VuRuntime } from '../runtime';

export type ExecutionModule = Pick<typeof K6Execution, 'vu' | 'scenario' | 'instance' | 'test'>;

export function createExecutionModule(vu: () => VuRuntime): ExecutionModule {
  const scenario = () => {
    const rt = vu();
    if (rt.scenario === undefined) {
      throw new rt.realm.Error(
        'getting scenario information outside of a scenario is not supported',
      );
    }
    return { rt, info: rt.scenario };
  };
  const instance = () => {
    const rt = vu();
    rt.requireNotInit('instance information');
    return rt.state;
  };
  return {
    vu: {
      get idInInstance() {
        const rt = vu();
        rt.requireNotInit('VU information');
        return rt.id.idInInstance;
      },
      get idInTest() {
        const rt = vu();
        rt.requireNotInit('VU information');
        return rt.id.idInTest;
      },
      get iterationInInstance() {
        const rt = vu();
        rt.requireNotInit('VU information');
        return rt.iterationInInstance;
      },
      get iterationInScenario() {
        const rt = vu();
        rt.requireNotInit('VU information');
        return rt.iterationInScenario;
      },
      get tags() {
        const rt = vu();
        rt.requireNotInit('VU information');
        return rt.tagsView();
      },
      get metrics() {
        const rt = vu();
        rt.requireNotInit('VU information');
        return { tags: rt.tagsView(), metadata: {} };
      },
    },
    scenario: {
      get name() {
        return scenario().info.name;
      },
      get executor() {
        return scenario().info.executor;
      },
      get startTime() {
        return scenario().info.startEpochMs;
      },
      get progress() {
        return scenario().info.progress();
      },
      get iterationInInstance() {
        return scenario().rt.iterationInTest;
      },
      get iterationInTest() {
        return scenario().rt.iterationInTest;
      },
    },
    instance: {
      get iterationsInterrupted() {
        return instance().iterationsInterrupted;
      },
      get iterationsCompleted() {
        return instance().iterationsCompleted;
      },
      get vusActive() {
        return instance().vusActive;
      },
      get vusInitialized() {
        return instance().vusInitialized;
      },
      get currentTestRunDuration() {
        return instance().currentElapsedMs;
      },
    },
    test: {
      abort(message?: string): void {
        const rt = vu();
        rt.state.abortMessage = message ?? 'test aborted';
        rt.log('error', `test aborted: ${rt.state.abortMessage}`);
        throw new rt.realm.Error(`test aborted: ${rt.state.abortMessage}`);
      },
      fail(message?: string): void {
        const rt = vu();
        rt.state.failMessage = message ?? 'test failed';
        rt.log('error', `test marked as failed: ${rt.state.failMessage}`);
      },
      get options(): Options {
        const rt = vu();
        rt.requireNotInit('test options');
        return rt.state.options as Options;
      },
    },
  };
}
