// The answers of the /worlds routes for a world as POST /worlds/ leaves it: in onboarding,
// with the files the backend writes at creation (empty stats, inventory and locations, the
// game clock at 8:00 on day 1, a placeholder lore) and nothing that only a model call adds.

import { pythonNaiveIsoformat } from './python';
import { isoTime, type Message, type Room, type World } from './store';

/** What the backend's `lore.md` holds until the world seed is generated. */
const PLACEHOLDER_LORE = '# World Lore\n\n*To be written...*\n';

const START_OF_GAME_TIME = { hour: 8, minute: 0, day: 1 } as const;

/** Python's `str.isalnum()` for the characters a name may hold, approximately (Unicode). */
const FILE_NAME_CHAR = /[\p{L}\p{N}._\- ]/u;

/**
 * The folder name the backend keeps a world in: letters, digits and `._- ` kept, then
 * trimmed. Two names with the same folder collide ("already exists"), whoever owns them.
 */
export function worldFolderName(name: string): string {
  let kept = '';
  for (const char of name) if (FILE_NAME_CHAR.test(char)) kept += char;
  return kept.trim();
}

/** The `WorldSummary` schema: POST /worlds/ and GET /worlds/ (pydantic's field order). */
export function worldSummary(world: World): Record<string, unknown> {
  return {
    name: world.name,
    user_name: world.userName,
    language: world.language,
    id: world.id,
    owner_id: world.ownerId,
    phase: world.phase,
    genre: null,
    theme: null,
    onboarding_room_id: world.onboardingRoomId,
    created_at: isoTime(world.createdAt),
    updated_at: isoTime(world.updatedAt),
    last_played_at: null,
  };
}

/** The `World` schema of GET /worlds/{id}: the summary plus stat definitions and lore. */
export function worldBody(world: World): Record<string, unknown> {
  return { ...worldSummary(world), stat_definitions: { stats: [] }, lore: PLACEHOLDER_LORE };
}

/** The `PlayerState` schema of GET /worlds/{id}/state. */
export function playerStateBody(world: World): Record<string, unknown> {
  return {
    turn_count: 0,
    id: world.playerStateId,
    world_id: world.id,
    current_location_id: null,
    current_location_name: null,
    stats: {},
    inventory: [],
    effects: [],
    action_history: [],
    is_chat_mode: false,
    chat_mode_start_message_id: null,
    game_time: START_OF_GAME_TIME,
    equipment: {},
  };
}

/** How routers/game/polling.py writes a message (not the `Message` schema). */
function pollMessage(message: Message): Record<string, unknown> {
  return {
    id: message.id,
    content: message.content,
    role: message.role,
    agent_id: message.agent_id,
    agent_name: message.agent_name,
    agent_profile_pic: message.agent_profile_pic,
    thinking: message.thinking,
    timestamp: pythonNaiveIsoformat(Date.parse(message.timestamp)),
    image_data: null,
    image_media_type: null,
    game_time_snapshot: null,
  };
}

/** The game poll returns at most this many messages after a since_message_id. */
const POLL_SINCE_LIMIT = 50;

/**
 * GET /worlds/{id}/poll of a world in onboarding: the onboarding room's messages (all of them
 * when since_message_id is absent or 0, else at most 50 newer ones), the system messages left
 * out, and the state. There is no `location` key during onboarding.
 */
export function worldPollBody(world: World, room: Room | undefined, sinceId: number): string {
  const all = room?.messages ?? [];
  const picked = sinceId === 0 ? all : all.filter((m) => m.id > sinceId).slice(0, POLL_SINCE_LIMIT);
  return JSON.stringify({
    messages: picked.filter((m) => m.participant_type !== 'system').map(pollMessage),
    state: {
      stats: {},
      inventory_count: 0,
      turn_count: 0,
      phase: world.phase,
      pending_phase: null,
      is_chat_mode: false,
      chat_mode_start_message_id: null,
      game_time: START_OF_GAME_TIME,
    },
    suggestions: [],
  });
}
