// Response builders with the bodies FastAPI and Starlette produce: compact JSON
// (separators `,` and `:`), `content-type: application/json` without a charset.

import type { CoreResponse } from './types';

export function json(status: number, body: unknown): CoreResponse {
  return jsonText(status, JSON.stringify(body));
}

/** A body that is already JSON text (a cached serialization). */
export function jsonText(status: number, body: string): CoreResponse {
  return { status, headers: { 'content-type': 'application/json' }, body, delayMs: 0 };
}

/** An HTTPException: `{"detail": ...}`. */
export function detail(status: number, message: unknown): CoreResponse {
  return json(status, { detail: message });
}

export function text(status: number, body: string): CoreResponse {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body, delayMs: 0 };
}

export const UNAUTHORIZED = 'Invalid or missing authentication token';
export const ADMIN_ONLY =
  'This action requires admin privileges. Guests can chat but cannot modify rooms, agents, or messages.';
export const NO_ACCESS = 'You do not have access to this room';

/** What Starlette answers for an unhandled exception (and what injected faults return). */
export function internalServerError(): CoreResponse {
  return text(500, 'Internal Server Error');
}
