// The endpoint handlers, each in the real backend's check order. By the time one runs, auth
// (401) and routing (404/405) are done; each handler then validates (422, no quota), takes
// its rate-limit hit (429) where the backend has a slowapi decorator, and only then looks at
// rooms, so 404s and 403s use quota as they do behind slowapi.

import { expectedRejection } from '../lib/ratelimit/endpoints';
import type { Activity } from './activity';
import type { Identity, Sessions } from './auth';
import type { Faults } from './faults';
import type { LimitedEndpoint, ServerOptions } from './options';
import type { FixedWindowLimiter } from './rate-limiter';
import { ADMIN_ONLY, detail, internalServerError, json, jsonText, NO_ACCESS } from './responses';
import type { Route } from './routes';
import type { RequestStats } from './stats';
import { isoTime, pollBody, type Room, roomBody, roomSummary, type Store } from './store';
import type { CoreRequest, CoreResponse } from './types';
import {
  enumField,
  intParam,
  jsonObjectBody,
  optionalIntField,
  stringField,
  type ValidationError,
} from './validation';

export interface StandInState {
  options: ServerOptions;
  store: Store;
  sessions: Sessions;
  limiter: FixedWindowLimiter;
  activity: Activity;
  faults: Faults;
  stats: RequestStats;
}

export interface RouteCall {
  route: Route;
  req: CoreRequest;
  /** Undefined only on public routes. */
  identity: Identity | undefined;
  /** The raw `{id}` segment of the path ('' when the route has none). */
  roomId: string;
  now: number;
}

const MESSAGE_ROLES = ['user', 'assistant'] as const;

function unprocessable(errors: ValidationError[]): CoreResponse {
  return detail(422, errors);
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
function gate(state: StandInState, endpoint: LimitedEndpoint, call: RouteCall) {
  return (
    rateLimited(state, endpoint, call) ??
    (state.faults.shouldFail(endpoint) ? internalServerError() : undefined)
  );
}

function injectedFault(state: StandInState, call: RouteCall): CoreResponse | undefined {
  const endpoint = call.route.faultEndpoint;
  return endpoint !== undefined && state.faults.shouldFail(endpoint)
    ? internalServerError()
    : undefined;
}

/** ensure_room_access: 404 for a missing room, then 403 for a guest who does not own it. */
function accessibleRoom(state: StandInState, call: RouteCall, id: number): Room | CoreResponse {
  const room = state.store.rooms.get(id);
  if (room === undefined) return detail(404, `Room with id ${id} not found`);
  const identity = call.identity;
  if (identity?.role !== 'admin' && room.ownerId !== identity?.userId) {
    return detail(403, NO_ACCESS);
  }
  state.activity.advance(room, call.now);
  return room;
}

function isResponse(value: Room | CoreResponse): value is CoreResponse {
  return 'status' in value;
}

function visibleRooms(state: StandInState, identity: Identity | undefined): Room[] {
  const rooms = [...state.store.rooms.values()];
  return identity?.role === 'admin' ? rooms : rooms.filter((r) => r.ownerId === identity?.userId);
}

function login(state: StandInState, call: RouteCall): CoreResponse {
  const refused = gate(state, 'login', call);
  if (refused !== undefined) return refused;
  let body: unknown;
  try {
    body = JSON.parse(call.req.body);
  } catch {
    return detail(400, 'Invalid request body');
  }
  // The backend reads `body.get(...)` unchecked: JSON that is not an object is its plain 500.
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return internalServerError();
  }
  const password = (body as Record<string, unknown>).password;
  if (isFalsyInPython(password)) {
    return detail(400, 'Password is required');
  }
  const identity = typeof password === 'string' ? state.sessions.identityFor(password) : undefined;
  if (identity === undefined) return detail(401, 'Invalid password');
  return json(200, {
    success: true,
    api_key: state.sessions.issue(identity, call.now),
    role: identity.role,
    user_id: identity.userId,
    message: `Login successful as ${identity.role}`,
  });
}

/** Python's `not value`: the backend's "Password is required" test. */
function isFalsyInPython(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length === 0;
  return !value;
}

function createRoom(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const body = jsonObjectBody(call.req.body, errors);
  const name = body === undefined ? undefined : stringField(body, 'name', errors);
  const maxInteractions =
    body === undefined ? undefined : optionalIntField(body, 'max_interactions', errors);
  if (errors.length > 0 || typeof name !== 'string' || maxInteractions === undefined) {
    return unprocessable(errors);
  }
  const fault = injectedFault(state, call);
  if (fault !== undefined) return fault;
  if (visibleRooms(state, call.identity).some((r) => r.name === name)) {
    return detail(409, `Room with name '${name}' already exists`);
  }
  const ownerId = call.identity?.role === 'admin' ? 'admin' : (call.identity?.userId ?? '');
  const room = state.store.createRoom(name, ownerId, maxInteractions, call.now);
  state.activity.start(room, call.now);
  return json(200, roomBody(room));
}

