// Talking to the ClaudeWorld backend outside the measured load: login, creating and deleting
// the test rooms and worlds. Every failure becomes a SetupError whose message names the problem
// and never carries the password or the API key.

import { plural } from './format';
import { describeErrorBody, type HttpSeam, parseJsonBody, type SeamRequest } from './http-seam';

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}

export interface Session {
  apiKey: string;
  role: string;
}

/** Requests outside the measured load carry this tag, so reports can tell them apart. */
export const SETUP_TAGS = { phase: 'setup' } as const;

/** The `name` tags of the requests outside the measured load. */
export const SETUP_REQUEST_NAMES = {
  login: '/auth/login',
  rooms: '/rooms',
  room: '/rooms/{id}',
  worlds: '/worlds/',
  world: '/worlds/{id}',
} as const;

/** Parallel requests per batch when creating or deleting many rooms. */
export const ROOM_BATCH_SIZE = 20;

function jsonHeaders(apiKey?: string): Record<string, string> {
  return apiKey === undefined
    ? { 'Content-Type': 'application/json' }
    : { 'Content-Type': 'application/json', 'X-API-Key': apiKey };
}

function unreachable(baseUrl: string, error: string): SetupError {
  return new SetupError(
    `Cannot reach the backend at BASE_URL=${baseUrl}: ${error || 'no response'}`,
  );
}

/** POST /auth/login; throws `Authentication failed: 401 Invalid password` and the like. */
export function login(http: HttpSeam, baseUrl: string, password: string): Session {
  const [response] = http.send([
    {
      method: 'POST',
      url: `${baseUrl}/auth/login`,
      body: JSON.stringify({ password }),
      headers: jsonHeaders(),
      tags: { ...SETUP_TAGS, name: SETUP_REQUEST_NAMES.login },
    },
  ]);
  if (response === undefined || response.status === 0) {
    throw unreachable(baseUrl, response?.error ?? '');
  }
  if (response.status === 429) {
    // Every attempt counts toward the login limit, wrong passwords included (docs/backend.md).
    throw new SetupError(
      `Login rate limited: 429 ${describeErrorBody(response.body)} from this address (every login attempt counts, wrong passwords too); the password was not checked: retry when the window has passed`,
    );
  }
  if (response.status !== 200) {
    throw new SetupError(
      `Authentication failed: ${response.status} ${describeErrorBody(response.body)}`,
    );
  }
  const body = parseJsonBody(response.body) as { api_key?: unknown; role?: unknown } | undefined;
  if (typeof body?.api_key !== 'string' || body.api_key === '') {
    throw new SetupError(
      `Authentication failed: ${baseUrl}/auth/login answered 200 without an api_key (is BASE_URL a ClaudeWorld backend?)`,
    );
  }
  return { apiKey: body.api_key, role: typeof body.role === 'string' ? body.role : 'unknown' };
}

/** Room names unique to one run, so leftovers of an earlier run never cause a 409. */
export function testRoomNames(runId: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `loadtest-${runId}-${i + 1}`);
}

