// dist/cleanup.js in k6: logs in as admin and deletes the test rooms and worlds a run left
// (lib/cleanup/), in setup, whose result handleSummary prints.

import exec from 'k6/execution';
import { login, SetupError } from '../backend';
import type { CleanupConfig } from '../cleanup/config';
import { type CleanupOutcome, cleanUp, cleanupSucceeded } from '../cleanup/run';
import type { LeftoverCriteria } from '../cleanup/select';
import type { TargetConfig } from '../config/target';
import { k6HttpSeam } from './http-seam';
import { withPassword } from './password';
import { setupOrStop } from './run-status';

function criteriaOf(config: TargetConfig & CleanupConfig): LeftoverCriteria {
  return config.runId !== undefined
    ? { runId: config.runId }
    : { cutoffMs: Date.now() - (config.olderThanMs ?? 0) };
}

/** Setup's work: a Promise only when the password comes from a k6 secret. */
export function runCleanup(
  config: TargetConfig & CleanupConfig,
): CleanupOutcome | Promise<CleanupOutcome> {
  return setupOrStop(() =>
    withPassword(config.password, (password) => {
      const session = login(k6HttpSeam, config.baseUrl, password);
      if (session.role !== 'admin' && !config.dryRun) {
        throw new SetupError(
          `PASSWORD logs in as ${session.role}, but deleting rooms needs the admin password (DRY_RUN=true lists them with any login)`,
        );
      }
      return cleanUp(k6HttpSeam, {
        baseUrl: config.baseUrl,
        apiKey: session.apiKey,
        criteria: criteriaOf(config),
        dryRun: config.dryRun,
      });
    }),
  );
}

/** Teardown's part: a cleanup that could not delete everything ends with exit code 110. */
export function failIfLeftBehind(outcome: CleanupOutcome): void {
  if (!cleanupSucceeded(outcome)) exec.test.fail('some rooms or worlds could not be deleted');
}
