// The 429s a path gets under the backend's limiter (docs/backend.md): a fixed window of
// `windowMs` that starts at the first request on the key (not aligned to the clock); refused
// requests count but do not extend the window. Request times come from the load model's schedule.

import type { PollConfig } from '../../lib/poll/config';
import { userPhaseMs } from '../../lib/poll/load-model';

export function fixedWindowRefusals(
  timesMs: readonly number[],
  limit: number,
  windowMs: number,
): number {
  const sorted = [...timesMs].sort((a, b) => a - b);
  let windowStart = Number.NEGATIVE_INFINITY;
  let used = 0;
  let refused = 0;
  for (const t of sorted) {
    if (t >= windowStart + windowMs) {
      windowStart = t;
      used = 0;
    }
    used++;
    if (used > limit) refused++;
  }
  return refused;
}

/** When the users of one shared room poll it: each user's phase plus whole intervals. */
export function sharedRoomPollTimes(c: PollConfig): number[] {
  const times: number[] = [];
  for (let user = 0; user < c.users; user++) {
    for (let t = userPhaseMs(c, user); t < c.durationMs; t += c.pollIntervalMs) times.push(t);
  }
  return times;
}
