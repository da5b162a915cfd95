// The test rooms' lifecycle, shared by the scenarios: setup logs in and creates rooms (or, for
// the game model, worlds) unique to the run (aborting with one clear line, after deleting what
// it made, when anything fails: k6 skips teardown then); teardown deletes them and names any it
// could not.
// In a distributed run (k6 execution segments) the instances share the rooms instead; see
// lib/distributed-rooms.ts for the rules.

import { sleep } from 'k6';
import {
  createRooms,
  createWorlds,
  deleteRooms,
  deleteWorlds,
  describeFailedDeletes,
  login,
  makeRunId,
  SetupError,
  testRoomNames,
  testWorldNames,
} from '../backend';
import { cleanupCommand } from '../cleanup/select';
import { checkSegmentsHaveVus, resolveRunId } from '../distributed';
import {
  awaitSharedRooms,
  joinSharedRooms,
  releaseSharedRooms,
  sharedSetupFailure,
} from '../distributed-rooms';
import { segmentStartsAtZero } from '../execution-segments';
import { plural } from '../format';
import { k6VersionFromUserAgent } from '../run-facts';
import type { TestRooms } from '../test-rooms';
import { firstUserAgent, k6HttpSeam } from './http-seam';
import { instanceInfo } from './instance';
import { withPassword } from './password';
import { setupOrStop } from './run-status';

export interface TestRoomsRequest {
  baseUrl: string;
  /** PASSWORD, or undefined to read the k6 secret `password`. */
  password: string | undefined;
  count: number;
  /** `worlds` (CLIENT=game): create `count` worlds with their rooms instead of rooms. */
  what?: 'rooms' | 'worlds';
  /** Rooms are kept after the run (NO_CLEANUP), so a guest login is enough. */
  keepRooms: boolean;
  /** RUN_ID; required when k6 runs an execution segment. */
  runId?: string;
  /**
   * A distributed run: how long an instance that does not create the rooms waits for them,
   * and the VUs of the scenario that polls them (every segment must get one). Default: no
   * wait beyond a minute, no VU check.
   */
  shared?: { roomWaitMs: number; vus: number; vusConfigured: boolean; users: number };
}

const DEFAULT_ROOM_WAIT_MS = 60_000;

/** k6's version for the setup data: absent when the User-Agent does not tell it. */
function k6VersionField(): { k6Version?: string } {
  const version = k6VersionFromUserAgent(firstUserAgent());
  return version === null ? {} : { k6Version: version };
}

function createWithPassword(request: TestRoomsRequest, password: string): TestRooms {
  const { executionSegment: segment, executionSegmentSequence: sequence } = instanceInfo(null);
  const runId = resolveRunId(request.runId, segment, () => makeRunId(Date.now(), Math.random));
  if (segment !== null && request.shared !== undefined) {
    checkSegmentsHaveVus(segment, sequence, request.shared);
  }
  const session = login(k6HttpSeam, request.baseUrl, password);
  if (session.role !== 'admin' && !request.keepRooms) {
    throw new SetupError(
      `PASSWORD logs in as ${session.role}, but deleting the test rooms afterwards needs the admin password`,
    );
  }
  const worlds = request.what === 'worlds';
  if (worlds && segment !== null) {
    throw new SetupError(
      `CLIENT=game cannot run as execution segment ${segment}: the instances of a distributed run cannot share test worlds yet; run it as one instance`,
    );
  }
  const names = worlds ? testWorldNames(runId, request.count) : testRoomNames(runId, request.count);
  const span = spanOf(names);
  // First, so that a run killed before teardown has said how to delete what it leaves.
  console.log(
    `Run ${runId}: test ${worlds ? 'worlds' : 'rooms'} ${span} on ${request.baseUrl}; ${request.keepRooms ? 'kept after the run (NO_CLEANUP); delete them later with' : 'should the run be killed before teardown deletes them:'} ${cleanupCommand(request.baseUrl, runId)}`,
  );
  if (worlds) return createTestWorlds(request.baseUrl, names, runId, session.apiKey);
  if (segment !== null) {
    const shared = { http: k6HttpSeam, baseUrl: request.baseUrl, apiKey: session.apiKey, runId };
    // One instance creates the rooms: a server whose name check is not atomic would make two.
    const creates = segmentStartsAtZero(segment);
    let roomIds: number[];
    let how: string;
    if (creates) {
      try {
        const joined = joinSharedRooms(shared, names);
        roomIds = joined.roomIds;
        how = `${joined.created} created by this instance, the one whose segment starts at 0`;
      } catch (error) {
        if (error instanceof SetupError) throw sharedSetupFailure(error.message, runId);
        throw error;
      }
    } else {
      roomIds = awaitSharedRooms(
        shared,
        names,
        request.shared?.roomWaitMs ?? DEFAULT_ROOM_WAIT_MS,
        {
          nowMs: () => Date.now(),
          sleepMs: (ms) => sleep(ms / 1000),
        },
      );
      how = 'created by the instance whose segment starts at 0';
    }
    console.log(
      `Segment ${segment} of run ${runId}: using ${plural(roomIds.length, 'shared test room')} on ${request.baseUrl}: ${span} (ids ${describeIds(roomIds)}; ${how})`,
    );
    return {
      roomIds,
      apiKey: session.apiKey,
      runId,
      segment,
      loadStartMs: Date.now(),
      ...k6VersionField(),
    };
  }
  const roomIds = createRooms(k6HttpSeam, request.baseUrl, session.apiKey, names);
  console.log(
    `Created ${plural(roomIds.length, 'test room')} on ${request.baseUrl}: ${span} (ids ${describeIds(roomIds)})`,
  );
  return { roomIds, apiKey: session.apiKey, runId, loadStartMs: Date.now(), ...k6VersionField() };
}

