// `k6 run dist/capacity.js`: steps the simulated users up (START_USERS, STEP_USERS or
// STEP_FACTOR, STEP_DURATION, MAX_USERS) and judges each step by the service-level gates,
// to find how many users the backend holds. Configuration: docs/capacity.md; validated at init.

import {
  CAPACITY_CONFIG_PART,
  capacityRoomCount,
  publicCapacityConfig,
} from '../lib/capacity/config';
import { capacityGates } from '../lib/capacity/gates';
import { capacityK6Thresholds, capacityOptions } from '../lib/capacity/options';
import { capacityDurationMs, capacitySteps } from '../lib/capacity/steps';
import { renderCapacitySummaryFiles } from '../lib/capacity/summary-files';
import { createCapacityVu } from '../lib/k6/capacity-vu';
import { recordLoadStop } from '../lib/k6/run-status';
import { checkSummaryDirAtInit } from '../lib/k6/summary-dir';
import { createTestRooms, removeTestRooms } from '../lib/k6/test-rooms';
import { createWriter } from '../lib/k6/writer';
import { defineScenario } from '../lib/scenario';
import { setupK6Version, setupRoomIds, type TestRooms } from '../lib/test-rooms';
import thresholdsFile from '../thresholds.json';

const scenario = defineScenario('capacity', CAPACITY_CONFIG_PART, __ENV);
const config = scenario.config;
// Before any request: k6 creates no folder, and would say so only after the run.
scenario.init(() => checkSummaryDirAtInit(config.summaryDir, __ENV));
const gates = scenario.init(() => capacityGates(thresholdsFile, config));

export const options = scenario.init(() => capacityOptions(config, gates));

export const setup = scenario.setup((): TestRooms | Promise<TestRooms> =>
  createTestRooms({
    baseUrl: config.baseUrl,
    password: config.password,
    count: capacityRoomCount(config),
    what: config.client === 'game' ? 'worlds' : 'rooms',
    keepRooms: config.noCleanup,
    runId: config.runId,
  }),
);

export const pollStep = createCapacityVu(capacitySteps(config));

export const write = createWriter(config.baseUrl, config.live, capacityDurationMs(config));

export function teardown(data: TestRooms): void {
  // When the load stopped: an interrupted run says how far it got.
  recordLoadStop(data);
  removeTestRooms(config.baseUrl, data, config.noCleanup);
}

export const handleSummary = scenario.handleSummary(
  (data, setupData) =>
    renderCapacitySummaryFiles(data, {
      config: publicCapacityConfig(config),
      gates,
      roomIds: setupRoomIds(setupData),
      endedAtMs: Date.now(),
      k6Version: setupK6Version(setupData),
    }),
  scenario.init(() => capacityK6Thresholds(config, gates)),
);