/** A short id for a run: the start time in base 36 and random characters. */
export function makeRunId(nowMs: number, random: () => number): string {
  const suffix = Array.from({ length: 4 }, () => Math.floor(random() * 36).toString(36)).join('');
  return `${nowMs.toString(36)}${suffix}`;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface DeleteOutcome {
  deleted: number[];
  failed: { id: number; reason: string }[];
}

/** DELETE /rooms/{id} for each room (admin only); reports the ones it could not delete. */
export function deleteRooms(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  ids: readonly number[],
): DeleteOutcome {
  return deleteAll(http, baseUrl, apiKey, ids, '/rooms');
}

/** DELETE /worlds/{id} for each world (with its files and rooms); the ones it could not delete. */
export function deleteWorlds(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  ids: readonly number[],
): DeleteOutcome {
  return deleteAll(http, baseUrl, apiKey, ids, '/worlds');
}

function deleteAll(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  ids: readonly number[],
  collection: '/rooms' | '/worlds',
): DeleteOutcome {
  const outcome: DeleteOutcome = { deleted: [], failed: [] };
  for (const batch of chunks(ids, ROOM_BATCH_SIZE)) {
    const requests: SeamRequest[] = batch.map((id) => ({
      method: 'DELETE',
      url: `${baseUrl}${collection}/${id}`,
      body: null,
      headers: jsonHeaders(apiKey),
      tags: {
        ...SETUP_TAGS,
        name: collection === '/rooms' ? SETUP_REQUEST_NAMES.room : SETUP_REQUEST_NAMES.world,
      },
    }));
    http.send(requests).forEach((response, i) => {
      const id = batch[i] as number;
      if (response.status === 200) outcome.deleted.push(id);
      else
        outcome.failed.push({
          id,
          reason:
            response.status === 0
              ? response.error || 'no response'
              : `${response.status} ${describeErrorBody(response.body)}`,
        });
    });
  }
  return outcome;
}

export interface RoomSummary {
  id: number;
  name: string;
  /** `created_at` as the server wrote it (ISO 8601); null when it sent none. */
  createdAt: string | null;
}

/** GET of a list of rooms or worlds: each entry's id, name and creation time. */
function listNamed(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  path: string,
  what: string,
): RoomSummary[] {
  const [response] = http.send([
    {
      method: 'GET',
      url: `${baseUrl}${path}`,
      body: null,
      headers: jsonHeaders(apiKey),
      tags: { ...SETUP_TAGS, name: path },
    },
  ]);
  if (response === undefined || response.status === 0) {
    throw unreachable(baseUrl, response?.error ?? '');
  }
  const body = parseJsonBody(response.body);
  if (response.status !== 200 || !Array.isArray(body)) {
    throw new SetupError(
      `Could not list the ${what}: GET ${baseUrl}${path} answered ${response.status} ${describeErrorBody(response.body)}`,
    );
  }
  return body.flatMap((entry: unknown) => {
    const r = entry as { id?: unknown; name?: unknown; created_at?: unknown } | null;
    return typeof r?.id === 'number' && typeof r.name === 'string'
      ? [
          {
            id: r.id,
            name: r.name,
            createdAt: typeof r.created_at === 'string' ? r.created_at : null,
          },
        ]
      : [];
  });
}

/** GET /rooms: every room the session sees (an admin sees all). */
export function listRooms(http: HttpSeam, baseUrl: string, apiKey: string): RoomSummary[] {
  return listNamed(http, baseUrl, apiKey, SETUP_REQUEST_NAMES.rooms, 'rooms');
}

/** GET /worlds/: the session's own worlds (the backend lists no one else's, admin or not). */
export function listWorlds(http: HttpSeam, baseUrl: string, apiKey: string): RoomSummary[] {
  return listNamed(http, baseUrl, apiKey, SETUP_REQUEST_NAMES.worlds, 'worlds');
}

/**
 * The rooms named `names`, by name, creating the missing ones: several instances of one run
 * call this at once, so a 409 (another instance was faster) means "look it up again".
 * Returns the ids in the order of `names` and how many of them this call created.
 */
/**
 * Room ids by name; of rooms sharing a name (a server whose name check is not atomic), the
 * lowest id, so that every instance of a run picks the same one.
 */
export function idsByName(rooms: readonly RoomSummary[]): Map<string, number> {
  const ids = new Map<string, number>();
  for (const { name, id } of rooms) {
    const known = ids.get(name);
    if (known === undefined || id < known) ids.set(name, id);
  }
  return ids;
}

export function findOrCreateRooms(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  names: readonly string[],
): { roomIds: number[]; created: number } {
  const idByName = () => idsByName(listRooms(http, baseUrl, apiKey));
  let known = idByName();
  let created = 0;
  const missing = names.filter((name) => !known.has(name));
  for (const batch of chunks(missing, ROOM_BATCH_SIZE)) {
    const requests = createRoomRequests(baseUrl, apiKey, batch);
    let lostRace = false;
    http.send(requests).forEach((response, i) => {
      const name = batch[i] as string;
      const id = (parseJsonBody(response.body) as { id?: unknown } | undefined)?.id;
      if (response.status === 200 && typeof id === 'number') {
        known.set(name, id);
        created++;
      } else if (response.status === 409) lostRace = true;
      else if (response.status === 0) throw unreachable(baseUrl, response.error);
      else
        throw new SetupError(
          `Setup failed: could not create room '${name}': ${response.status} ${describeErrorBody(response.body)}`,
        );
    });
    if (lostRace) known = new Map([...known, ...idByName()]);
  }
  const roomIds = names.map((name) => {
    const id = known.get(name);
    if (id === undefined) {
      throw new SetupError(
        `Setup failed: room '${name}' was neither created nor listed by GET /rooms`,
      );
    }
    return id;
  });
  return { roomIds, created };
}

/** POST /rooms for each name, tagged as setup traffic. */
function createRoomRequests(
  baseUrl: string,
  apiKey: string,
  names: readonly string[],
): SeamRequest[] {
  return names.map((name) => ({
    method: 'POST',
    url: `${baseUrl}/rooms`,
    body: JSON.stringify({ name }),
    headers: jsonHeaders(apiKey),
    tags: { ...SETUP_TAGS, name: SETUP_REQUEST_NAMES.rooms },
  }));
}

/** Describes rooms left behind, for logs and errors: `room 3 (404 Room not found), ...`. */
export function describeFailedDeletes(
  failed: DeleteOutcome['failed'],
  what: 'room' | 'world' = 'room',
): string {
  return failed.map((f) => `${what} ${f.id} (${f.reason})`).join(', ');
}

/**
 * POST /rooms for each name, in parallel batches. If any creation fails, deletes the rooms
 * already made (k6 skips teardown when setup throws) and throws a SetupError saying so.
 */
export function createRooms(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  names: readonly string[],
): number[] {
  const created: number[] = [];
  for (const batch of chunks(names, ROOM_BATCH_SIZE)) {
    const requests = createRoomRequests(baseUrl, apiKey, batch);
    const problems: string[] = [];
    http.send(requests).forEach((response, i) => {
      const id = (parseJsonBody(response.body) as { id?: unknown } | undefined)?.id;
      if (response.status === 200 && typeof id === 'number') created.push(id);
      else if (response.status === 0)
        problems.push(String(unreachable(baseUrl, response.error).message));
      else
        problems.push(
          `could not create room '${batch[i]}': ${response.status} ${describeErrorBody(response.body)}`,
        );
    });
    if (problems.length > 0) throw rollback(http, baseUrl, apiKey, created, problems[0] as string);
  }
  return created;
}

function rollback(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  created: readonly number[],
  problem: string,
  what: 'room' | 'world' = 'room',
): SetupError {
  if (created.length === 0) return new SetupError(`Setup failed: ${problem}`);
  const { failed } = (what === 'room' ? deleteRooms : deleteWorlds)(http, baseUrl, apiKey, created);
  const cleanup =
    failed.length === 0
      ? `deleted the ${plural(created.length, what)} already created`
      : `could not delete ${describeFailedDeletes(failed, what)}: delete them by hand`;
  return new SetupError(`Setup failed: ${problem}; ${cleanup}`);
}

/** World names unique to one run: `loadtest-<run id>-w<n>`. */
export function testWorldNames(runId: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `loadtest-${runId}-w${i + 1}`);
}

