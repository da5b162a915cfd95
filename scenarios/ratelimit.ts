// k6 script: proves the backend's per-path rate limits hold (burst, 429 body, isolation,
// recovery). `k6 run dist/ratelimit.js`; exits 99 when any endpoint's limit is off.

import {
  rateLimitIteration,
  rateLimitSetup,
  rateLimitTeardown,
} from '../lib/k6/ratelimit-lifecycle';
import { checkSummaryDirAtInit } from '../lib/k6/summary-dir';
import { RATE_LIMIT_CONFIG_PART } from '../lib/ratelimit/config';
import { rateLimitOptions } from '../lib/ratelimit/options';
import { renderRateLimitSummaryFiles } from '../lib/ratelimit/report';
import { defineScenario } from '../lib/scenario';
import { setupK6Version, type TestRooms } from '../lib/test-rooms';

const scenario = defineScenario('ratelimit', RATE_LIMIT_CONFIG_PART, __ENV);
const config = scenario.config;
// Before any request: k6 creates no folder, and would say so only after the run.
scenario.init(() => checkSummaryDirAtInit(config.summaryDir, __ENV));

export const options = scenario.init(() => rateLimitOptions(config));

export const setup = scenario.setup(() => rateLimitSetup(config));

export default function (data: TestRooms) {
  return rateLimitIteration(config, data);
}

export function teardown(data: TestRooms) {
  rateLimitTeardown(config, data);
}

export const handleSummary = scenario.handleSummary((data, setupData) =>
  renderRateLimitSummaryFiles(data, config, {
    endedAtMs: Date.now(),
    k6Version: setupK6Version(setupData),
  }),
);
