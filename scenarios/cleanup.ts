// `k6 run -e BASE_URL=... -e PASSWORD=... -e RUN_ID=<id> dist/cleanup.js`: deletes the test
// rooms and worlds a killed run left behind (`OLDER_THAN=2h` instead: every `loadtest-` one
// created that long ago; `DRY_RUN=true`: only lists them). `npm run cleanup` runs it with the
// k6 it finds. Configuration: docs/cleanup.md.

import { CLEANUP_CONFIG_PART } from '../lib/cleanup/config';
import { type CleanupOutcome, renderCleanup } from '../lib/cleanup/run';
import { failIfLeftBehind, runCleanup } from '../lib/k6/cleanup';
import { readRunNote } from '../lib/run-status';
import { defineScenario } from '../lib/scenario';

const scenario = defineScenario('cleanup', CLEANUP_CONFIG_PART, __ENV);
const config = scenario.config;

export const options = scenario.init(() => ({
  scenarios: { cleanup: { executor: 'shared-iterations' as const, vus: 1, iterations: 1 } },
  setupTimeout: '5m',
}));

export const setup = scenario.setup(() => runCleanup(config));

/** The work is setup's: nothing to do per iteration. */
export default function idle(): void {}

export function teardown(outcome: CleanupOutcome): void {
  failIfLeftBehind(outcome);
}

export const handleSummary = scenario.handleSummary((data, setupData) => {
  const outcome = setupData as CleanupOutcome | undefined;
  if (outcome?.entries !== undefined) return { stdout: renderCleanup(outcome) };
  const cause = readRunNote(data.root_group, 'setup failed') ?? 'see the k6 output';
  return {
    stdout: `ClaudeWorld cleanup on ${config.baseUrl} failed, nothing was deleted: ${cause}\n`,
  };
});
