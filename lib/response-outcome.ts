// How one polling response counts: success, rate limited, error, connection error.

import { type ErrorCodeTag, errorCodeTag, type StatusTag, statusTag } from './metric-names';

export interface ResponseOutcome {
  status: StatusTag;
  /** A 2xx answer. */
  ok: boolean;
  /** A 429 from the server's rate limiter. */
  rateLimited: boolean;
  /** Failed for a reason other than rate limiting (non-2xx, or no answer at all). */
  error: boolean;
  /** The k6 error code tag when no answer arrived (status 0). */
  connectionError: ErrorCodeTag | undefined;
}

export function classifyResponse(status: number, errorCode: number | undefined): ResponseOutcome {
  const ok = status >= 200 && status < 300;
  const rateLimited = status === 429;
  return {
    status: statusTag(status),
    ok,
    rateLimited,
    error: !ok && !rateLimited,
    connectionError: status === 0 ? errorCodeTag(errorCode) : undefined,
  };
}
