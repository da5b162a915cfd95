// What plain k6 can tell of a stream once its Promise settles (docs/clients.md, "What k6 sees
// of a stream"). The stream request is sent with `throw: true`: a stream held to its timeout
// then rejects with k6's error 1050 instead of resolving, and k6 logs no "Request Failed" line
// for it (it logs one for every failed request it does not throw; measured in k6 1.3.0 and
// 2.2.0, lib/netext/httpext/request.go). Such a stream's body is not handed to the script.
// Pure: the VU passes the settled value.

import { STATUS_TAGS, type StatusTag, statusTag } from '../metric-names';

/**
 * - `held`: it got its 200 and stayed open until its timeout, the end of the run;
 * - `ended`: it got its 200 and the server ended it earlier (k6 read its body);
 * - `refused`: the server answered with another status (401 bad ticket, 503 full...);
 * - `failed`: no answer at all (connection refused or reset, nothing before the timeout).
 */
export const STREAM_OUTCOMES = ['held', 'ended', 'refused', 'failed'] as const;
export type StreamOutcome = (typeof STREAM_OUTCOMES)[number];

/** k6's code of a request timeout: a stream that got its headers and was held to its timeout. */
const TIMEOUT_CODE = 1050;

export interface SettledStream {
  readonly outcome: StreamOutcome;
  /** The answer's status tag for a refused stream. */
  readonly refusal: StatusTag | undefined;
  /** The body k6 handed over (ended and refused streams); null otherwise. */
  readonly body: string | null;
}

/** A resolved stream request: the server answered and the answer ended. */
export function resolvedStream(status: number, body: unknown): SettledStream {
  const text = typeof body === 'string' ? body : null;
  if (status === 200) return { outcome: 'ended', refusal: undefined, body: text };
  if (status === 0) return { outcome: 'failed', refusal: undefined, body: null };
  return { outcome: 'refused', refusal: statusTag(status), body: text };
}

/**
 * A rejected stream request (`throw: true`): k6's error 1050 ("request timeout") after the
 * headers arrived is a stream held to its timeout; any other error (a Go url.Error without
 * a code: refused, reset, no headers before the timeout) is a stream that failed.
 */
export function rejectedStream(error: unknown): SettledStream {
  // k6 hands the Go error over as an object whose `code` is a Go value (typeof 'object' in
  // k6 1.3.0 and 2.2.0): only its number compares.
  const code = Number((error as { code?: unknown } | null | undefined)?.code);
  return { outcome: code === TIMEOUT_CODE ? 'held' : 'failed', refusal: undefined, body: null };
}

/** Connected streams: the client's onopen fired. */
export function connected(outcome: StreamOutcome): boolean {
  return outcome === 'held' || outcome === 'ended';
}

/** SSE frame kinds counted in the bodies k6 reads: the two the idle server sends, and the rest. */
export const FRAME_KINDS = ['keepalive', 'ping', 'other'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/**
 * The frames of a stream body, by kind: `keepalive` events, `ping` comments (`: ping - ...`),
 * and every other frame (`connected`, agent output). Frames end in an empty line (CRLF or LF).
 * Runs once per stream that ends, never per request.
 */
export function countFrames(body: string): Record<FrameKind, number> {
  const counts: Record<FrameKind, number> = { keepalive: 0, ping: 0, other: 0 };
  for (const frame of body.split(/\r?\n\r?\n/)) {
    if (frame.trim() === '') continue;
    if (frame.startsWith(':')) counts.ping++;
    else if (/^event: keepalive\r?$/m.test(frame)) counts.keepalive++;
    else counts.other++;
  }
  return counts;
}

/** The refusal statuses a report breaks down (every status tag but 200). */
export const REFUSAL_TAGS: readonly StatusTag[] = STATUS_TAGS.filter(
  (s) => s !== '200' && s !== 'connection_error',
);
