// Setup, the check's single iteration and teardown of the rate-limit scenario. Setup and
// teardown are the shared test-room lifecycle, with the rooms the check needs.

import { sleep } from 'k6';
import type { RateLimitConfig } from '../ratelimit/config';
import { ENDPOINT_LABELS } from '../ratelimit/endpoints';
import { rateLimitRoomCount } from '../ratelimit/options';
import { type CheckRuntime, runRateLimitCheck } from '../ratelimit/procedure';
import { judgeEndpoint } from '../ratelimit/verdict';
import type { TestRooms } from '../test-rooms';
import { k6HttpSeam } from './http-seam';
import { withPassword } from './password';
import { recordEndpoint } from './ratelimit-metrics';
import { createTestRooms, removeTestRooms } from './test-rooms';

const runtime: CheckRuntime = {
  http: k6HttpSeam,
  now: () => Date.now(),
  sleep: (ms) => sleep(ms / 1000),
  log: (message) => console.log(message),
};

export function rateLimitSetup(config: RateLimitConfig): TestRooms | Promise<TestRooms> {
  return createTestRooms({
    baseUrl: config.baseUrl,
    password: config.password,
    count: rateLimitRoomCount(config),
    keepRooms: config.noCleanup,
    runId: config.runId,
  });
}

function checkWithPassword(config: RateLimitConfig, data: TestRooms, password: string): void {
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
export function rateLimitIteration(config: RateLimitConfig, data: TestRooms): void | Promise<void> {
  if (!config.endpoints.some((e) => e.endpoint === 'login'))
    return checkWithPassword(config, data, '');
  return withPassword(config.password, (password) => checkWithPassword(config, data, password));
}

export function rateLimitTeardown(config: RateLimitConfig, data: TestRooms): void {
  removeTestRooms(config.baseUrl, data, config.noCleanup);
}
