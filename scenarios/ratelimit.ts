// k6 script: proves the backend's per-path rate limits hold (burst, 429 body, isolation,
// recovery). `k6 run dist/ratelimit.js`; exits 99 when any endpoint's limit is off.

import { withOneLineConfigErrors } from '../lib/env';
import {
  rateLimitIteration,
  rateLimitSetup,
  rateLimitTeardown,
} from '../lib/k6/ratelimit-lifecycle';
import { parseRateLimitConfig } from '../lib/ratelimit/config';
import { rateLimitOptions } from '../lib/ratelimit/options';
import { renderRateLimitSummaryFiles } from '../lib/ratelimit/report';
import type { SummaryData } from '../lib/summary-data';
import type { TestRooms } from '../lib/test-rooms';

const config = withOneLineConfigErrors(() => parseRateLimitConfig(__ENV));

export const options = withOneLineConfigErrors(() => rateLimitOptions(config));

export function setup() {
  return rateLimitSetup(config);
}

export default function (data: TestRooms) {
  return rateLimitIteration(config, data);
}

export function teardown(data: TestRooms) {
  rateLimitTeardown(config, data);
}

export function handleSummary(data: SummaryData) {
  return renderRateLimitSummaryFiles(data, config);
}
