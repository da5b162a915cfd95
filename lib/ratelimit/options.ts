// The k6 options of the rate-limit check: one VU, one iteration (the check paces itself), a
// maxDuration derived from the window, and thresholds that make any failed check exit 99.

import { formatDurationMs } from '../env';
import type { RateLimitConfig } from './config';
import { ENDPOINT_LABELS } from './endpoints';
import { rateLimitThresholds } from './metrics';
import { maxCheckDurationMs } from './schedule';

/** Requests k6 sends in parallel per batch; a burst of a few hundred goes out in a few rounds. */
export const PARALLEL_REQUESTS = 50;

/** Rooms setup creates: the measured one, one for isolation, one for the sustained load. */
export function rateLimitRoomCount(config: Pick<RateLimitConfig, 'sustained'>): number {
  return config.sustained ? 3 : 2;
}

export function rateLimitOptions(config: RateLimitConfig) {
  return {
    scenarios: {
      ratelimit: {
        executor: 'per-vu-iterations' as const,
        vus: 1,
        iterations: 1,
        maxDuration: formatDurationMs(maxCheckDurationMs(config.windowMs)),
      },
    },
    thresholds: rateLimitThresholds(config.endpoints.map((e) => e.endpoint)),
    batch: PARALLEL_REQUESTS,
    batchPerHost: PARALLEL_REQUESTS,
    cloud: {
      name: `ClaudeWorld rate limits: ${config.endpoints.map((e) => `${ENDPOINT_LABELS[e.endpoint]} ${e.limit}`).join(', ')}`,
    },
  };
}
