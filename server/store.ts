// Rooms and messages in memory, with the id rules of the real SQLite tables: a new row gets
// max(existing id) + 1, so deleting the newest room and creating another reuses its id.

export interface Message {
  id: number;
  room_id: number;
  content: string;
  role: string;
  participant_type: string | null;
  participant_name: string | null;
  agent_id: number | null;
  agent_name: string | null;
  agent_profile_pic: string | null;
  thinking: string | null;
  timestamp: string;
  images: null;
  chat_session_id: number | null;
}

export interface Room {
  id: number;
  name: string;
  ownerId: string;
  maxInteractions: number | null;
  createdAt: number;
  lastActivityAt: number;
  messages: Message[];
  /** Activity state: when the next ambient agent message is due (ms since the epoch). */
  nextAmbientAt: number;
  /** Activity state: agent replies to sent messages, earliest first. */
  pendingReplies: { agentIndex: number; dueAt: number }[];
  /** Activity state: ambient messages so far, to rotate the speaking agent. */
  ambientCount: number;
  /** Poll response bodies by effective since_id, until the room's messages change. */
  pollBodies: Map<number, string>;
}

/** Oldest messages beyond this are dropped so a long-running busy room stays bounded. */
export const MAX_MESSAGES_PER_ROOM = 5000;

/** Timestamps as the backend serializes them: ISO-8601 UTC ending in `Z`. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

export class Store {
  readonly rooms = new Map<number, Room>();
  private maxMessageId = 0;

  createRoom(name: string, ownerId: string, maxInteractions: number | null, now: number): Room {
    let maxId = 0;
    for (const id of this.rooms.keys()) maxId = Math.max(maxId, id);
    const room: Room = {
      id: maxId + 1,
      name,
      ownerId,
      maxInteractions,
      createdAt: now,
      lastActivityAt: now,
      messages: [],
      nextAmbientAt: Number.POSITIVE_INFINITY,
      pendingReplies: [],
      ambientCount: 0,
      pollBodies: new Map(),
    };
    this.rooms.set(room.id, room);
    return room;
  }

  deleteRoom(id: number): boolean {
    return this.rooms.delete(id);
  }

  addMessage(room: Room, fields: Omit<Message, 'id' | 'room_id' | 'images'>): Message {
    this.maxMessageId += 1;
    const message: Message = { ...fields, id: this.maxMessageId, room_id: room.id, images: null };
    room.messages.push(message);
    if (room.messages.length > MAX_MESSAGES_PER_ROOM) room.messages.shift();
    room.pollBodies.clear();
    return message;
  }
}

/** The backend's poll query only looks at a room's most recent messages, this many. */
export const POLL_WINDOW = 200;

/**
 * Messages with id > sinceId, oldest first, at most `limit` (the backend's poll query): only
 * among the room's POLL_WINDOW most recent, so a client further behind misses some.
 */
export function messagesSince(room: Room, sinceId: number | undefined, limit = 100): Message[] {
  const all = room.messages;
  const first = Math.max(0, all.length - POLL_WINDOW);
  if (sinceId === undefined) return all.slice(first, first + limit);
  // Ids grow with position, so the first newer message is found by binary search.
  let low = first;
  let high = all.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((all[mid]?.id ?? 0) > sinceId) high = mid;
    else low = mid + 1;
  }
  return all.slice(low, low + limit);
}

/** Distinct since_id bodies kept per room; polling clients mostly share a few. */
const MAX_CACHED_POLL_BODIES = 256;

/**
 * The poll response body, cached until the room's messages change (the backend caches this
 * query too). Ids start at 1, so every since_id below 1 means "from the start" and every one
 * at or above the newest id means "nothing new": both share one entry.
 */
export function pollBody(room: Room, sinceId: number | undefined): string {
  const newest = room.messages[room.messages.length - 1]?.id ?? 0;
  const key = Math.min(Math.max(sinceId ?? 0, 0), newest);
  let body = room.pollBodies.get(key);
  if (body === undefined) {
    body = JSON.stringify(messagesSince(room, key));
    if (room.pollBodies.size >= MAX_CACHED_POLL_BODIES) room.pollBodies.clear();
    room.pollBodies.set(key, body);
  }
  return body;
}

/** The room as POST /rooms and GET /rooms/{id} return it. */
export function roomBody(room: Room): Record<string, unknown> {
  return {
    ...roomSummary(room),
    agents: [],
    messages: [],
    world_id: null,
    world_phase: null,
  };
}

/** The room as GET /rooms lists it. */
export function roomSummary(room: Room): Record<string, unknown> {
  return {
    id: room.id,
    name: room.name,
    owner_id: room.ownerId,
    max_interactions: room.maxInteractions,
    is_paused: false,
    is_finished: false,
    created_at: isoTime(room.createdAt),
    last_activity_at: isoTime(room.lastActivityAt),
  };
}
