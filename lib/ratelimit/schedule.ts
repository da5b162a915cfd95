// Timing of the check, in ms relative to the clean burst's first request (the start of the
// window the measurement is taken in). Pure numbers, so the plan is tested without a clock.

/** Wait after the first burst's last response beyond one window, as a share of the window. */
export const SETTLE_SHARE = 0.05;

/** A recovery within this share of the window either side of it passes. */
export const RECOVERY_TOLERANCE = 0.1;

/** Recovery probes: from 0.8 to 1.5 windows, every 5 % of the window. */
export const PROBE_FROM_SHARE = 0.8;
export const PROBE_UNTIL_SHARE = 1.5;
export const PROBE_STEP_SHARE = 0.05;

/** A limit looser than this many times the expected one is reported as missing. */
export const CAP_FACTOR = 10;

/** The sustained phase offers this many times the limit over one window. */
export const SUSTAINED_FACTOR = 1.5;

/** How long to wait after the first burst so that every window it touched has ended. */
export function settleMs(windowMs: number): number {
  return Math.round(windowMs * SETTLE_SHARE);
}

/** When the recovery probes go out, from 0.8 to 1.5 windows after the clean burst started. */
export function probeOffsetsMs(windowMs: number): number[] {
  const steps = Math.round((PROBE_UNTIL_SHARE - PROBE_FROM_SHARE) / PROBE_STEP_SHARE);
  return Array.from({ length: steps + 1 }, (_, i) =>
    Math.round(windowMs * (PROBE_FROM_SHARE + i * PROBE_STEP_SHARE)),
  );
}

/** Requests the clean burst may send at most before the limit counts as missing. */
export function requestCap(limit: number, margin: number): number {
  return Math.max(limit + margin, limit * CAP_FACTOR);
}

/** The sustained phase: `ceil(1.5 x limit)` requests evenly spread over one window. */
export function sustainedOffsetsMs(limit: number, windowMs: number): number[] {
  const count = Math.ceil(limit * SUSTAINED_FACTOR);
  return Array.from({ length: count }, (_, i) => Math.floor((i * windowMs) / count));
}

/**
 * The longest the check can take after setup: the first burst, a window and the settle time,
 * the probes up to 1.5 windows, and a minute of slack for slow responses.
 */
export function maxCheckDurationMs(windowMs: number): number {
  return Math.ceil(windowMs * (1 + SETTLE_SHARE + PROBE_UNTIL_SHARE)) + 60_000;
}
