// The test rooms of a distributed run, shared by all its k6 instances. k6 gives them no shared
// state, so they agree through the backend:
// - setup: the instance whose segment starts at 0 finds or creates the rooms
//   `loadtest-<RUN_ID>-<n>`; every other instance waits for them to be listed (bounded), so
//   all poll the same rooms, created once, even on a server whose name check is not atomic
//   (the real backend checks, then inserts: two POSTs of one name at once both succeed);
// - teardown: each instance, once its own VUs have stopped, creates a marker room
//   `loadtest-<RUN_ID>-stopped-<segment>`; whoever then sees markers covering every segment
//   deletes the rooms and the markers. An instance that dies never writes its marker: the
//   others wait CLEANUP_GRACE for it, then delete anyway, so no room is left behind while any
//   instance reaches teardown. Deleting twice is harmless (a 404 means already deleted).
// Pure: requests go through the HttpSeam, waiting through `sleepMs`.

import {
  type DeleteOutcome,
  deleteRooms,
  findOrCreateRooms,
  idsByName,
  listRooms,
  type RoomSummary,
  SetupError,
} from './backend';
import { coversWholeTest, parseSegment, type Segment, segmentSlug } from './distributed';
import type { HttpSeam } from './http-seam';

/** How often a waiting instance looks for the others' markers. */
export const MARKER_POLL_MS = 1000;

const STOPPED = 'stopped-';

export function testRoomPrefix(runId: string): string {
  return `loadtest-${runId}-`;
}

/** The marker room an instance creates when its VUs have stopped. */
export function stoppedMarkerName(runId: string, segment: string): string {
  return `${testRoomPrefix(runId)}${STOPPED}${segmentSlug(segment)}`;
}

/** The segment a marker name carries back (`1-2_1` -> `1/2:1`); undefined for other names. */
function markerSegment(runId: string, name: string): Segment | undefined {
  const prefix = `${testRoomPrefix(runId)}${STOPPED}`;
  if (!name.startsWith(prefix)) return undefined;
  const slug = name.slice(prefix.length);
  const text = slug.replace(/pct/g, '%').replace(/_/g, ':').replace(/-/g, '/');
  return parseSegment(text);
}

export interface SharedRoomsContext {
  http: HttpSeam;
  baseUrl: string;
  apiKey: string;
  runId: string;
  /** This instance's segment as k6 reports it. */
  segment: string;
}

/** How often an instance waiting for the run's rooms lists them. */
export const ROOM_WAIT_POLL_MS = 500;

/** Setup's part in the instance that creates them: the run's rooms, found or created. */
export function joinSharedRooms(
  c: Omit<SharedRoomsContext, 'segment'>,
  names: readonly string[],
): { roomIds: number[]; created: number } {
  return findOrCreateRooms(c.http, c.baseUrl, c.apiKey, names);
}

/**
 * Setup's part in every other instance: the run's rooms once all are listed, never created
 * here; after `timeoutMs` a one-line error naming RUN_ID and the rooms still missing.
 */
export function awaitSharedRooms(
  c: Omit<SharedRoomsContext, 'segment'>,
  names: readonly string[],
  timeoutMs: number,
  clock: { nowMs: () => number; sleepMs: (ms: number) => void },
): number[] {
  const deadline = clock.nowMs() + timeoutMs;
  for (;;) {
    const ids = idsByName(listRooms(c.http, c.baseUrl, c.apiKey));
    const missing = names.filter((name) => !ids.has(name));
    if (missing.length === 0) return names.map((name) => ids.get(name) as number);
    if (clock.nowMs() >= deadline) {
      const shown =
        missing.length > 3
          ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more`
          : missing.join(', ');
      throw new SetupError(
        `RUN_ID ${c.runId}: the test rooms ${shown} did not appear within ${Math.round(timeoutMs / 1000)} s; the instance whose segment starts at 0 creates them (is it running, against ${c.baseUrl}, with RUN_ID=${c.runId}?)`,
      );
    }
    clock.sleepMs(ROOM_WAIT_POLL_MS);
  }
}

export type ReleaseOutcome =
  /** This instance deleted the rooms (`waitedForAll`: every segment had stopped). */
  | {
      kind: 'deleted';
      waitedForAll: boolean;
      /** The segments that had reported stopping, as k6 writes them. */
      stopped: string[];
      missing: number;
      outcome: DeleteOutcome;
    }
  /** Another instance had already deleted them. */
  | { kind: 'already-deleted' };

function runRooms(rooms: readonly RoomSummary[], runId: string): RoomSummary[] {
  return rooms.filter((r) => r.name.startsWith(testRoomPrefix(runId)));
}

/** Deletes `rooms`; a 404 is another instance having deleted the room first. */
function deleteAll(c: SharedRoomsContext, rooms: readonly RoomSummary[]): DeleteOutcome {
  const outcome = deleteRooms(
    c.http,
    c.baseUrl,
    c.apiKey,
    rooms.map((r) => r.id),
  );
  const failed = outcome.failed.filter((f) => !f.reason.startsWith('404 '));
  const deleted = [
    ...outcome.deleted,
    ...outcome.failed.filter((f) => f.reason.startsWith('404 ')).map((f) => f.id),
  ];
  return { deleted, failed };
}

/**
 * Teardown's part: marks this instance stopped, then deletes the run's rooms once every
 * segment has stopped, or after `graceMs` of waiting for the missing ones.
 */
export function releaseSharedRooms(
  c: SharedRoomsContext,
  roomCount: number,
  graceMs: number,
  clock: { nowMs: () => number; sleepMs: (ms: number) => void },
): ReleaseOutcome {
  const marker = stoppedMarkerName(c.runId, c.segment);
  // A 409 is this marker made by an earlier try; anything else shows up in the listing below.
  findOrCreateRooms(c.http, c.baseUrl, c.apiKey, [marker]);
  const deadline = clock.nowMs() + graceMs;
  for (;;) {
    const rooms = runRooms(listRooms(c.http, c.baseUrl, c.apiKey), c.runId);
    const stopped = rooms.flatMap((r) => markerSegment(c.runId, r.name) ?? []);
    const testRooms = rooms.filter((r) => markerSegment(c.runId, r.name) === undefined);
    if (testRooms.length === 0 && !rooms.some((r) => r.name === marker)) {
      return { kind: 'already-deleted' };
    }
    const all = coversWholeTest(stopped);
    if (all || clock.nowMs() >= deadline) {
      return {
        kind: 'deleted',
        waitedForAll: all,
        stopped: stopped.map((segment) => segment.text),
        missing: Math.max(0, roomCount - testRooms.length),
        outcome: deleteAll(c, [...testRooms, ...rooms.filter((r) => !testRooms.includes(r))]),
      };
    }
    clock.sleepMs(MARKER_POLL_MS);
  }
}

/** Setup failed in this instance: the others (or nobody) must clean up; say which. */
export function sharedSetupFailure(problem: string, runId: string): SetupError {
  return new SetupError(
    `${problem}; the rooms ${testRoomPrefix(runId)}* are shared with the other instances, whose teardown deletes them (if none runs, delete them by hand)`,
  );
}