function spanOf(names: readonly string[]): string | undefined {
  return names.length > 1 ? `${names[0]} ... ${names[names.length - 1]}` : names[0];
}

function createTestWorlds(
  baseUrl: string,
  names: readonly string[],
  runId: string,
  apiKey: string,
): TestRooms {
  const worlds = createWorlds(k6HttpSeam, baseUrl, apiKey, names);
  const ids = worlds.map((w) => w.id);
  console.log(
    `Created ${plural(worlds.length, 'test world')} on ${baseUrl}: ${spanOf(names)} (ids ${describeIds(ids)}, rooms ${describeIds(worlds.map((w) => w.roomId))}); onboarding is never started`,
  );
  return { roomIds: worlds.map((w) => w.roomId), worlds, apiKey, runId, loadStartMs: Date.now() };
}

function describeIds(ids: readonly number[]): string {
  return ids.length > 6
    ? `${ids.slice(0, 3).join(', ')} ... ${ids[ids.length - 1]}`
    : ids.join(', ');
}

/** Setup's part: a Promise only when the password comes from a k6 secret. */
export function createTestRooms(request: TestRoomsRequest): TestRooms | Promise<TestRooms> {
  return setupOrStop(() =>
    withPassword(request.password, (password) => createWithPassword(request, password)),
  );
}

/** Teardown of a distributed run: this instance stopped; the last one out deletes. */
function releaseShared(
  baseUrl: string,
  rooms: TestRooms,
  runId: string,
  segment: string,
  graceMs: number,
): void {
  const released = releaseSharedRooms(
    { http: k6HttpSeam, baseUrl, apiKey: rooms.apiKey, runId, segment },
    rooms.roomIds.length,
    graceMs,
    { nowMs: () => Date.now(), sleepMs: (ms) => sleep(ms / 1000) },
  );
  if (released.kind === 'already-deleted') {
    console.log(`Segment ${segment}: another instance of run ${runId} deleted the test rooms`);
    return;
  }
  const { outcome } = released;
  console.log(
    released.waitedForAll
      ? `Segment ${segment}: every segment of run ${runId} has stopped; deleted ${plural(outcome.deleted.length, 'room')} (test rooms and stop markers)`
      : `Segment ${segment}: within CLEANUP_GRACE (${graceMs / 1000} s) only ${released.stopped.join(', ')} of run ${runId} reported stopping (an instance died?); deleted ${plural(outcome.deleted.length, 'room')} anyway`,
  );
  if (outcome.failed.length > 0)
    console.error(`Could not delete ${describeFailedDeletes(outcome.failed)}: delete them by hand`);
}

/** Teardown's part: deletes the rooms, or says they were kept. */
export function removeTestRooms(
  baseUrl: string,
  rooms: TestRooms,
  keepRooms: boolean,
  cleanupGraceMs = 0,
): void {
  if (rooms.worlds !== undefined) {
    removeTestWorlds(baseUrl, rooms, rooms.worlds, keepRooms);
    return;
  }
  if (keepRooms) {
    console.log(`NO_CLEANUP: kept the test rooms ${rooms.roomIds.join(', ')}`);
    return;
  }
  if (rooms.segment !== undefined && rooms.runId !== undefined) {
    releaseShared(baseUrl, rooms, rooms.runId, rooms.segment, cleanupGraceMs);
    return;
  }
  deleteTestEntries(baseUrl, rooms, 'room', rooms.roomIds);
}

function removeTestWorlds(
  baseUrl: string,
  rooms: TestRooms,
  worlds: readonly { id: number }[],
  keepWorlds: boolean,
): void {
  const ids = worlds.map((w) => w.id);
  if (keepWorlds) {
    console.log(`NO_CLEANUP: kept the test worlds ${ids.join(', ')}`);
    return;
  }
  deleteTestEntries(baseUrl, rooms, 'world', ids);
}

/** Deletes the run's test rooms or worlds; any it could not, with the cleanup command. */
function deleteTestEntries(
  baseUrl: string,
  rooms: TestRooms,
  what: 'room' | 'world',
  ids: readonly number[],
): void {
  const noun = `test ${what}`;
  // Said first: a teardown stopped now (a second Ctrl-C) leaves them, and setup named the command.
  const run = rooms.runId === undefined ? '' : ` of run ${rooms.runId}`;
  console.log(`Deleting ${plural(ids.length, noun)}${run}`);
  const remove = what === 'room' ? deleteRooms : deleteWorlds;
  const { deleted, failed } = remove(k6HttpSeam, baseUrl, rooms.apiKey, ids);
  const withRooms = what === 'world' ? ' and their rooms' : '';
  console.log(`Deleted ${deleted.length} of ${plural(ids.length, noun)}${withRooms}`);
  if (failed.length > 0) {
    const how =
      rooms.runId === undefined ? 'by hand' : `with ${cleanupCommand(baseUrl, rooms.runId)}`;
    console.error(`Could not delete ${describeFailedDeletes(failed, what)}: delete them ${how}`);
  }
}
