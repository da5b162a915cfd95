// One way to assemble a scenario script (scenarios/*.ts): its configuration part parsed from
// k6 env at init, where a bad value ends the run in one line (exit 107); a warning for env
// names close to an option, printed once per run; and handleSummary's data without
// setup_data. k6 finds the lifecycle functions only among the script's own top-level
// exports, so the script exports what `setup` and `handleSummary` return.

import { describeNearMiss, nearMisses } from './config/near-misses';
import type { ConfigPart } from './config/part';
import { type Env, type EnvOf, withOneLineConfigErrors } from './env';
import { type K6Thresholds, withGateKeys } from './gate-aliases';
import type { SummaryData } from './summary-data';

/** handleSummary's data as the reports get it: gate names as thresholds.json has them. */
export type ReportData = Omit<SummaryData, 'setup_data'>;

export interface Scenario<C> {
  /** The configuration, parsed and validated. */
  readonly config: C;
  /** Runs more init code (the options): its ConfigError also ends the run in one line. */
  init<T>(build: () => T): T;
  /** The scenario's `setup` export: warns about near-miss env names, then runs `create`. */
  setup<R>(create: () => R): () => R;
  /**
   * The scenario's `handleSummary` export: `render` gets the data without setup_data, which
   * carries the API key to the VUs, and setup_data apart (for the room ids and the run id);
   * with `thresholds` (what the options gave k6), aliased gates back under their gate names.
   */
  handleSummary<R>(
    render: (data: ReportData, setupData: unknown) => R,
    thresholds?: K6Thresholds,
  ): (data: SummaryData) => R;
}

/** `name` names the scenario in warnings: `USRS is not a poll option ...`. */
export function defineScenario<N extends string, C extends object>(
  name: string,
  part: ConfigPart<N, C>,
  env: Env,
): Scenario<C> {
  // Sorted: k6 orders __ENV differently from run to run.
  const warnings = () =>
    nearMisses(Object.keys(env).sort(), part.names).map((miss) => describeNearMiss(miss, name));
  const init = <T>(build: () => T): T => withOneLineConfigErrors(build, warnings);
  return {
    // An Env has every name of N (a string key, maybe unset): narrowing it is safe.
    config: init(() => part.parse(env as EnvOf<N>)),
    init,
    setup: (create) => () => {
      // In setup, not at init: k6 runs the init code for the options, for each VU and before
      // setup, teardown and handleSummary each (docs/k6-runtime.md); setup runs once.
      for (const line of warnings()) console.warn(line);
      return create();
    },
    handleSummary: (render, thresholds) => (data) => {
      const { setup_data: setupData, ...withoutSetupData } = data;
      return render(
        thresholds === undefined ? withoutSetupData : withGateKeys(withoutSetupData, thresholds),
        setupData,
      );
    },
  };
}
