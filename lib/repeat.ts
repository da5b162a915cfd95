// REPEAT=N runs a scenario N times with a pause between runs (REPEAT_PAUSE, default one
// rate-limit window), keeping each run's files as summary-N.json etc. Pure: the settings and
// the file names; scripts/repeat.ts runs the scenario.

import { type Env, parseDurationEnv, parseInteger } from './env';

export interface RepeatConfig {
  runs: number;
  pauseMs: number;
}

/** One rate-limit window of the ClaudeWorld backend: runs then start with fresh buckets. */
export const DEFAULT_REPEAT_PAUSE_MS = 60_000;
export const MAX_REPEAT = 100;

/** REPEAT (1..100, default 1) and REPEAT_PAUSE (default 60s, 0 allowed); throws ConfigError. */
export function parseRepeatConfig(env: Env): RepeatConfig {
  return {
    runs: parseInteger(env, 'REPEAT', 1, { min: 1, max: MAX_REPEAT }),
    pauseMs: parseDurationEnv(env, 'REPEAT_PAUSE', DEFAULT_REPEAT_PAUSE_MS, { minMs: 0 }),
  };
}

/** The files a run writes into SUMMARY_DIR that a repeat keeps per run. */
export const PER_RUN_FILES: readonly string[] = ['summary.json', 'junit.xml', 'summary.html'];

/** `summary.json`, run 2 -> `summary-2.json` (a name works too: `summary-game.json`). */
export function perRunName(file: string, run: number | string): string {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? `${file}-${run}` : `${file.slice(0, dot)}-${run}${file.slice(dot)}`;
}

/** The exit code of the whole repeat: the first failing run's, else 0. */
export function repeatExitCode(codes: readonly number[]): number {
  return codes.find((code) => code !== 0) ?? 0;
}
