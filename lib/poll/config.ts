// The poll scenario's configuration: the target and polling-load parts (lib/config/) and the
// poll scenario's own variables, read from k6 env once at init and validated before any
// request. Defaults follow the old Python tool (10 users, 2 rooms, 60 s, polls every 4 s).

import { extendPart, joinParts } from '../config/part';
import { POLLING_LOAD_PART, type PollingLoadConfig } from '../config/polling-load';
import { TARGET_PART, type TargetConfig } from '../config/target';
import {
  ConfigError,
  type Env,
  type EnvOf,
  formatDurationMs,
  parseChoice,
  parseDurationEnv,
  parseInteger,
  readEnv,
} from '../env';

export const START_PHASES = ['spread', 'burst'] as const;
/** `spread`: users' first polls are spread across the interval; `burst`: all at once (old tool). */
export type StartPhase = (typeof START_PHASES)[number];

export interface PollConfig extends TargetConfig, PollingLoadConfig {
  /** USERS: simulated users. Default 10. */
  users: number;
  /** DURATION: test length in ms. Default 60 s. */
  durationMs: number;
  /** START_PHASE: how users' first polls are placed in the interval. Default `spread`. */
  startPhase: StartPhase;
  /** RAMP_UP: users join evenly over this many ms instead of within the first interval. Default 0: off. */
  rampUpMs: number;
  /** VUS: VUs that pace the users. Default unset: derived from the planned request rate. */
  vus: number | undefined;
  /** CLEANUP_GRACE: how long a distributed run's teardown waits for every instance to stop. Default 60 s. */
  cleanupGraceMs: number;
}

/** The configuration a report is of: everything but the password. */
export type RunConfig = Omit<PollConfig, 'password'>;

/** CLEANUP_GRACE's default: instances of one k6-operator run stop within seconds of each other. */
export const DEFAULT_CLEANUP_GRACE_MS = 60_000;

export const POLL_CONFIG_PART = extendPart(
  joinParts(TARGET_PART, POLLING_LOAD_PART),
  ['USERS', 'VUS', 'DURATION', 'START_PHASE', 'RAMP_UP', 'CLEANUP_GRACE'],
  (env) => {
    const users = parseInteger(env, 'USERS', 10, { min: 1, max: 1_000_000 });
    const vus =
      readEnv(env, 'VUS') === undefined ? undefined : parseInteger(env, 'VUS', 1, { min: 1 });
    if (vus !== undefined && vus > users) {
      throw new ConfigError(
        `VUS: got ${JSON.stringify(env.VUS)}; expected at most USERS (${users}): each VU paces at least one user`,
      );
    }
    const durationMs = parseDurationEnv(env, 'DURATION', 60_000, { minMs: 1000 });
    const startPhase = parseChoice(env, 'START_PHASE', START_PHASES, 'spread');
    return {
      users,
      durationMs,
      startPhase,
      rampUpMs: parseRampUp(env, durationMs, startPhase),
      vus,
      cleanupGraceMs: parseDurationEnv(env, 'CLEANUP_GRACE', DEFAULT_CLEANUP_GRACE_MS, {
        minMs: 0,
      }),
    };
  },
);

/** Reads and validates the poll scenario's configuration; throws one {@link ConfigError}. */
export function parsePollConfig(env: Env): PollConfig {
  return POLL_CONFIG_PART.parse(env);
}

/** RAMP_UP: 0 (off) or shorter than the run, and not combined with START_PHASE=burst. */
function parseRampUp(env: EnvOf<'RAMP_UP'>, durationMs: number, startPhase: StartPhase): number {
  const rampUpMs = parseDurationEnv(env, 'RAMP_UP', 0, { minMs: 0 });
  if (rampUpMs >= durationMs) {
    throw new ConfigError(
      `RAMP_UP: got ${JSON.stringify(env.RAMP_UP)}; expected less than DURATION (${formatDurationMs(durationMs)}), or 0`,
    );
  }
  if (rampUpMs > 0 && startPhase === 'burst') {
    throw new ConfigError(
      `RAMP_UP: got ${JSON.stringify(env.RAMP_UP)}; START_PHASE=burst starts every user at once, so RAMP_UP must be 0 with it`,
    );
  }
  return rampUpMs;
}

/** How many rooms setup creates: `ROOMS`, or one set per user in `per-user` mode. */
export function roomCount(config: Pick<PollConfig, 'users' | 'rooms' | 'roomMode'>): number {
  return config.roomMode === 'shared' ? config.rooms : config.users * config.rooms;
}