function roomIdOrErrors(call: RouteCall): number | CoreResponse {
  const errors: ValidationError[] = [];
  const id = intParam(call.roomId, ['path', 'room_id'], errors);
  return id === undefined ? unprocessable(errors) : id;
}

function getRoom(state: StandInState, call: RouteCall): CoreResponse {
  const id = roomIdOrErrors(call);
  if (typeof id !== 'number') return id;
  const room = injectedFault(state, call) ?? accessibleRoom(state, call, id);
  return isResponse(room) ? room : json(200, roomBody(room));
}

function deleteRoom(state: StandInState, call: RouteCall): CoreResponse {
  // require_admin is a route dependency: it runs before the room id is even looked at.
  if (call.identity?.role !== 'admin') return detail(403, ADMIN_ONLY);
  const id = roomIdOrErrors(call);
  if (typeof id !== 'number') return id;
  const fault = injectedFault(state, call);
  if (fault !== undefined) return fault;
  if (!state.store.deleteRoom(id)) return detail(404, 'Room not found');
  return json(200, { message: 'Room deleted successfully' });
}

function poll(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const id = intParam(call.roomId, ['path', 'room_id'], errors);
  const sinceRaw =
    call.req.query === '' ? null : new URLSearchParams(call.req.query).getAll('since_id').pop();
  const sinceId =
    sinceRaw === undefined || sinceRaw === null
      ? undefined
      : intParam(sinceRaw, ['query', 'since_id'], errors);
  if (errors.length > 0 || id === undefined) return unprocessable(errors);
  const room = gate(state, 'poll', call) ?? accessibleRoom(state, call, id);
  if (isResponse(room)) return room;
  return jsonText(200, pollBody(room, sinceId));
}

function chattingAgents(state: StandInState, call: RouteCall): CoreResponse {
  const id = roomIdOrErrors(call);
  if (typeof id !== 'number') return id;
  const room = gate(state, 'agents', call) ?? accessibleRoom(state, call, id);
  if (isResponse(room)) return room;
  return json(200, { chatting_agents: state.activity.chatting(room, call.now) });
}

function send(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const id = intParam(call.roomId, ['path', 'room_id'], errors);
  const body = jsonObjectBody(call.req.body, errors);
  const content = body === undefined ? undefined : stringField(body, 'content', errors);
  const role = body === undefined ? undefined : enumField(body, 'role', MESSAGE_ROLES, errors);
  const participantType =
    body === undefined
      ? undefined
      : stringField(body, 'participant_type', errors, { optional: true });
  const participantName =
    body === undefined
      ? undefined
      : stringField(body, 'participant_name', errors, { optional: true });
  if (
    errors.length > 0 ||
    id === undefined ||
    typeof content !== 'string' ||
    role === undefined ||
    participantType === undefined ||
    participantName === undefined
  ) {
    return unprocessable(errors);
  }
  const room = gate(state, 'send', call) ?? accessibleRoom(state, call, id);
  if (isResponse(room)) return room;
  const message = state.store.addMessage(room, {
    content,
    role,
    participant_type: participantType,
    participant_name: participantName,
    agent_id: null,
    agent_name: null,
    agent_profile_pic: null,
    thinking: null,
    timestamp: isoTime(call.now),
    chat_session_id: null,
  });
  room.lastActivityAt = call.now;
  state.activity.scheduleReply(room, call.now);
  return json(200, message);
}

function listRooms(state: StandInState, call: RouteCall): CoreResponse {
  const rooms = visibleRooms(state, call.identity);
  // Activity moves last_activity_at, so bring every listed room up to now first.
  for (const room of rooms) state.activity.advance(room, call.now);
  return json(200, rooms.map(roomSummary));
}

function stats(state: StandInState, call: RouteCall): CoreResponse {
  if (call.identity?.role !== 'admin') return detail(403, ADMIN_ONLY);
  return json(200, state.stats.snapshot());
}

export function handleRoute(state: StandInState, call: RouteCall): CoreResponse {
  switch (call.route.name) {
    case 'login':
      return login(state, call);
    case 'health':
      return injectedFault(state, call) ?? json(200, { status: 'healthy' });
    case 'listRooms':
      return injectedFault(state, call) ?? listRooms(state, call);
    case 'createRoom':
      return createRoom(state, call);
    case 'getRoom':
      return getRoom(state, call);
    case 'deleteRoom':
      return deleteRoom(state, call);
    case 'poll':
      return poll(state, call);
    case 'agents':
      return chattingAgents(state, call);
    case 'send':
      return send(state, call);
    case 'stats':
      return stats(state, call);
  }
}
