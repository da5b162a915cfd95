// The capacity scenario's configuration: steps of simulated users (START_USERS, then
// STEP_USERS more or STEP_FACTOR times more, up to MAX_USERS), each STEP_DURATION long, with
// the target and polling-load parts (lib/config/) the poll scenario has too. Validated at init,
// one line per problem.

import { loginWindowMs } from '../clients/model';
import { extendPart, joinParts } from '../config/part';
import { POLLING_LOAD_PART, type PollingLoadConfig } from '../config/polling-load';
import { TARGET_PART, type TargetConfig } from '../config/target';
import {
  ConfigError,
  type Env,
  type EnvOf,
  parseBoolean,
  parseChoice,
  parseDurationEnv,
  parseInteger,
  parseNumber,
  readEnv,
} from '../env';

/** `ignore`: 429s are a per-IP limit, not server capacity; `count`: they count as errors. */
export const RATE_LIMIT_MODES = ['ignore', 'count'] as const;
export type RateLimitMode = (typeof RATE_LIMIT_MODES)[number];

/** More steps than this would be a mistake (STEP_USERS far too small for MAX_USERS). */
export const MAX_STEPS = 50;

/** The peak plus this share is what PEAK_USERS asks the backend to hold. */
export const PEAK_MARGIN = 1.2;

export interface CapacityConfig extends TargetConfig, PollingLoadConfig {
  /** START_USERS: users of the first step. Default 10. */
  startUsers: number;
  /** STEP_USERS: users added per step; undefined when STEP_FACTOR is used. Default START_USERS. */
  stepUsers: number | undefined;
  /** STEP_FACTOR: users multiplied per step; undefined when STEP_USERS is used. */
  stepFactor: number | undefined;
  /** STEP_DURATION: each step's length in ms, at least two poll intervals. Default 60 s. */
  stepDurationMs: number;
  /** MAX_USERS: users of the last step. Default 100 (at least START_USERS), or PEAK_USERS x 1.2. */
  maxUsers: number;
  /** PEAK_USERS: the expected peak; undefined when not given. */
  peakUsers: number | undefined;
  /** RATE_LIMITS: whether 429s count as errors. Default `ignore`. */
  rateLimits: RateLimitMode;
  /** STOP_ON_FAIL: stop after the first step that fails its gates. Default true. */
  stopOnFail: boolean;
}

function invalid<N extends string>(name: N, env: EnvOf<N>, expected: string): ConfigError {
  return new ConfigError(`${name}: got ${JSON.stringify(env[name])}; expected ${expected}`);
}

/** The users PEAK_USERS x 1.2 asks for, rounded up. */
export function peakTarget(peakUsers: number): number {
  return Math.ceil(peakUsers * PEAK_MARGIN - 1e-9);
}

export const CAPACITY_CONFIG_PART = extendPart(
  joinParts(TARGET_PART, POLLING_LOAD_PART),
  [
    'START_USERS',
    'STEP_USERS',
    'STEP_FACTOR',
    'PEAK_USERS',
    'MAX_USERS',
    'STEP_DURATION',
    'RATE_LIMITS',
    'STOP_ON_FAIL',
  ],
  (env, { pollIntervalMs, client }) => {
    const startUsers = parseInteger(env, 'START_USERS', 10, { min: 1, max: 1_000_000 });
    const hasStepUsers = readEnv(env, 'STEP_USERS') !== undefined;
    const hasStepFactor = readEnv(env, 'STEP_FACTOR') !== undefined;
    if (hasStepUsers && hasStepFactor) {
      throw invalid('STEP_FACTOR', env, 'to be unset when STEP_USERS is set (use one of the two)');
    }
    const stepUsers = hasStepFactor
      ? undefined
      : parseInteger(env, 'STEP_USERS', startUsers, { min: 1, max: 1_000_000 });
    const stepFactor = hasStepFactor
      ? parseNumber(env, 'STEP_FACTOR', 2, { min: 1.01, max: 100 })
      : undefined;
    const peakUsers =
      readEnv(env, 'PEAK_USERS') === undefined
        ? undefined
        : parseInteger(env, 'PEAK_USERS', 1, { min: 1, max: 1_000_000 });
    // With PEAK_USERS the run goes up to the peak + 20 % unless told to go further.
    const maxUsers = parseInteger(
      env,
      'MAX_USERS',
      peakUsers === undefined ? Math.max(100, startUsers) : peakTarget(peakUsers),
      { min: 1, max: 1_000_000 },
    );
    if (maxUsers < startUsers) {
      throw invalid('MAX_USERS', env, `at least START_USERS (${startUsers})`);
    }
    if (peakUsers !== undefined && maxUsers < peakTarget(peakUsers)) {
      throw invalid(
        'MAX_USERS',
        env,
        `at least PEAK_USERS x 1.2 (${peakTarget(peakUsers)}), so that the run can show whether the peak + 20 % holds`,
      );
    }
    const stepDurationMs = parseDurationEnv(env, 'STEP_DURATION', 60_000, { minMs: 1000 });
    if (client !== 'seed' && stepDurationMs < 2 * loginWindowMs(client)) {
      const window = loginWindowMs(client) / 1000;
      throw invalid(
        'STEP_DURATION',
        env,
        `at least ${2 * window}s with CLIENT=${client}: each step's users log in over ${window}s (its longest timer), so the step must hold them twice that`,
      );
    }
    if (client === 'seed' && stepDurationMs < 2 * pollIntervalMs) {
      throw invalid(
        'STEP_DURATION',
        env,
        `at least two poll intervals (${(2 * pollIntervalMs) / 1000}s at POLL_INTERVAL ${pollIntervalMs / 1000}s), so every user polls in each step`,
      );
    }
    const steps = stepCount({ startUsers, stepUsers, stepFactor, maxUsers });
    if (steps > MAX_STEPS) {
      const name = hasStepFactor ? 'STEP_FACTOR' : 'STEP_USERS';
      throw invalid(
        name,
        env,
        `a step that reaches MAX_USERS (${maxUsers}) from START_USERS (${startUsers}) in at most ${MAX_STEPS} steps (this makes ${steps})`,
      );
    }
    return {
      startUsers,
      stepUsers,
      stepFactor,
      stepDurationMs,
      maxUsers,
      peakUsers,
      rateLimits: parseChoice(env, 'RATE_LIMITS', RATE_LIMIT_MODES, 'ignore'),
      stopOnFail: parseBoolean(env, 'STOP_ON_FAIL', true),
    };
  },
);

