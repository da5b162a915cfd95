// Setup, the check's single iteration and teardown of the rate-limit scenario. Setup logs in
// and creates fresh rooms (cleaning up before it throws: k6 skips teardown then); teardown
// deletes them.

import { sleep } from 'k6';
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
import type { RateLimitConfig } from '../ratelimit/config';
import { ENDPOINT_LABELS } from '../ratelimit/endpoints';
import { rateLimitRoomCount } from '../ratelimit/options';
import { type CheckRuntime, runRateLimitCheck } from '../ratelimit/procedure';
import { judgeEndpoint } from '../ratelimit/verdict';
import { k6HttpSeam } from './http-seam';
import { withPassword } from './password';
import { recordEndpoint } from './ratelimit-metrics';

/** What setup hands the VU. */
export interface RateLimitSetupData {
  roomIds: number[];
  apiKey: string;
}

const runtime: CheckRuntime = {
  http: k6HttpSeam,
  now: () => Date.now(),
  sleep: (ms) => sleep(ms / 1000),
  log: (message) => console.log(message),
};

function setupWithPassword(config: RateLimitConfig, password: string): RateLimitSetupData {
  const session = login(k6HttpSeam, config.baseUrl, password);
  if (session.role !== 'admin') {
    throw new SetupError(
      `PASSWORD logs in as ${session.role}, but deleting the test rooms afterwards needs the admin password`,
    );
  }
  const names = testRoomNames(makeRunId(Date.now(), Math.random), rateLimitRoomCount(config));
  const roomIds = createRooms(k6HttpSeam, config.baseUrl, session.apiKey, names);
  console.log(`Created test rooms ${roomIds.join(', ')} on ${config.baseUrl}`);
  return { roomIds, apiKey: session.apiKey };
}

function abortOnSetupError(error: unknown): never {
  if (error instanceof SetupError) exec.test.abort(error.message);
  throw error;
}

export function rateLimitSetup(
  config: RateLimitConfig,
): RateLimitSetupData | Promise<RateLimitSetupData> {
  try {
    const result = withPassword(config.password, (password) => setupWithPassword(config, password));
    return result instanceof Promise ? result.catch(abortOnSetupError) : result;
  } catch (error) {
    return abortOnSetupError(error);
  }
}

function checkWithPassword(
  config: RateLimitConfig,
  data: RateLimitSetupData,
  password: string,
): void {
  const [measured, other, sustained] = data.roomIds;
  if (measured === undefined || other === undefined)
    throw new Error('setup returned fewer rooms than the check needs');
  const target = {
    baseUrl: config.baseUrl,
    apiKey: data.apiKey,
    password,
    rooms: { measured, other, sustained },
  };
  const observations = runRateLimitCheck(config, target, runtime);
  observations.forEach((o, i) => {
    const expectation = config.endpoints[i];
    if (expectation === undefined) return;
    const verdict = judgeEndpoint(o, { ...expectation, windowMs: config.windowMs });
    recordEndpoint(o, verdict);
    const failed = verdict.checks.filter((c) => c.status === 'fail');
    if (failed.length === 0) console.log(`${ENDPOINT_LABELS[o.endpoint]}: all checks passed`);
    for (const c of failed) console.warn(c.detail);
  });
}

/** The check's single iteration; reads the password again only when logins are checked. */
export function rateLimitIteration(
  config: RateLimitConfig,
  data: RateLimitSetupData,
): void | Promise<void> {
  if (!config.endpoints.some((e) => e.endpoint === 'login'))
    return checkWithPassword(config, data, '');
  return withPassword(config.password, (password) => checkWithPassword(config, data, password));
}

export function rateLimitTeardown(config: RateLimitConfig, data: RateLimitSetupData): void {
  const { deleted, failed } = deleteRooms(k6HttpSeam, config.baseUrl, data.apiKey, data.roomIds);
  console.log(`Deleted ${deleted.length} of ${data.roomIds.length} test room(s)`);
  if (failed.length > 0)
    console.error(`Could not delete ${describeFailedDeletes(failed)}: delete them by hand`);
}
