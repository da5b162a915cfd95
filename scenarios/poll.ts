// `k6 run dist/poll.js`: USERS simulated users keep ROOMS chat rooms open and poll both
// endpoints of each every POLL_INTERVAL, as the ClaudeWorld web client does. Configuration:
// see docs/poll.md; all of it is validated here, at init, before any request.

import { withoutPassword } from '../lib/config/target';
import { instanceInfo } from '../lib/k6/instance';
import { createPollVu, paceWholeSchedule } from '../lib/k6/poll-vu';
import { createTestRooms, removeTestRooms } from '../lib/k6/test-rooms';
import { createWriter } from '../lib/k6/writer';
import { writerEnabled } from '../lib/live-rooms/config';
import { POLL_CONFIG_PART, roomCount } from '../lib/poll/config';
import { vuCount } from '../lib/poll/load-model';
import { pollK6Thresholds, pollOptions, sharedRoomWaitMs } from '../lib/poll/options';
import { renderPollSummaryFiles } from '../lib/poll/report';
import { defineScenario } from '../lib/scenario';
import { setupRoomIds, setupRunId, type TestRooms } from '../lib/test-rooms';
import gates from '../thresholds.json';

const scenario = defineScenario('poll', POLL_CONFIG_PART, __ENV);
const config = scenario.config;
const vus = vuCount(config);

export const options = scenario.init(() => pollOptions(config, gates));

export const setup = scenario.setup((): TestRooms | Promise<TestRooms> =>
  createTestRooms({
    baseUrl: config.baseUrl,
    password: config.password,
    count: roomCount(config),
    keepRooms: config.noCleanup,
    runId: config.runId,
    shared: {
      roomWaitMs: sharedRoomWaitMs(roomCount(config)),
      vus,
      vusConfigured: config.vus !== undefined,
      users: config.users,
    },
  }),
);

const iterate = createPollVu(config, vus);
const liveRooms = writerEnabled(config.live);

export default function pollRooms(data: TestRooms): void {
  // With the writer beside it, the poll scenario is per-vu-iterations (see lib/poll/options.ts).
  if (liveRooms) paceWholeSchedule(config, vus, data);
  else iterate(data);
}

/** The live-room writer's iteration (its own scenario, only with MESSAGES_PER_MINUTE). */
export const write = createWriter(config.baseUrl, config.live, config.durationMs);

export function teardown(data: TestRooms): void {
  removeTestRooms(config.baseUrl, data, config.noCleanup, config.cleanupGraceMs);
}

export const handleSummary = scenario.handleSummary(
  (data, setupData) =>
    renderPollSummaryFiles(data, {
      config: withoutPassword(config),
      vus,
      roomIds: setupRoomIds(setupData),
      instance: instanceInfo(setupRunId(setupData) ?? config.runId ?? null),
    }),
  scenario.init(() => pollK6Thresholds(config, gates)),
);
