// The /worlds routes the game view uses (routers/game/), in their check order: path and query
// validation (422), then the world (404 `World not found`), then ownership (403, admin sees
// all). None is rate limited. POST /worlds/{id}/start-onboarding is answered as the backend
// answers it, but what it would start (a model call) is only counted (`model_calls`).

import { ONBOARDING_MANAGER } from './agents';
import {
  accessibleWorld,
  injectedFault,
  isResponse,
  pathInt,
  type RouteCall,
  type StandInState,
  unprocessable,
} from './handler-kit';
import { detail, json, jsonText } from './responses';
import type { RouteName } from './routes';
import { isoTime, type World } from './store';
import type { CoreResponse } from './types';
import {
  boolParam,
  enumField,
  intParam,
  jsonObjectBody,
  queryValue,
  stringField,
  type ValidationError,
} from './validation';
import { playerStateBody, worldBody, worldFolderName, worldPollBody, worldSummary } from './worlds';

export type WorldRouteName = Extract<
  RouteName,
  | 'createWorld'
  | 'listWorlds'
  | 'getWorld'
  | 'deleteWorld'
  | 'worldState'
  | 'worldLocations'
  | 'worldPoll'
  | 'worldSuggestions'
  | 'worldItems'
  | 'worldCharacters'
  | 'worldChattingAgents'
  | 'startOnboarding'
>;

const LANGUAGES = ['en', 'ko', 'jp'] as const;

/** The stand-in's onboarding trigger (the backend's text is localized; this one is not). */
export const ONBOARDING_TRIGGER =
  'Start onboarding: greet the new player and ask what kind of world they want to explore.';

/** Optional boolean query parameters, each validated into `errors`. */
function boolQuery(call: RouteCall, name: string, errors: ValidationError[]): void {
  const raw = queryValue(call.req.query, name);
  if (raw !== undefined) boolParam(raw, ['query', name], errors);
}

function createWorld(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const body = jsonObjectBody(call.req.body, errors);
  const name = body === undefined ? undefined : stringField(body, 'name', errors);
  const userName =
    body === undefined ? undefined : stringField(body, 'user_name', errors, { optional: true });
  const language =
    body === undefined || body.language === undefined
      ? 'en'
      : enumField(body, 'language', LANGUAGES, errors);
  if (
    errors.length > 0 ||
    typeof name !== 'string' ||
    userName === undefined ||
    language === undefined
  ) {
    return unprocessable(errors);
  }
  const fault = injectedFault(state, call);
  if (fault !== undefined) return fault;
  const ownerId = call.identity?.userId ?? '';
  const { store } = state;
  // The row check (same name, same owner), then the folder check (same folder, any owner):
  // one message for both, and a same name is a same folder. An empty folder name is the
  // worlds folder itself, which exists.
  const folder = worldFolderName(name);
  if (folder === '' || store.worldInFolder(folder)) {
    return detail(400, `World '${name}' already exists`);
  }
  // A room of that name left by a failed earlier attempt is reused, as crud.create_world does.
  const roomName = `Onboarding: ${name}`;
  const room =
    store.findRoom(ownerId, roomName) ?? store.createRoom(roomName, ownerId, null, call.now);
  const world = store.createWorld({ name, folder, ownerId, userName, language }, room, call.now);
  if (!room.agentIds.includes(ONBOARDING_MANAGER.id)) room.agentIds.push(ONBOARDING_MANAGER.id);
  store.addMessage(room, {
    content: ONBOARDING_TRIGGER,
    role: 'user',
    participant_type: 'system',
    participant_name: 'System',
    agent_id: null,
    agent_name: null,
    agent_profile_pic: null,
    thinking: null,
    timestamp: isoTime(call.now),
    chat_session_id: null,
  });
  room.lastActivityAt = call.now;
  state.streams.roomCreated(room);
  state.counts.worlds.created += 1;
  return json(200, worldSummary(world));
}

function listWorlds(state: StandInState, call: RouteCall): CoreResponse {
  // Only the caller's own worlds, admin included (crud.get_worlds_by_owner).
  const own = [...state.store.worlds.values()].filter((w) => w.ownerId === call.identity?.userId);
  return json(200, own.map(worldSummary));
}

/** Validation of the path id and `queries` (booleans), the injected fault, then the world. */
function world(
  state: StandInState,
  call: RouteCall,
  queries: { bools?: string[]; sinceMessageId?: boolean } = {},
  forbidden?: string,
): { world: World; sinceId: number } | CoreResponse {
  const errors: ValidationError[] = [];
  const id = pathInt(call, 'world_id', errors);
  let sinceId = 0;
  if (queries.sinceMessageId === true) {
    const raw = queryValue(call.req.query, 'since_message_id');
    if (raw !== undefined) sinceId = intParam(raw, ['query', 'since_message_id'], errors) ?? 0;
  }
  for (const name of queries.bools ?? []) boolQuery(call, name, errors);
  if (id === undefined || errors.length > 0) return unprocessable(errors);
  const found = injectedFault(state, call) ?? accessibleWorld(state, call, id, forbidden);
  return isResponse(found) ? found : { world: found, sinceId };
}

function answer(
  found: ReturnType<typeof world>,
  body: (world: World, sinceId: number) => CoreResponse,
): CoreResponse {
  return isResponse(found) ? found : body(found.world, found.sinceId);
}

function deleteWorld(state: StandInState, call: RouteCall): CoreResponse {
  return answer(world(state, call, {}, 'Not authorized to delete this world'), (found) => {
    state.store.deleteWorld(found);
    state.counts.worlds.deleted += 1;
    return json(200, { status: 'deleted' });
  });
}

/** No ownership check on the real route: any logged-in caller can start any world. */
function startOnboarding(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const id = pathInt(call, 'world_id', errors);
  if (id === undefined) return unprocessable(errors);
  const fault = injectedFault(state, call);
  if (fault !== undefined) return fault;
  if (!state.store.worlds.has(id)) return detail(404, 'World not found');
  state.counts.modelCalls.start_onboarding += 1;
  return json(200, { status: 'started' });
}

export function worldRoute(
  state: StandInState,
  call: RouteCall,
  name: WorldRouteName,
): CoreResponse {
  switch (name) {
    case 'createWorld':
      return createWorld(state, call);
    case 'listWorlds':
      return listWorlds(state, call);
    case 'getWorld':
      return answer(world(state, call), (w) => json(200, worldBody(w)));
    case 'deleteWorld':
      return deleteWorld(state, call);
    case 'worldState':
      return answer(world(state, call), (w) => json(200, playerStateBody(w)));
    case 'worldLocations':
      return answer(world(state, call, { bools: ['discovered_only'] }), () => json(200, []));
    case 'worldPoll':
      return answer(
        world(state, call, { bools: ['poll_onboarding'], sinceMessageId: true }),
        (w, sinceId) =>
          jsonText(200, worldPollBody(w, state.store.rooms.get(w.onboardingRoomId), sinceId)),
      );
    case 'worldSuggestions':
      return answer(world(state, call), () => json(200, { suggestions: [] }));
    case 'worldItems':
      return answer(world(state, call), () => json(200, { items: [], count: 0 }));
    case 'worldCharacters':
      return answer(world(state, call), () => json(200, { characters: [] }));
    case 'worldChattingAgents':
      return answer(world(state, call, { bools: ['poll_onboarding'] }), () =>
        json(200, { chatting_agents: [] }),
      );
    case 'startOnboarding':
      return startOnboarding(state, call);
  }
}
