// Types of build.mjs (plain JavaScript, run by node) for the TypeScript that imports it.

/** The steps of the poll VU's per-request path a benchmark build can leave out. */
export declare const ABLATION_STEPS: readonly (keyof typeof BENCH_ABLATION)[];

export declare function scenarioEntryPoints(): string[];

export declare function buildScenarios(options?: {
  outdir?: string;
  logLevel?: 'verbose' | 'debug' | 'info' | 'warning' | 'error' | 'silent';
  /** Steps to leave out, for a benchmark's build only. */
  ablation?: readonly (keyof typeof BENCH_ABLATION)[];
  /** The gates file bundled in place of thresholds.json. */
  thresholdsFile?: string;
}): Promise<unknown>;
