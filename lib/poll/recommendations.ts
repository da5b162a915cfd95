// The report's verdict: the old tool's checks (rate limiting, p95 > 1 s, error rate > 1 %,
// else all good) plus concrete advice from the rate-limit model.

import { formatFixed, formatInt, formatMs, formatPercent } from '../format';
import type { PollFigures, RateLimitFigures, Recommendation } from './summary-schema';

const HIGH_LATENCY_MS = 1000;
const HIGH_ERROR_PERCENT = 1;

/** The env variable that sets an endpoint's limit in the model. */
const LIMIT_ENV = { poll: 'LIMIT_POLL', agents: 'LIMIT_AGENTS' } as const;

/** `4 s`, `2.5 s`: an interval as a person would write it. */
function secondsText(ms: number): string {
  return `${formatFixed(ms / 1000, 3).replace(/\.?0+$/, '')} s`;
}

/** `a or b`, `a, b, or c`. */
function oneOf(options: readonly string[]): string {
  if (options.length < 3) return options.join(' or ');
  return `${options.slice(0, -1).join(', ')}, or ${options[options.length - 1]}`;
}

/** What to change so that each path stays under its limit. */
function overLimitAdvice(f: Omit<PollFigures, 'recommendations'>, r: RateLimitFigures): string {
  const { config } = f;
  const received = f.status.requestsMade ? r.achievedBusiestPerMinute : null;
  const planned = formatInt(r.plannedPerPathPerMinute);
  const what =
    received === null
      ? `Each ${r.pathTemplate} path is planned to get ${planned} requests/min`
      : `Each ${r.pathTemplate} path got ${formatInt(received)} requests/min (planned ${planned})`;
  const maxUsersPerRoom = Math.floor((r.limitPerMinute * config.pollIntervalMs) / 60_000);
  const options: string[] = [];
  if (config.roomMode === 'shared' && maxUsersPerRoom >= 1) {
    options.push(
      `use fewer users per room (at most ${maxUsersPerRoom} at a ${secondsText(config.pollIntervalMs)} interval)`,
    );
  }
  if (config.roomMode === 'shared') options.push('ROOM_MODE=per-user');
  if (config.roomMode === 'per-user' || maxUsersPerRoom < 1) {
    const minIntervalMs = (60_000 * f.loadPlan.usersPerRoom) / r.limitPerMinute;
    options.push(`POLL_INTERVAL of at least ${secondsText(minIntervalMs)}`);
  }
  options.push('several source IPs with k6 --local-ips');
  return `${what} from one IP; the server allows ${formatInt(r.limitPerMinute)}: ${oneOf(options)}`;
}

/** 429s the model does not explain: the limit is lower than configured, or the IP is shared. */
function unexplainedLimitAdvice(r: RateLimitFigures): string {
  return (
    `${r.pathTemplate} got ${formatInt(r.rateLimited)} 429s although each path stays under ` +
    `${formatInt(r.limitPerMinute)} requests/min: another client shares this IP, or the ` +
    `server's limit is lower (set ${LIMIT_ENV[r.endpoint]})`
  );
}

export function recommendations(f: Omit<PollFigures, 'recommendations'>): Recommendation[] {
  const warnings: string[] = [];
  const { requests, latency } = f;
  if (!f.status.setupCompleted) {
    warnings.push('Setup failed: check BASE_URL, the password and the error above, then rerun');
  } else if (!f.status.requestsMade) {
    warnings.push('No polling requests were made: the run ended before the first poll');
  }
  if (requests.rateLimited > 0) {
    warnings.push(
      `Rate limiting detected: ${formatInt(requests.rateLimited)} requests got HTTP 429`,
    );
  }
  if (latency.p95Ms !== null && latency.p95Ms > HIGH_LATENCY_MS) {
    warnings.push(`High latency: p95 is ${formatMs(latency.p95Ms)} (over 1 s)`);
  }
  if (requests.errorPercent !== null && requests.errorPercent > HIGH_ERROR_PERCENT) {
    warnings.push(
      `High error rate: ${formatPercent(requests.errorPercent)} of requests failed (429s not counted)`,
    );
  }
  const failedThresholds = f.thresholds.filter((t) => !t.passed).length;
  if (failedThresholds > 0) {
    warnings.push(
      `${formatInt(failedThresholds)} of ${formatInt(f.thresholds.length)} thresholds failed`,
    );
  }
  for (const r of f.rateLimits) {
    if (r.overLimit) warnings.push(overLimitAdvice(f, r));
    else if (r.rateLimited > 0) warnings.push(unexplainedLimitAdvice(r));
  }
  if (warnings.length > 0) return warnings.map((text) => ({ level: 'warning', text }));
  return [
    { level: 'ok', text: 'System performing well under this load' },
    { level: 'ok', text: 'Low latency, no errors, no rate limiting' },
  ];
}
