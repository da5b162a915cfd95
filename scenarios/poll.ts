// `k6 run dist/poll.js`: USERS simulated users of a ClaudeWorld client model (CLIENT): the old
// script's (seed: both endpoints of ROOMS rooms every POLL_INTERVAL), or today's web client's
// chat-room or game view with its SSE streams (docs/clients.md). Configuration: see
// docs/poll.md; all of it is validated here, at init, before any request.

import { withoutPassword } from '../lib/config/target';
import { createClientVu } from '../lib/k6/client-vu';
import { instanceInfo } from '../lib/k6/instance';
import { createTimeline } from '../lib/k6/poll-metrics';
import { createPollVu, paceWholeSchedule } from '../lib/k6/poll-vu';
import { recordLoadStop } from '../lib/k6/run-status';
import { checkSummaryDirAtInit } from '../lib/k6/summary-dir';
import { createTestRooms, removeTestRooms } from '../lib/k6/test-rooms';
import { createWriter, liveRoomVuRole } from '../lib/k6/writer';
import { writerEnabled } from '../lib/live-rooms/config';
import { runVuCount } from '../lib/plan';
import { POLL_CONFIG_PART, roomCount } from '../lib/poll/config';
import { pollGates, pollK6Thresholds, pollOptions, sharedRoomWaitMs } from '../lib/poll/options';
import { renderPollSummaryFiles } from '../lib/poll/report';
import { defineScenario } from '../lib/scenario';
import { setupK6Version, setupRoomIds, setupRunId, type TestRooms } from '../lib/test-rooms';
import { abortingThresholds } from '../lib/thresholds';
import thresholdsFile from '../thresholds.json';

const scenario = defineScenario('poll', POLL_CONFIG_PART, __ENV);
const config = scenario.config;
// Before any request: k6 creates no folder, and would say so only after the run.
scenario.init(() => checkSummaryDirAtInit(config.summaryDir, __ENV));
const vus = runVuCount(config);
const gates = scenario.init(() => pollGates(config, thresholdsFile));

export const options = scenario.init(() => pollOptions(config, gates));

export const setup = scenario.setup((): TestRooms | Promise<TestRooms> =>
  createTestRooms({
    baseUrl: config.baseUrl,
    password: config.password,
    count: roomCount(config),
    what: config.client === 'game' ? 'worlds' : 'rooms',
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

const timeline = createTimeline(config);
const iterate = createPollVu(config, vus, undefined, timeline);
const liveRooms = writerEnabled(config.live);
const runClients =
  config.client === 'seed' ? undefined : createClientVu(config, vus, undefined, timeline);

const write = createWriter(config.baseUrl, config.live, config.durationMs);

export default function pollRooms(data: TestRooms): void | Promise<void> {
  if (!liveRooms) return runClients === undefined ? iterate(data) : runClients(data);
  // With live rooms one per-vu-iterations scenario: its last VUs write (lib/poll/options.ts).
  const role = liveRoomVuRole(vus, config.live, data.roomIds.length);
  if (role.kind === 'writer') return write(data, role.place);
  if (runClients !== undefined) return runClients(data, role.shard);
  paceWholeSchedule(config, vus, data, role.shard, timeline);
}

export function teardown(data: TestRooms): void {
  recordLoadStop(data);
  removeTestRooms(config.baseUrl, data, config.noCleanup, config.cleanupGraceMs);
}

export const handleSummary = scenario.handleSummary(
  (data, setupData) =>
    renderPollSummaryFiles(data, {
      config: withoutPassword(config),
      vus,
      roomIds: setupRoomIds(setupData),
      instance: instanceInfo(setupRunId(setupData) ?? config.runId ?? null),
      abortingThresholds: abortingThresholds(gates),
      gates,
      endedAtMs: Date.now(),
      k6Version: setupK6Version(setupData),
    }),
  scenario.init(() => pollK6Thresholds(config, gates)),
);
