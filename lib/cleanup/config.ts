// The cleanup's configuration (`npm run cleanup`, `k6 run dist/cleanup.js`): the target, and
// which leftovers to delete: those of one run (RUN_ID), or every test room and world older
// than OLDER_THAN; DRY_RUN lists them without deleting.

import { extendPart } from '../config/part';
import { TARGET_PART } from '../config/target';
import { ConfigError, parseBoolean, parseDurationEnv, readEnv } from '../env';

export interface CleanupConfig {
  /** OLDER_THAN: delete every `loadtest-` room and world created this long ago or earlier; undefined with RUN_ID. */
  olderThanMs: number | undefined;
  /** DRY_RUN: list what would be deleted, delete nothing. Default false. */
  dryRun: boolean;
}

export const CLEANUP_CONFIG_PART = extendPart(
  TARGET_PART,
  ['OLDER_THAN', 'DRY_RUN'],
  (env, target): CleanupConfig => {
    const olderThanMs =
      readEnv(env, 'OLDER_THAN') === undefined
        ? undefined
        : parseDurationEnv(env, 'OLDER_THAN', 0, { minMs: 0 });
    if ((target.runId === undefined) === (olderThanMs === undefined)) {
      throw new ConfigError(
        `RUN_ID or OLDER_THAN: ${target.runId === undefined ? 'neither is set' : 'both are set'}; expected one: RUN_ID=<id> deletes one run's test rooms and worlds, OLDER_THAN=2h every loadtest- room and world created 2 h ago or earlier`,
      );
    }
    return { olderThanMs, dryRun: parseBoolean(env, 'DRY_RUN', false) };
  },
);