/** A test world: its id and the onboarding room the server made for it. */
export interface CreatedWorld {
  id: number;
  roomId: number;
}

/**
 * POST /worlds/ for each name, in parallel batches: the server makes the world's folder, its
 * row and its onboarding room with an agent. No model call happens until start-onboarding,
 * which nothing here calls. If any creation fails, deletes the worlds already made and throws.
 */
export function createWorlds(
  http: HttpSeam,
  baseUrl: string,
  apiKey: string,
  names: readonly string[],
): CreatedWorld[] {
  const created: CreatedWorld[] = [];
  for (const batch of chunks(names, ROOM_BATCH_SIZE)) {
    const requests: SeamRequest[] = batch.map((name) => ({
      method: 'POST',
      url: `${baseUrl}/worlds/`,
      body: JSON.stringify({ name }),
      headers: jsonHeaders(apiKey),
      tags: { ...SETUP_TAGS, name: SETUP_REQUEST_NAMES.worlds },
    }));
    const problems: string[] = [];
    http.send(requests).forEach((response, i) => {
      const world = parseJsonBody(response.body) as
        | { id?: unknown; onboarding_room_id?: unknown }
        | undefined;
      if (
        response.status === 200 &&
        typeof world?.id === 'number' &&
        typeof world.onboarding_room_id === 'number'
      ) {
        created.push({ id: world.id, roomId: world.onboarding_room_id });
      } else if (response.status === 0) {
        problems.push(String(unreachable(baseUrl, response.error).message));
      } else if (response.status === 200) {
        problems.push(
          `POST /worlds/ answered 200 for '${batch[i]}' without an id and an onboarding_room_id (is BASE_URL a ClaudeWorld backend with the game routes?)`,
        );
      } else {
        problems.push(
          `could not create world '${batch[i]}': ${response.status} ${describeErrorBody(response.body)}`,
        );
      }
    });
    if (problems.length > 0) {
      const ids = created.map((w) => w.id);
      throw rollback(http, baseUrl, apiKey, ids, problems[0] as string, 'world');
    }
  }
  return created;
}
