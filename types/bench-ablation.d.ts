// Steps of the per-request path of the poll VU (lib/k6/poll-metrics.ts, lib/k6/poll-vu.ts)
// that a benchmark build leaves out: `npm run bench:k6` builds dist/poll.js once per ablation
// step to print what each costs. Every other build (build.mjs, vitest) defines all of them
// false: the bundler writes the constants in, so the conditions cost nothing at run time.
declare const BENCH_ABLATION: {
  /** The time slices (lib/timeline.ts): their counts and samples, and their declared sub-metrics. */
  readonly timeline: boolean;
  /** The cw_latency sample of each answered response. */
  readonly latency: boolean;
  /** Reading each response's headers to count its wire bytes (0 bytes when left out). */
  readonly headerBytes: boolean;
  /** Counting each response in the ResponseTally (statuses, bytes). */
  readonly tally: boolean;
  /** Parsing poll bodies for the user's message cursor. */
  readonly cursor: boolean;
  /** The cw_schedule_lag sample of each poll. */
  readonly scheduleLag: boolean;
};
