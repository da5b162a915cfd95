// What every handler shares: the server state, the call a handler gets, and the checks the
// backend runs in the same order on many routes (validation, rate limit, injected fault,
// room and world access).

import { expectedRejection } from '../lib/ratelimit/endpoints';
import type { Activity } from './activity';
import type { Identity, Sessions } from './auth';
import type { Faults } from './faults';
import type { LimitedEndpoint, ServerOptions } from './options';
import type { FixedWindowLimiter } from './rate-limiter';
import { detail, internalServerError, json, NO_ACCESS } from './responses';
import type { Route } from './routes';
import type { EventCounts, RequestStats, StandInStats } from './stats';
import type { Room, Store, World } from './store';
import type { StreamHub } from './streams';
import type { TicketBook } from './tickets';
import type { CoreRequest, CoreResponse } from './types';
import { intParam, type ValidationError } from './validation';

export interface StandInState {
  options: ServerOptions;
  store: Store;
  sessions: Sessions;
  limiter: FixedWindowLimiter;
  activity: Activity;
  faults: Faults;
  stats: RequestStats;
  counts: EventCounts;
  tickets: TicketBook;
  streams: StreamHub;
  /** What GET /_stats answers. */
  statsSnapshot(): StandInStats;
}

export interface RouteCall {
  route: Route;
  req: CoreRequest;
  /** Undefined only on public routes. */
  identity: Identity | undefined;
  /** The raw `{id}` segment of the path ('' when the route has none). */
  pathId: string;
  now: number;
}

export function unprocessable(errors: ValidationError[]): CoreResponse {
  return detail(422, errors);
}

export function isResponse<T extends object>(value: T | CoreResponse): value is CoreResponse {
  return 'status' in value && 'delayMs' in value;
}

/** slowapi's hit: a 429 once the key (client IP + exact path) is over its limit. */
function rateLimited(
  state: StandInState,
  endpoint: LimitedEndpoint,
  call: RouteCall,
): CoreResponse | undefined {
  const { enabled, limits, windowMs } = state.options.rateLimit;
  if (!enabled) return undefined;
  const limit = limits[endpoint];
  const key = `${call.req.clientIp} ${call.req.path}`;
  if (state.limiter.hit(key, limit, call.now)) return undefined;
  // The text follows the limit as the `limits` library prints it: `60 per 1 minute`.
  return json(429, { error: expectedRejection(limit, windowMs) });
}

/** The rate limit, then an injected 500: what every limited handler does first. */
export function gate(state: StandInState, endpoint: LimitedEndpoint, call: RouteCall) {
  return (
    rateLimited(state, endpoint, call) ??
    (state.faults.shouldFail(endpoint) ? internalServerError() : undefined)
  );
}

/** An injected 500 for the route's fault endpoint (routes without a rate limit). */
export function injectedFault(state: StandInState, call: RouteCall): CoreResponse | undefined {
  const endpoint = call.route.faultEndpoint;
  return endpoint !== undefined && state.faults.shouldFail(endpoint)
    ? internalServerError()
    : undefined;
}

/** The `{id}` path parameter as an integer, or the 422 naming it (`room_id`, `world_id`). */
export function pathInt(
  call: RouteCall,
  name: 'room_id' | 'world_id',
  errors: ValidationError[],
): number | undefined {
  return intParam(call.pathId, ['path', name], errors);
}

/** ensure_room_access: 404 for a missing room, then 403 for a guest who does not own it. */
export function accessibleRoom(
  state: StandInState,
  call: RouteCall,
  id: number,
): Room | CoreResponse {
  const room = state.store.rooms.get(id);
  if (room === undefined) return detail(404, `Room with id ${id} not found`);
  const identity = call.identity;
  if (identity?.role !== 'admin' && room.ownerId !== identity?.userId) {
    return detail(403, NO_ACCESS);
  }
  state.activity.advance(room, call.now);
  return room;
}

/**
 * A world the caller may see: 404 `World not found`, then 403 (`forbidden`, the route's own
 * text) unless the caller is an admin or the owner.
 */
export function accessibleWorld(
  state: StandInState,
  call: RouteCall,
  id: number,
  forbidden = 'Not your world',
): World | CoreResponse {
  const world = state.store.worlds.get(id);
  if (world === undefined) return detail(404, 'World not found');
  const identity = call.identity;
  if (identity?.role !== 'admin' && world.ownerId !== identity?.userId) {
    return detail(403, forbidden);
  }
  return world;
}

/**
 * The rooms the caller's list shows (admin: all, guest: own), in the table now: a POST /rooms
 * still between its name check and its insert (FAULT_ROOM_NAME_RACE) is not there yet.
 */
export function visibleRooms(state: StandInState, call: RouteCall): Room[] {
  const { store } = state;
  const identity = call.identity;
  const candidates =
    identity?.role === 'admin' ? store.rooms.values() : store.roomsOf(identity?.userId ?? '');
  const rooms: Room[] = [];
  for (const room of candidates) if (room.visibleFrom <= call.now) rooms.push(room);
  return rooms;
}
