// The capacity scenario's configuration: steps of simulated users (START_USERS, then
// STEP_USERS more or STEP_FACTOR times more, up to MAX_USERS), each STEP_DURATION long, with
// the poll scenario's room and interval settings. Validated at init, one line per problem.

import {
  ConfigError,
  type Env,
  parseBaseUrl,
  parseBoolean,
  parseChoice,
  parseDurationEnv,
  parseInteger,
  parseNumber,
  readEnv,
} from '../env';
import { type LiveRoomsConfig, parseLiveRoomsConfig } from '../live-rooms/config';
import { DEFAULT_LIMITS, ROOM_MODES, type RoomMode } from '../poll/config';
import { parseScaleUsers } from '../scaling/estimates';

/** `ignore`: 429s are a per-IP limit, not server capacity; `count`: they count as errors. */
export const RATE_LIMIT_MODES = ['ignore', 'count'] as const;
export type RateLimitMode = (typeof RATE_LIMIT_MODES)[number];

/** More steps than this would be a mistake (STEP_USERS far too small for MAX_USERS). */
export const MAX_STEPS = 50;

/** The peak plus this share is what PEAK_USERS asks the backend to hold. */
export const PEAK_MARGIN = 1.2;

export interface CapacityConfig {
  baseUrl: string;
  password: string | undefined;
  startUsers: number;
  /** Users added per step; undefined when STEP_FACTOR is used. */
  stepUsers: number | undefined;
  /** Users multiplied per step; undefined when STEP_USERS is used. */
  stepFactor: number | undefined;
  stepDurationMs: number;
  maxUsers: number;
  /** The expected peak; undefined when not given. */
  peakUsers: number | undefined;
  rooms: number;
  roomMode: RoomMode;
  pollIntervalMs: number;
  rateLimits: RateLimitMode;
  stopOnFail: boolean;
  live: LiveRoomsConfig;
  limits: { poll: number; agents: number };
  scaleUsers: number[];
  noCleanup: boolean;
  summaryDir: string;
}

function invalid(name: string, env: Env, expected: string): ConfigError {
  return new ConfigError(`${name}: got ${JSON.stringify(env[name])}; expected ${expected}`);
}

/** The users PEAK_USERS x 1.2 asks for, rounded up. */
export function peakTarget(peakUsers: number): number {
  return Math.ceil(peakUsers * PEAK_MARGIN - 1e-9);
}

export function parseCapacityConfig(env: Env): CapacityConfig {
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
  const pollIntervalMs = parseDurationEnv(env, 'POLL_INTERVAL', 4000, { minMs: 100 });
  const stepDurationMs = parseDurationEnv(env, 'STEP_DURATION', 60_000, { minMs: 1000 });
  if (stepDurationMs < 2 * pollIntervalMs) {
    throw invalid(
      'STEP_DURATION',
      env,
      `at least two poll intervals (${(2 * pollIntervalMs) / 1000}s at POLL_INTERVAL ${pollIntervalMs / 1000}s), so every user polls in each step`,
    );
  }
  const config: CapacityConfig = {
    baseUrl: parseBaseUrl(env, 'BASE_URL', 'http://localhost:8000'),
    password: readEnv(env, 'PASSWORD'),
    startUsers,
    stepUsers,
    stepFactor,
    stepDurationMs,
    maxUsers,
    peakUsers,
    rooms: parseInteger(env, 'ROOMS', 2, { min: 1, max: 1000 }),
    roomMode: parseChoice(env, 'ROOM_MODE', ROOM_MODES, 'shared'),
    pollIntervalMs,
    rateLimits: parseChoice(env, 'RATE_LIMITS', RATE_LIMIT_MODES, 'ignore'),
    stopOnFail: parseBoolean(env, 'STOP_ON_FAIL', true),
    live: parseLiveRoomsConfig(env),
    limits: {
      poll: parseInteger(env, 'LIMIT_POLL', DEFAULT_LIMITS.poll, { min: 1 }),
      agents: parseInteger(env, 'LIMIT_AGENTS', DEFAULT_LIMITS.agents, { min: 1 }),
    },
    scaleUsers: parseScaleUsers(env),
    noCleanup: parseBoolean(env, 'NO_CLEANUP', false),
    summaryDir: readEnv(env, 'SUMMARY_DIR') ?? '',
  };
  const steps = stepCount(config);
  if (steps > MAX_STEPS) {
    const name = hasStepFactor ? 'STEP_FACTOR' : 'STEP_USERS';
    throw invalid(
      name,
      env,
      `a step that reaches MAX_USERS (${maxUsers}) from START_USERS (${startUsers}) in at most ${MAX_STEPS} steps (this makes ${steps})`,
    );
  }
  return config;
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

/** The configuration without secrets, for reports. */
export function publicCapacityConfig(c: CapacityConfig): Omit<CapacityConfig, 'password'> {
  const { password: _secret, ...rest } = c;
  return rest;
}
