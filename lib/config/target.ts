// The target part, in every scenario: which backend, how to log in, and what the run leaves
// behind (rooms, summary files).

import { parseRunId } from '../distributed';
import { parseBaseUrl, parseBoolean, readEnv } from '../env';
import { configPart } from './part';

export interface TargetConfig {
  /** BASE_URL: the backend, without a trailing slash. Default `http://localhost:8000`. */
  baseUrl: string;
  /** PASSWORD: the login password. Default unset: the k6 secret `password` is asked. */
  password: string | undefined;
  /** NO_CLEANUP: keep the test rooms after the run. Default false. */
  noCleanup: boolean;
  /** SUMMARY_DIR: folder of the summary files. Default '': k6's working directory. */
  summaryDir: string;
  /**
   * RUN_ID: names the test rooms; every instance of a distributed run needs the same one.
   * Default unset: setup makes one up.
   */
  runId: string | undefined;
}

export const TARGET_PART = configPart(
  ['BASE_URL', 'PASSWORD', 'NO_CLEANUP', 'SUMMARY_DIR', 'RUN_ID'],
  (env): TargetConfig => ({
    baseUrl: parseBaseUrl(env, 'BASE_URL', 'http://localhost:8000'),
    password: readEnv(env, 'PASSWORD'),
    noCleanup: parseBoolean(env, 'NO_CLEANUP', false),
    summaryDir: readEnv(env, 'SUMMARY_DIR') ?? '',
    runId: parseRunId(env),
  }),
);

/** The configuration without its secret, for reports and logs. */
export function withoutPassword<C extends { password: unknown }>(config: C): Omit<C, 'password'> {
  const { password: _secret, ...rest } = config;
  return rest;
}
