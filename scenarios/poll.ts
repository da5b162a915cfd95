// `k6 run dist/poll.js`: USERS simulated users keep ROOMS chat rooms open and poll both
// endpoints of each every POLL_INTERVAL, as the ClaudeWorld web client does. Configuration:
// see README.md; all of it is validated here, at init, before any request.

import { pollSetup, pollTeardown } from '../lib/k6/poll-lifecycle';
import { createPollVu } from '../lib/k6/poll-vu';
import { vuCount } from '../lib/load-model';
import { parsePollConfig, publicPollConfig } from '../lib/poll-config';
import { pollOptions } from '../lib/poll-options';
import { type PollSetupData, setupRoomIds } from '../lib/poll-setup-data';
import { renderPollSummaryFiles } from '../lib/report/poll-report';
import type { SummaryData } from '../lib/summary-data';
import gates from '../thresholds.json';

const config = parsePollConfig(__ENV);
const vus = vuCount(config);

export const options = pollOptions(config, gates);

export function setup(): PollSetupData | Promise<PollSetupData> {
  return pollSetup(config);
}

const iterate = createPollVu(config, vus);

export default function pollRooms(data: PollSetupData): void {
  iterate(data);
}

export function teardown(data: PollSetupData): void {
  pollTeardown(config, data);
}

export function handleSummary(data: SummaryData): Record<string, string> {
  // setup_data carries the API key to the VUs; the report gets the room ids and nothing else.
  const { setup_data: setupData, ...withoutSetupData } = data;
  return renderPollSummaryFiles(withoutSetupData, {
    config: publicPollConfig(config),
    vus,
    roomIds: setupRoomIds(setupData),
  });
}
