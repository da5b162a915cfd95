// `k6 run dist/capacity.js`: steps the simulated users up (START_USERS, STEP_USERS or
// STEP_FACTOR, STEP_DURATION, MAX_USERS) and judges each step by the service-level gates,
// to find how many users the backend holds. Configuration: docs/capacity.md; validated at init.

import {
  capacityRoomCount,
  parseCapacityConfig,
  publicCapacityConfig,
} from '../lib/capacity/config';
import { capacityGates } from '../lib/capacity/gates';
import { capacityOptions } from '../lib/capacity/options';
import { renderCapacitySummaryFiles } from '../lib/capacity/report';
import { capacityDurationMs, capacitySteps } from '../lib/capacity/steps';
import { createCapacityVu } from '../lib/k6/capacity-vu';
import { createTestRooms, removeTestRooms } from '../lib/k6/test-rooms';
import { createWriter } from '../lib/k6/writer';
import type { SummaryData } from '../lib/summary-data';
import { setupRoomIds, type TestRooms } from '../lib/test-rooms';
import thresholdsFile from '../thresholds.json';

const config = parseCapacityConfig(__ENV);
const gates = capacityGates(thresholdsFile);

export const options = capacityOptions(config, gates);

export function setup(): TestRooms | Promise<TestRooms> {
  return createTestRooms({
    baseUrl: config.baseUrl,
    password: config.password,
    count: capacityRoomCount(config),
    keepRooms: config.noCleanup,
    runId: config.runId,
  });
}

export const pollStep = createCapacityVu(capacitySteps(config));

export const write = createWriter(config.baseUrl, config.live, capacityDurationMs(config));

export function teardown(data: TestRooms): void {
  removeTestRooms(config.baseUrl, data, config.noCleanup);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  // setup_data carries the API key; the report gets the room ids and nothing else.
  const { setup_data: setupData, ...withoutSetupData } = data;
  return renderCapacitySummaryFiles(withoutSetupData, {
    config: publicCapacityConfig(config),
    gates,
    roomIds: setupRoomIds(setupData),
  });
}
