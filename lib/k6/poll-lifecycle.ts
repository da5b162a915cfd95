// Setup and teardown of the poll scenario: log in, create this run's rooms, delete them.
// Expected failures abort the test with one clear line (k6 exit 108) and leave nothing behind.

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
import { type PollConfig, roomCount } from '../poll-config';
import type { PollSetupData } from '../poll-setup-data';
import { k6HttpSeam } from './http-seam';
import { withPassword } from './password';

function setupWithPassword(config: PollConfig, password: string): PollSetupData {
  const session = login(k6HttpSeam, config.baseUrl, password);
  if (session.role !== 'admin' && !config.noCleanup) {
    throw new SetupError(
      `PASSWORD logs in as ${session.role}, but deleting the test rooms afterwards needs the admin password (or NO_CLEANUP=true)`,
    );
  }
  const names = testRoomNames(makeRunId(Date.now(), Math.random), roomCount(config));
  const roomIds = createRooms(k6HttpSeam, config.baseUrl, session.apiKey, names);
  console.log(
    `Created ${roomIds.length} test room(s) on ${config.baseUrl}: ${names[0]}${names.length > 1 ? ` ... ${names[names.length - 1]}` : ''}`,
  );
  return { roomIds, apiKey: session.apiKey };
}

function abortOnSetupError(error: unknown): never {
  if (error instanceof SetupError) exec.test.abort(error.message);
  throw error;
}

export function pollSetup(config: PollConfig): PollSetupData | Promise<PollSetupData> {
  try {
    const result = withPassword(config.password, (password) => setupWithPassword(config, password));
    return result instanceof Promise ? result.catch(abortOnSetupError) : result;
  } catch (error) {
    return abortOnSetupError(error);
  }
}

export function pollTeardown(config: PollConfig, data: PollSetupData): void {
  if (config.noCleanup) {
    console.log(`NO_CLEANUP: kept the test rooms ${data.roomIds.join(', ')}`);
    return;
  }
  const { deleted, failed } = deleteRooms(k6HttpSeam, config.baseUrl, data.apiKey, data.roomIds);
  console.log(`Deleted ${deleted.length} of ${data.roomIds.length} test room(s)`);
  if (failed.length > 0)
    console.error(`Could not delete ${describeFailedDeletes(failed)}: delete them by hand`);
}
