// Did the load generator (k6) send the load it planned? When it did not, the run measured the
// generator as much as the server: latency then includes the time requests waited in k6.

/** Below this percent of the planned requests, the generator fell behind. */
export const MIN_PERCENT_OF_PLAN = 97;
/** Above this share of POLL_INTERVAL, the schedule lag p95 says the generator fell behind. */
export const MAX_LAG_SHARE_OF_INTERVAL = 0.1;

export interface GeneratorFigures {
  /** Polling requests made. */
  requestsMade: number;
  requestsPercentOfPlan: number | null;
  /** The run lasted its planned duration: a run stopped early made fewer requests by design. */
  ranPlannedDuration: boolean;
  scheduleLagP95Ms: number | null;
  pollIntervalMs: number;
}

/**
 * The rule: with polling requests made, either under {@link MIN_PERCENT_OF_PLAN} % of the
 * planned requests in a run that lasted its planned duration, or a schedule lag p95 over
 * {@link MAX_LAG_SHARE_OF_INTERVAL} of POLL_INTERVAL. The pacer never skips a late poll, so a
 * generator that cannot keep up shows both: polls start late, and the backlog left when the
 * duration ends is never sent.
 */
export function generatorFellBehind(f: GeneratorFigures): boolean {
  if (f.requestsMade === 0) return false;
  const short =
    f.ranPlannedDuration &&
    f.requestsPercentOfPlan !== null &&
    f.requestsPercentOfPlan < MIN_PERCENT_OF_PLAN;
  const late =
    f.scheduleLagP95Ms !== null &&
    f.scheduleLagP95Ms > MAX_LAG_SHARE_OF_INTERVAL * f.pollIntervalMs;
  return short || late;
}
