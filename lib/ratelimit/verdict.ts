// Pass or fail per endpoint and check, from what was observed. Every failure reason names the
// endpoint and both numbers: `messages/poll: measured 90 per window, expected 60 (30 too loose)`.

import { ENDPOINT_LABELS, expectedRejection } from './endpoints';
import type { EndpointObservation } from './observation';
import { RECOVERY_TOLERANCE, requestCap, settleMs } from './schedule';

export const CHECKS = ['limit', 'body', 'isolation', 'recovery', 'sustained'] as const;
export type CheckName = (typeof CHECKS)[number];

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  /** One line: what was seen, against what was expected. */
  detail: string;
}

export interface EndpointVerdict {
  endpoint: EndpointObservation['endpoint'];
  expectedLimit: number;
  /** Accepted in the clean window; with no 429 at all, a lower bound. */
  measuredLimit: number;
  /** No 429 came in the clean window: the measured number is only a lower bound. */
  limitMissing: boolean;
  /** Requests an earlier run had already used in the first window, when it was partly used. */
  firstWindowUsed: number;
  checks: CheckResult[];
  passed: boolean;
}

export interface VerdictInput {
  limit: number;
  margin: number;
  windowMs: number;
}

function seconds(ms: number): string {
  return `${Math.round(ms) / 1000} s`;
}

/**
 * Every request of the "clean" burst was refused although the first burst got some through:
 * the window the first burst began had not ended, so the server's window is longer than WINDOW.
 */
function windowOverrun(o: EndpointObservation): boolean {
  return o.cleanWindow.accepted === 0 && o.cleanWindow.rejected > 0 && o.firstWindow.accepted > 0;
}

function limitCheck(o: EndpointObservation, e: VerdictInput, label: string): CheckResult {
  const t = o.cleanWindow;
  if (t.other > 0) {
    return {
      check: 'limit',
      status: 'fail',
      detail: `${label}: ${t.other} of ${t.sent} requests answered neither 2xx nor 429; cannot measure the limit (expected ${e.limit})`,
    };
  }
  if (o.cleanSpanMs >= e.windowMs) {
    return {
      check: 'limit',
      status: 'fail',
      detail: `${label}: the burst took ${seconds(o.cleanSpanMs)}, longer than the ${seconds(e.windowMs)} window; cannot measure the limit (expected ${e.limit})`,
    };
  }
  if (windowOverrun(o)) {
    return {
      check: 'limit',
      status: 'fail',
      detail: `${label}: every request refused ${seconds(e.windowMs + settleMs(e.windowMs))} after the first burst, expected ${e.limit} accepted: the server's window is longer than ${seconds(e.windowMs)}`,
    };
  }
  if (t.rejected === 0) {
    return {
      check: 'limit',
      status: 'fail',
      detail: `${label}: no 429 in ${t.sent} requests within one window (cap ${requestCap(e.limit, e.margin)}), expected ${e.limit}: limit missing`,
    };
  }
  const difference = t.accepted - e.limit;
  if (difference === 0) {
    return {
      check: 'limit',
      status: 'pass',
      detail: `${label}: measured ${t.accepted} per window, expected ${e.limit}`,
    };
  }
  return {
    check: 'limit',
    status: 'fail',
    detail: `${label}: measured ${t.accepted} per window, expected ${e.limit} (${Math.abs(difference)} too ${difference > 0 ? 'loose' : 'strict'})`,
  };
}

function bodyCheck(o: EndpointObservation, e: VerdictInput, label: string): CheckResult {
  const expected = JSON.stringify({ error: expectedRejection(e.limit, e.windowMs) });
  const t = o.cleanWindow;
  if (t.bodyOk === undefined)
    return { check: 'body', status: 'skip', detail: `${label}: no 429 to check` };
  if (t.bodyOk)
    return { check: 'body', status: 'pass', detail: `${label}: 429 body is ${expected}` };
  const named =
    t.bodyLimit === undefined || t.bodyLimit === e.limit
      ? 'is not'
      : `names a limit of ${t.bodyLimit}, expected`;
  return { check: 'body', status: 'fail', detail: `${label}: 429 body ${named} ${expected}` };
}

