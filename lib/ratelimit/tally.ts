// Counting what a rate-limited path answered: accepted (2xx), refused (429, with its body
// checked against the limiter's text) or anything else. Pure, fed by the check's procedure.

import { parseJsonBody, type SeamResponse } from '../http-seam';

export interface Tally {
  sent: number;
  /** 2xx answers. */
  accepted: number;
  /** 429 answers. */
  rejected: number;
  /** Anything else, connection errors included. */
  other: number;
  /** Every 429 body was exactly the expected one; undefined before the first 429. */
  bodyOk: boolean | undefined;
  /** The limit a 429 body names (`... exceeded: 90 per 1 minute` -> 90), from the first 429. */
  bodyLimit: number | undefined;
  /** The first 429 body that differs from the expected one, for the log. */
  wrongBody: string | null | undefined;
}

export function emptyTally(): Tally {
  return {
    sent: 0,
    accepted: 0,
    rejected: 0,
    other: 0,
    bodyOk: undefined,
    bodyLimit: undefined,
    wrongBody: undefined,
  };
}

export function isAccepted(status: number): boolean {
  return status >= 200 && status < 300;
}

/** The `error` text of a 429 body, when the body is `{"error": "<text>"}` and nothing else. */
export function rejectionText(body: string | null): string | undefined {
  const parsed = parseJsonBody(body);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const record = parsed as Record<string, unknown>;
  const keys = Object.keys(record);
  return keys.length === 1 && typeof record.error === 'string' ? record.error : undefined;
}

/** The limit a rejection text names: `Rate limit exceeded: 90 per 1 minute` -> 90. */
export function limitNamedIn(text: string | undefined): number | undefined {
  const match = /^Rate limit exceeded: (\d+) per /.exec(text ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** Adds one response to `tally` (mutates it); `expectedText` is the 429 body's `error`. */
export function countResponse(tally: Tally, response: SeamResponse, expectedText: string): void {
  tally.sent += 1;
  if (isAccepted(response.status)) {
    tally.accepted += 1;
    return;
  }
  if (response.status !== 429) {
    tally.other += 1;
    return;
  }
  tally.rejected += 1;
  const text = rejectionText(response.body);
  if (tally.bodyLimit === undefined) tally.bodyLimit = limitNamedIn(text);
  const ok = text === expectedText;
  tally.bodyOk = (tally.bodyOk ?? true) && ok;
  if (!ok && tally.wrongBody === undefined) tally.wrongBody = response.body;
}
