// The k6 options of the poll scenario, derived from its configuration and thresholds.json.

import { ROOM_BATCH_SIZE } from '../backend';
import { formatDurationMs } from '../env';
import { METRIC, reportedSubMetricKeys, roomBreakdownCount } from '../metric-names';
import { parseThresholds, type Thresholds, withDeclaredSubMetrics } from '../thresholds';
import { type PollConfig, roomCount } from './config';
import { usersPerBatch, vuCount } from './load-model';

/** Metrics thresholds.json may gate: the scenario's own and k6's built-in ones. */
export const GATEABLE_METRICS: readonly string[] = [
  ...Object.values(METRIC),
  'http_reqs',
  'http_req_duration',
  'http_req_failed',
  'http_req_waiting',
  'data_received',
  'data_sent',
  'iterations',
  'iteration_duration',
  'checks',
];

/** Trend stats the report prints (k6's default lacks p(99)); `--summary-trend-stats` may override. */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)'];

/** Time setup or teardown may take: a minute plus 2 s per batch of rooms. */
export function roomPhaseTimeout(rooms: number): string {
  return formatDurationMs(60_000 + Math.ceil(rooms / ROOM_BATCH_SIZE) * 2000);
}

/** Requests a VU sends at once: a round of its users (START_PHASE=burst), at most a batch. */
export function largestPollBatch(config: PollConfig): number {
  const users = Math.min(Math.ceil(config.users / vuCount(config)), usersPerBatch(config));
  return users * config.rooms * 2;
}

export function pollThresholds(config: PollConfig, rawGates: unknown): Thresholds {
  const gates = parseThresholds('thresholds.json', rawGates, GATEABLE_METRICS);
  return withDeclaredSubMetrics(
    gates,
    reportedSubMetricKeys(roomBreakdownCount(roomCount(config))),
  );
}

export function pollOptions(config: PollConfig, rawGates: unknown) {
  const rooms = roomCount(config);
  const batch = Math.max(ROOM_BATCH_SIZE, largestPollBatch(config));
  return {
    scenarios: {
      poll: {
        executor: 'constant-vus' as const,
        vus: vuCount(config),
        duration: formatDurationMs(config.durationMs),
        // The last polls are due just before the end; let their answers arrive.
        gracefulStop: '10s',
      },
    },
    thresholds: pollThresholds(config, rawGates),
    summaryTrendStats: SUMMARY_TREND_STATS,
    setupTimeout: roomPhaseTimeout(rooms),
    teardownTimeout: roomPhaseTimeout(rooms),
    batch,
    batchPerHost: batch,
    cloud: {
      name: `ClaudeWorld poll: ${config.users} users x ${config.rooms} rooms (${config.roomMode})`,
    },
  };
}
