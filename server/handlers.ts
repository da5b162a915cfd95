// The endpoint handlers, each in the real backend's check order. By the time one runs, auth
// (401) and routing (404/405) are done; each handler then validates (422, no quota), takes
// its rate-limit hit (429) where the backend has a slowapi decorator, and only then looks at
// rooms, so 404s and 403s use quota as they do behind slowapi. This file has the room routes
// and the dispatch; the /worlds routes and the SSE routes have files of their own.

import { AGENT_CATALOG, agentBody } from './agents';
import {
  accessibleRoom,
  gate,
  injectedFault,
  isResponse,
  pathInt,
  type RouteCall,
  type StandInState,
  unprocessable,
  visibleRooms,
} from './handler-kit';
import { ADMIN_ONLY, detail, internalServerError, json, jsonText } from './responses';
import { isoTime, pollBody, type Room, roomAgents, roomBody, roomSummary } from './store';
import { streamRoute, ticketRoute } from './stream-handlers';
import type { CoreResponse } from './types';
import {
  enumField,
  intParam,
  jsonObjectBody,
  optionalIntField,
  queryValue,
  stringField,
  type ValidationError,
} from './validation';
import { worldRoute } from './world-handlers';

const MESSAGE_ROLES = ['user', 'assistant'] as const;

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
  // The backend lists the caller's rooms, compares names, then inserts: not atomic. Under
  // FAULT_ROOM_NAME_RACE the insert lands that long after the check, so requests checking
  // in between do not see it (and the answer comes when the insert is done).
  if (visibleRooms(state, call).some((r) => r.name === name)) {
    return detail(409, `Room with name '${name}' already exists`);
  }
  const raceMs = state.options.faults.roomNameRaceMs;
  const ownerId = call.identity?.role === 'admin' ? 'admin' : (call.identity?.userId ?? '');
  const room = state.store.createRoom(name, ownerId, maxInteractions, call.now, call.now + raceMs);
  state.activity.start(room, room.createdAt);
  state.streams.roomCreated(room);
  const response = json(200, roomBody(state.store, room));
  response.delayMs = raceMs;
  return response;
}

function roomIdOrErrors(call: RouteCall): number | CoreResponse {
  const errors: ValidationError[] = [];
  const id = pathInt(call, 'room_id', errors);
  return id === undefined ? unprocessable(errors) : id;
}

/** A room route without a rate limit: validation, injected fault, then room access. */
function openRoom(state: StandInState, call: RouteCall, answer: (room: Room) => CoreResponse) {
  const id = roomIdOrErrors(call);
  if (typeof id !== 'number') return id;
  const room = injectedFault(state, call) ?? accessibleRoom(state, call, id);
  return isResponse(room) ? room : answer(room);
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
  const id = pathInt(call, 'room_id', errors);
  const sinceRaw = queryValue(call.req.query, 'since_id');
  const sinceId =
    sinceRaw === undefined ? undefined : intParam(sinceRaw, ['query', 'since_id'], errors);
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
  const id = pathInt(call, 'room_id', errors);
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
  // On the real backend this starts the room's agents: a model call per agent.
  if (room.agentIds.length > 0) state.counts.modelCalls.sends_to_rooms_with_agents += 1;
  state.activity.scheduleReply(room, call.now);
  return json(200, message);
}

function listRooms(state: StandInState, call: RouteCall): CoreResponse {
  const rooms = visibleRooms(state, call);
  // Activity moves last_activity_at, so bring every listed room up to now first.
  for (const room of rooms) state.activity.advance(room, call.now);
  return json(200, rooms.map(roomSummary));
}

/** GET /agents: every agent, for any logged-in caller. */
function listAgents(state: StandInState): CoreResponse {
  const createdAt = isoTime(state.store.startedAt);
  return json(
    200,
    AGENT_CATALOG.map((agent) => agentBody(agent, createdAt)),
  );
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
      return openRoom(state, call, (room) => json(200, roomBody(state.store, room)));
    case 'deleteRoom':
      return deleteRoom(state, call);
    case 'listMessages':
      return openRoom(state, call, (room) => json(200, room.messages));
    case 'roomAgents':
      return openRoom(state, call, (room) => json(200, roomAgents(state.store, room)));
    case 'listAgents':
      return injectedFault(state, call) ?? listAgents(state);
    case 'poll':
      return poll(state, call);
    case 'agents':
      return chattingAgents(state, call);
    case 'send':
      return send(state, call);
    case 'ticket':
      return ticketRoute(state, call);
    case 'stream':
      return streamRoute(state, call);
    case 'stats':
      if (call.identity?.role !== 'admin') return detail(403, ADMIN_ONLY);
      return json(200, state.statsSnapshot());
    case 'createWorld':
    case 'listWorlds':
    case 'getWorld':
    case 'deleteWorld':
    case 'worldState':
    case 'worldLocations':
    case 'worldPoll':
    case 'worldSuggestions':
    case 'worldItems':
    case 'worldCharacters':
    case 'worldChattingAgents':
    case 'startOnboarding':
      return worldRoute(state, call, call.route.name);
  }
}
