// How one polling response counts: success, rate limited, error, connection error.

import { type ErrorCodeTag, errorCodeTag, type StatusTag, statusTag } from './metric-names';

export interface ResponseOutcome {
  readonly status: StatusTag;
  /** A 2xx answer. */
  readonly ok: boolean;
  /** A 429 from the server's rate limiter. */
  readonly rateLimited: boolean;
  /** Failed for a reason other than rate limiting (non-2xx, or no answer at all). */
  readonly error: boolean;
  /** The k6 error code tag when no answer arrived (status 0). */
  readonly connectionError: ErrorCodeTag | undefined;
}

function classify(status: number, errorCode: number | undefined): ResponseOutcome {
  const ok = status >= 200 && status < 300;
  const rateLimited = status === 429;
  return Object.freeze({
    status: statusTag(status),
    ok,
    rateLimited,
    error: !ok && !rateLimited,
    connectionError: status === 0 ? errorCodeTag(errorCode) : undefined,
  });
}

/**
 * The statuses that are not errors, in `http.expectedStatuses` form: 2xx, and 429 (the
 * server's limit, counted apart). A measured request's response callback expects them, so k6's
 * own `http_req_failed` of those requests is their error rate (`error` above), without a
 * sample of the script's own per response.
 */
export const NOT_ERROR_STATUSES = [{ min: 200, max: 299 }, 429] as const;

/** Outcomes already built, by status, and by minus the k6 error code for status 0. */
const known = new Map<number, ResponseOutcome>();

/** How a response counts. The result is shared and frozen: classifying costs no allocation. */
export function classifyResponse(status: number, errorCode: number | undefined): ResponseOutcome {
  const key = status === 0 ? -(errorCode ?? 0) : status;
  let outcome = known.get(key);
  if (outcome === undefined) {
    outcome = classify(status, errorCode);
    known.set(key, outcome);
  }
  return outcome;
}