export function parseCapacityConfig(env: Env): CapacityConfig {
  return CAPACITY_CONFIG_PART.parse(env);
}

function nextStepUsers(c: Pick<CapacityConfig, 'stepUsers' | 'stepFactor'>, users: number): number {
  return c.stepFactor === undefined
    ? users + (c.stepUsers ?? 1)
    : Math.max(users + 1, Math.ceil(users * c.stepFactor - 1e-9));
}

/** How many steps the configuration makes, without listing them (it may be very many). */
export function stepCount(
  c: Pick<CapacityConfig, 'startUsers' | 'stepUsers' | 'stepFactor' | 'maxUsers'>,
): number {
  if (c.stepFactor === undefined) {
    return Math.ceil((c.maxUsers - c.startUsers) / (c.stepUsers ?? 1)) + 1;
  }
  // A factor of at least 1.01 reaches a million users from 1 in under 1,400 steps.
  let count = 1;
  for (let users = c.startUsers; users < c.maxUsers; users = nextStepUsers(c, users)) count++;
  return count;
}

/**
 * Users in each step: START_USERS, then + STEP_USERS (or x STEP_FACTOR, rounded up and at
 * least one more), while below MAX_USERS; the last step is MAX_USERS itself.
 */
export function stepUserCounts(
  c: Pick<CapacityConfig, 'startUsers' | 'stepUsers' | 'stepFactor' | 'maxUsers'>,
): number[] {
  const counts: number[] = [];
  let users = c.startUsers;
  // The parser refuses configurations of more than MAX_STEPS steps.
  while (users < c.maxUsers) {
    counts.push(users);
    users = nextStepUsers(c, users);
  }
  counts.push(c.maxUsers);
  return counts;
}

/** Rooms setup creates: ROOMS shared by all, or ROOMS for each of MAX_USERS users. */
export function capacityRoomCount(c: Pick<CapacityConfig, 'rooms' | 'roomMode' | 'maxUsers'>) {
  return c.roomMode === 'shared' ? c.rooms : c.rooms * c.maxUsers;
}

/** What {@link publicCapacityConfig} returns. */
export type PublicCapacityConfig = ReturnType<typeof publicCapacityConfig>;

/** The configuration as the report and summary.json show it: no secret, in a fixed order. */
export function publicCapacityConfig(c: CapacityConfig) {
  return {
    baseUrl: c.baseUrl,
    startUsers: c.startUsers,
    stepUsers: c.stepUsers,
    stepFactor: c.stepFactor,
    stepDurationMs: c.stepDurationMs,
    maxUsers: c.maxUsers,
    peakUsers: c.peakUsers,
    rooms: c.rooms,
    roomMode: c.roomMode,
    pollIntervalMs: c.pollIntervalMs,
    rateLimits: c.rateLimits,
    stopOnFail: c.stopOnFail,
    live: c.live,
    limits: c.limits,
    scaleUsers: c.scaleUsers,
    noCleanup: c.noCleanup,
    summaryDir: c.summaryDir,
    client: c.client,
  };
}
