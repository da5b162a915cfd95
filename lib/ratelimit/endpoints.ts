// The rate-limited endpoints of the backend (docs/backend.md) as this check sends them: the polled
// ones of the table of endpoints (lib/endpoints.ts), then send and login; the path each
// request hits (the limiter keys on client IP + exact path), its method and body, and the 429
// body the limiter answers with.

import {
  ENDPOINTS,
  endpointPath,
  RATE_LIMITED_ENDPOINTS as POLLED_LIMITED_ENDPOINTS,
  type RateLimitedEndpoint as PolledLimitedEndpoint,
} from '../endpoints';
import type { HttpMethod } from '../http-seam';

/** The check's endpoints, in the order it checks them: the polled ones, send, login. */
export type RateLimitedEndpoint = PolledLimitedEndpoint | 'send' | 'login';
export const RATE_LIMITED_ENDPOINTS: readonly RateLimitedEndpoint[] = [
  ...POLLED_LIMITED_ENDPOINTS,
  'send',
  'login',
];

/** How reports name an endpoint: the last part of its path. */
export const ENDPOINT_LABELS: Readonly<Record<RateLimitedEndpoint, string>> = {
  poll: 'messages/poll',
  agents: 'chatting-agents',
  send: 'messages/send',
  login: 'auth/login',
};

/** The path one request hits; `login` has one path for everyone, so no room. */
export function rateLimitedPath(endpoint: RateLimitedEndpoint, roomId: number | string): string {
  switch (endpoint) {
    case 'send':
      return `/rooms/${roomId}/messages/send`;
    case 'login':
      return '/auth/login';
    default:
      return endpointPath(endpoint, roomId);
  }
}

/** Whether a second room's path is a separate bucket (login has only one path). */
export function hasRoomPaths(endpoint: RateLimitedEndpoint): boolean {
  if (endpoint === 'login') return false;
  return endpoint === 'send' || ENDPOINTS[endpoint].scope === 'room';
}

export function endpointMethod(endpoint: RateLimitedEndpoint): HttpMethod {
  return endpoint === 'send' || endpoint === 'login' ? 'POST' : ENDPOINTS[endpoint].method;
}

/** The `name` tag that groups a dynamic path into one time series: `/rooms/{id}/messages/poll`. */
export function endpointNameTag(endpoint: RateLimitedEndpoint): string {
  return rateLimitedPath(endpoint, '{id}');
}

const WINDOW_UNITS: readonly [ms: number, name: string][] = [
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1000, 'second'],
  [1, 'millisecond'],
];

/**
 * The limit as the limiter prints it (`60 per 1 minute`): the `limits` library writes the
 * window in the largest unit that divides it (`per 2 second`, `per 90 second`).
 */
export function limitText(limit: number, windowMs: number): string {
  const [unitMs, name] = WINDOW_UNITS.find(([ms]) => windowMs % ms === 0) ?? [1, 'millisecond'];
  return `${limit} per ${windowMs / unitMs} ${name}`;
}

/** The `error` of the 429 body: `Rate limit exceeded: 60 per 1 minute`. */
export function expectedRejection(limit: number, windowMs: number): string {
  return `Rate limit exceeded: ${limitText(limit, windowMs)}`;
}
