// Known capacity and rate-limit runs for the HTML pages: handleSummary data as k6 hands it
// over (a capacity run whose knee is at step 7, a rate-limit check with one endpoint off),
// rendered into the files the scenarios write. Used by the browser tests and the README's
// screenshots.

import { parseCapacityConfig, publicCapacityConfig } from '../../lib/capacity/config';
import { capacityGates } from '../../lib/capacity/gates';
import { renderCapacitySummaryFiles } from '../../lib/capacity/summary-files';
import { parseRateLimitConfig } from '../../lib/ratelimit/config';
import {
  OBSERVATION_FIELDS,
  observationFields,
  observationKey,
  rateLimitThresholds,
} from '../../lib/ratelimit/metrics';
import type { EndpointObservation } from '../../lib/ratelimit/observation';
import { renderRateLimitSummaryFiles } from '../../lib/ratelimit/report';
import { emptyTally } from '../../lib/ratelimit/tally';
import type { SummaryData, SummaryMetric } from '../../lib/summary-data';

const ENDED_AT = Date.UTC(2026, 11, 1, 9, 30, 0);

const counter = (count: number): SummaryMetric => ({
  type: 'counter',
  contains: 'default',
  values: { count, rate: 0 },
});

/** 8 steps of 10 users each; latency climbs, the gate p(95)<500 fails from step 7 on. */
export function capacityPageFiles(): Record<string, string> {
  const config = parseCapacityConfig({
    PASSWORD: 'x',
    START_USERS: '10',
    STEP_USERS: '10',
    MAX_USERS: '80',
    ROOMS: '1',
    POLL_INTERVAL: '1s',
    STEP_DURATION: '20s',
    STOP_ON_FAIL: 'false',
  });
  const gates = capacityGates({ cw_latency: ['p(95)<500'], cw_errors: ['rate<0.01'] }, config);
  const metrics: Record<string, SummaryMetric> = {};
  [30, 35, 42, 55, 90, 210, 480, 900].forEach((p50, i) => {
    const users = 10 * (i + 1);
    const requests = users * 2 * 20 * (i > 6 ? 0.9 : 1);
    const errors = i > 5 ? requests * 0.004 * (i - 4) : 0;
    // Steps are numbered from 1 (step_1 the first).
    const tag = `{scenario:step_${i + 1}}`;
    metrics[`cw_requests${tag}`] = counter(requests);
    metrics[`cw_latency${tag}`] = {
      type: 'trend',
      contains: 'time',
      values: { med: p50, 'p(95)': p50 * 2.1, 'p(99)': p50 * 3 },
    };
    metrics[`cw_errors${tag}`] = {
      type: 'rate',
      contains: 'default',
      values: { rate: errors / requests, passes: errors, fails: requests - errors },
    };
    metrics[`cw_rate_limited${tag}`] = counter(0);
    metrics[`cw_schedule_lag${tag}`] = {
      type: 'trend',
      contains: 'time',
      values: { med: 1, 'p(95)': 3 + i * 2, 'p(99)': 9 },
    };
    metrics[`cw_bytes_received${tag}`] = { ...counter(requests * 200), contains: 'data' };
  });
  const data: SummaryData = {
    metrics,
    options: { summaryTrendStats: ['med', 'p(95)', 'p(99)'] },
    state: { testRunDurationMs: 163_000 },
  };
  return renderCapacitySummaryFiles(data, {
    config: publicCapacityConfig(config),
    gates,
    roomIds: [3],
    endedAtMs: ENDED_AT,
    k6Version: '2.2.0',
  });
}

function observation(
  endpoint: 'poll' | 'agents',
  limit: number,
  accepted: number,
  recoveryMs: number,
): EndpointObservation {
  const sent = limit + 6;
  return {
    endpoint,
    firstWindow: { ...emptyTally(), sent, accepted: limit - 3, rejected: 9 },
    cleanWindow: {
      ...emptyTally(),
      sent,
      accepted,
      rejected: sent - accepted,
      bodyOk: accepted < sent ? true : undefined,
      bodyLimit: accepted < sent ? limit : undefined,
    },
    cleanSpanMs: 420,
    isolationStatus: 200,
    recoveryMs,
    probedUntilMs: recoveryMs,
    sustained: undefined,
  };
}

/** A 5 s window check: messages/poll holds 60, chatting-agents lets 126 through (no 429). */
export function rateLimitPageFiles(): Record<string, string> {
  const config = parseRateLimitConfig({ PASSWORD: 'x', WINDOW: '5s' });
  const metrics: Record<string, SummaryMetric> = {};
  for (const key of Object.keys(rateLimitThresholds(['poll', 'agents']))) {
    metrics[key] = key.startsWith('ratelimit_observation')
      ? { type: 'gauge', contains: 'default', values: { value: 0, min: 0, max: 0 } }
      : { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 0 } };
  }
  metrics.ratelimit_endpoints_checked = counter(2);
  for (const o of [observation('poll', 60, 60, 5100), observation('agents', 120, 126, 5050)]) {
    const fields = observationFields(o);
    for (const field of OBSERVATION_FIELDS) {
      const value = fields[field];
      metrics[observationKey(o.endpoint, field)] = {
        type: 'gauge',
        contains: 'default',
        values: { value, min: value, max: value },
      };
    }
  }
  const data: SummaryData = {
    metrics,
    options: { summaryTrendStats: [] },
    state: { testRunDurationMs: 14_000 },
  };
  return renderRateLimitSummaryFiles(data, config, { endedAtMs: ENDED_AT, k6Version: '1.3.0' });
}
