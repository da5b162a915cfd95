// The test rooms' lifecycle, shared by the scenarios: setup logs in and creates rooms unique
// to the run (aborting with one clear line, after deleting what it made, when anything
// fails: k6 skips teardown then); teardown deletes them and names any it could not.

import exec from 'k6/execution';
import {
  createRooms,
  deleteRooms,
  describeFailedDeletes,
  login,
  makeRunId,
  SetupError,
  testRoomNames,
} from '../backend';
import type { TestRooms } from '../test-rooms';
import { k6HttpSeam } from './http-seam';
import { withPassword } from './password';

export interface TestRoomsRequest {
  baseUrl: string;
  /** PASSWORD, or undefined to read the k6 secret `password`. */
  password: string | undefined;
  count: number;
  /** Rooms are kept after the run (NO_CLEANUP), so a guest login is enough. */
  keepRooms: boolean;
}

function createWithPassword(request: TestRoomsRequest, password: string): TestRooms {
  const session = login(k6HttpSeam, request.baseUrl, password);
  if (session.role !== 'admin' && !request.keepRooms) {
    throw new SetupError(
      `PASSWORD logs in as ${session.role}, but deleting the test rooms afterwards needs the admin password`,
    );
  }
  const names = testRoomNames(makeRunId(Date.now(), Math.random), request.count);
  const roomIds = createRooms(k6HttpSeam, request.baseUrl, session.apiKey, names);
  const span = names.length > 1 ? `${names[0]} ... ${names[names.length - 1]}` : names[0];
  console.log(
    `Created ${roomIds.length} test room(s) on ${request.baseUrl}: ${span} (ids ${describeIds(roomIds)})`,
  );
  return { roomIds, apiKey: session.apiKey };
}

function describeIds(ids: readonly number[]): string {
  return ids.length > 6
    ? `${ids.slice(0, 3).join(', ')} ... ${ids[ids.length - 1]}`
    : ids.join(', ');
}

function abortOnSetupError(error: unknown): never {
  if (error instanceof SetupError) exec.test.abort(error.message);
  throw error;
}

/** Setup's part: a Promise only when the password comes from a k6 secret. */
export function createTestRooms(request: TestRoomsRequest): TestRooms | Promise<TestRooms> {
  try {
    const result = withPassword(request.password, (password) =>
      createWithPassword(request, password),
    );
    return result instanceof Promise ? result.catch(abortOnSetupError) : result;
  } catch (error) {
    return abortOnSetupError(error);
  }
}

/** Teardown's part: deletes the rooms, or says they were kept. */
export function removeTestRooms(baseUrl: string, rooms: TestRooms, keepRooms: boolean): void {
  if (keepRooms) {
    console.log(`NO_CLEANUP: kept the test rooms ${rooms.roomIds.join(', ')}`);
    return;
  }
  const { deleted, failed } = deleteRooms(k6HttpSeam, baseUrl, rooms.apiKey, rooms.roomIds);
  console.log(`Deleted ${deleted.length} of ${rooms.roomIds.length} test room(s)`);
  if (failed.length > 0)
    console.error(`Could not delete ${describeFailedDeletes(failed)}: delete them by hand`);
}