function isolationCheck(o: EndpointObservation, label: string): CheckResult {
  if (o.isolationStatus === undefined) {
    return { check: 'isolation', status: 'skip', detail: `${label}: one path for every client` };
  }
  if (o.cleanWindow.rejected === 0) {
    return {
      check: 'isolation',
      status: 'skip',
      detail: `${label}: the first path was never exhausted`,
    };
  }
  if (o.isolationStatus >= 200 && o.isolationStatus < 300) {
    return {
      check: 'isolation',
      status: 'pass',
      detail: `${label}: another room's path answered ${o.isolationStatus} while the first was exhausted`,
    };
  }
  return {
    check: 'isolation',
    status: 'fail',
    detail: `${label}: another room's path answered ${o.isolationStatus} while the first was exhausted, expected 200 (the limit must be per path)`,
  };
}

function recoveryCheck(o: EndpointObservation, e: VerdictInput, label: string): CheckResult {
  if (o.cleanWindow.rejected === 0) {
    return {
      check: 'recovery',
      status: 'skip',
      detail: `${label}: never refused, nothing to recover from`,
    };
  }
  const window = seconds(e.windowMs);
  if (windowOverrun(o)) {
    return {
      check: 'recovery',
      status: 'fail',
      detail: `${label}: the window begun by the first burst had not ended after ${seconds(e.windowMs + settleMs(e.windowMs))}: window too long`,
    };
  }
  if (o.recoveryMs === undefined) {
    return {
      check: 'recovery',
      status: 'fail',
      detail: `${label}: still refused ${seconds(o.probedUntilMs)} after the window started, expected accepted again after ${window}: no recovery`,
    };
  }
  const early = o.recoveryMs < e.windowMs * (1 - RECOVERY_TOLERANCE);
  const late = o.recoveryMs > e.windowMs * (1 + RECOVERY_TOLERANCE);
  const measured = `accepted again after ${seconds(o.recoveryMs)}, expected after ${window}`;
  if (early)
    return {
      check: 'recovery',
      status: 'fail',
      detail: `${label}: ${measured} (window too short)`,
    };
  if (late)
    return { check: 'recovery', status: 'fail', detail: `${label}: ${measured} (window too long)` };
  return { check: 'recovery', status: 'pass', detail: `${label}: ${measured}` };
}

function sustainedCheck(o: EndpointObservation, e: VerdictInput, label: string): CheckResult {
  if (o.sustained === undefined)
    return { check: 'sustained', status: 'skip', detail: `${label}: not run` };
  const { sent, accepted } = o.sustained;
  const detail = `${label}: ${sent} requests spread over one window, ${accepted} accepted, expected ${e.limit}`;
  return { check: 'sustained', status: accepted === e.limit ? 'pass' : 'fail', detail };
}

/** The verdict on one endpoint's observation against its expected limit and window. */
export function judgeEndpoint(o: EndpointObservation, e: VerdictInput): EndpointVerdict {
  const label = ENDPOINT_LABELS[o.endpoint];
  const checks = [
    limitCheck(o, e, label),
    bodyCheck(o, e, label),
    isolationCheck(o, label),
    recoveryCheck(o, e, label),
    sustainedCheck(o, e, label),
  ];
  const measured = o.cleanWindow.accepted;
  return {
    endpoint: o.endpoint,
    expectedLimit: e.limit,
    measuredLimit: measured,
    limitMissing: o.cleanWindow.rejected === 0,
    firstWindowUsed:
      o.cleanWindow.rejected > 0
        ? Math.max(0, Math.min(measured, o.firstWindow.sent) - o.firstWindow.accepted)
        : 0,
    checks,
    passed: checks.every((c) => c.status !== 'fail'),
  };
}
