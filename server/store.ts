// Rooms, messages and worlds in memory, with the id rules of the real SQLite tables: a new row
// gets max(existing id) + 1, so deleting the newest room and creating another reuses its id.

import { type AgentRecord, agentBody, agentById } from './agents';

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
  /**
   * When the row is in the table for the duplicate-name check and the room list: later than
   * `createdAt` only under FAULT_ROOM_NAME_RACE (the insert lands after the check).
   */
  visibleFrom: number;
  /** The world the room belongs to (its onboarding room), or null for a chat room. */
  worldId: number | null;
  /** Member agents (GET /rooms/{id}/agents), by id. */
  agentIds: number[];
  messages: Message[];
  /** Activity state: when the next ambient agent message is due (ms since the epoch). */
  nextAmbientAt: number;
  /** Activity state: agent replies to sent messages, earliest first. */
  pendingReplies: { agentIndex: number; dueAt: number; key: number }[];
  /** Activity state: replies scheduled so far (each reply's generation key). */
  replySerial: number;
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

/** A game world (the backend keeps it in files and a row; the stand-in only in memory). */
export interface World {
  id: number;
  name: string;
  /** The backend's folder for it (worlds.ts `worldFolderName`): unique among worlds. */
  folder: string;
  ownerId: string;
  userName: string | null;
  language: string;
  /** Always `onboarding`: nothing moves a world on without a model call. */
  phase: 'onboarding';
  onboardingRoomId: number;
  playerStateId: number;
  createdAt: number;
  updatedAt: number;
}

function ownerAndName(ownerId: string, name: string): string {
  return `${ownerId}\n${name}`;
}

/**
 * An INTEGER PRIMARY KEY column: a new row gets max(id) + 1, so deleting the newest row frees
 * its id. The max is kept, and worked out again only after the newest row goes.
 */
class IdColumn {
  private readonly ids = new Set<number>();
  private max = 0;

  take(): number {
    this.max += 1;
    this.ids.add(this.max);
    return this.max;
  }

  free(id: number): void {
    this.ids.delete(id);
    if (id !== this.max) return;
    this.max = 0;
    for (const left of this.ids) if (left > this.max) this.max = left;
  }
}

export class Store {
  readonly rooms = new Map<number, Room>();
  readonly worlds = new Map<number, World>();
  /** Rooms by owner, in creation order: a guest's room list without scanning every room. */
  private readonly roomsByOwner = new Map<string, Set<Room>>();
  /** Rooms by owner and name (a name can repeat: FAULT_ROOM_NAME_RACE, other owners). */
  private readonly roomsByName = new Map<string, Room[]>();
  private readonly worldsByFolder = new Map<string, World>();
  private readonly roomIds = new IdColumn();
  private readonly worldIds = new IdColumn();
  private readonly playerStateIds = new IdColumn();
  private maxMessageId = 0;

  /** `startedAt` stamps the seeded agents' created_at. */
  constructor(readonly startedAt: number) {}

  createRoom(
    name: string,
    ownerId: string,
    maxInteractions: number | null,
    now: number,
    visibleFrom = now,
  ): Room {
    const room: Room = {
      id: this.roomIds.take(),
      name,
      ownerId,
      maxInteractions,
      createdAt: visibleFrom,
      lastActivityAt: visibleFrom,
      visibleFrom,
      worldId: null,
      agentIds: [],
      messages: [],
      nextAmbientAt: Number.POSITIVE_INFINITY,
      pendingReplies: [],
      replySerial: 0,
      ambientCount: 0,
      pollBodies: new Map(),
    };
    this.rooms.set(room.id, room);
    let own = this.roomsByOwner.get(ownerId);
    if (own === undefined) {
      own = new Set();
      this.roomsByOwner.set(ownerId, own);
    }
    own.add(room);
    const key = ownerAndName(ownerId, name);
    const named = this.roomsByName.get(key);
    if (named === undefined) this.roomsByName.set(key, [room]);
    else named.push(room);
    return room;
  }

  /** The rooms `ownerId` owns, oldest first. */
  roomsOf(ownerId: string): Iterable<Room> {
    return this.roomsByOwner.get(ownerId) ?? [];
  }

  /** A room of that owner and name, if there is one. */
  findRoom(ownerId: string, name: string): Room | undefined {
    return this.roomsByName.get(ownerAndName(ownerId, name))?.[0];
  }

  deleteRoom(id: number): boolean {
    const room = this.rooms.get(id);
    if (room === undefined) return false;
    this.rooms.delete(id);
    this.roomIds.free(id);
    const own = this.roomsByOwner.get(room.ownerId);
    own?.delete(room);
    if (own?.size === 0) this.roomsByOwner.delete(room.ownerId);
    const key = ownerAndName(room.ownerId, room.name);
    const named = this.roomsByName.get(key)?.filter((r) => r !== room) ?? [];
    if (named.length === 0) this.roomsByName.delete(key);
    else this.roomsByName.set(key, named);
    return true;
  }

  /** A world row with its player state, bound to its (already created) onboarding room. */
  createWorld(
    fields: Pick<World, 'name' | 'folder' | 'ownerId' | 'userName' | 'language'>,
    room: Room,
    now: number,
  ): World {
    const world: World = {
      ...fields,
      id: this.worldIds.take(),
      phase: 'onboarding',
      onboardingRoomId: room.id,
      playerStateId: this.playerStateIds.take(),
      createdAt: now,
      updatedAt: now,
    };
    this.worlds.set(world.id, world);
    this.worldsByFolder.set(world.folder, world);
    room.worldId = world.id;
    return world;
  }

  worldInFolder(folder: string): World | undefined {
    return this.worldsByFolder.get(folder);
  }

  /** Deletes a world and the room bound to it (a world has no other room before a model call). */
  deleteWorld(world: World): void {
    this.worlds.delete(world.id);
    this.worldIds.free(world.id);
    this.playerStateIds.free(world.playerStateId);
    this.worldsByFolder.delete(world.folder);
    if (this.rooms.get(world.onboardingRoomId)?.worldId === world.id) {
      this.deleteRoom(world.onboardingRoomId);
    }
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

/** A room's member agents as the `Agent` schema serializes them. */
export function roomAgents(store: Store, room: Room): Record<string, unknown>[] {
  const agents: AgentRecord[] = [];
  for (const id of room.agentIds) {
    const agent = agentById(id);
    if (agent !== undefined) agents.push(agent);
  }
  const createdAt = isoTime(store.startedAt);
  return agents.map((agent) => agentBody(agent, createdAt));
}

/** The room as POST /rooms and GET /rooms/{id} return it: with its agents and messages. */
export function roomBody(store: Store, room: Room): Record<string, unknown> {
  const world = room.worldId === null ? undefined : store.worlds.get(room.worldId);
  return {
    ...roomSummary(room),
    agents: roomAgents(store, room),
    messages: room.messages,
    world_id: room.worldId,
    world_phase: world?.phase ?? null,
  };
}

/** The room as GET /rooms lists it (pydantic puts the inherited `name` first). */
export function roomSummary(room: Room): Record<string, unknown> {
  return {
    name: room.name,
    id: room.id,
    owner_id: room.ownerId,
    max_interactions: room.maxInteractions,
    is_paused: false,
    is_finished: false,
    created_at: isoTime(room.createdAt),
    last_activity_at: isoTime(room.lastActivityAt),
  };
}
