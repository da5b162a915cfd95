// The poll scenario's configuration, read from k6 env once at init and validated before any
// request. Defaults follow the old Python tool (10 users, 2 rooms, 60 s, polls every 4 s).

import { parseRunId } from '../distributed';
import {
  ConfigError,
  type Env,
  formatDurationMs,
  parseBaseUrl,
  parseBoolean,
  parseChoice,
  parseDurationEnv,
  parseInteger,
  readEnv,
} from '../env';
import { type LiveRoomsConfig, parseLiveRoomsConfig } from '../live-rooms/config';
import { parseScaleUsers } from '../scaling/estimates';

export const ROOM_MODES = ['shared', 'per-user'] as const;
export type RoomMode = (typeof ROOM_MODES)[number];

export const START_PHASES = ['spread', 'burst'] as const;
/** `spread`: users' first polls are spread across the interval; `burst`: all at once (old tool). */
export type StartPhase = (typeof START_PHASES)[number];

/** Default rate limits per minute and per path, as the real backend has them (docs/backend.md). */
export const DEFAULT_LIMITS = { poll: 60, agents: 120 } as const;

export interface PollConfig {
  /** The backend, without a trailing slash. Default `http://localhost:8000`. */
  baseUrl: string;
  /** The login password from `PASSWORD`; undefined means: ask the k6 secret `password`. */
  password: string | undefined;
  /** Simulated users. Default 10. */
  users: number;
  /** Rooms each user keeps open. Default 2. */
  rooms: number;
  /** `shared`: all users poll the same rooms; `per-user`: each user has its own. */
  roomMode: RoomMode;
  /** Test length in ms. Default 60 s. */
  durationMs: number;
  /** Each user polls each room this often, in ms. Default 4 s. */
  pollIntervalMs: number;
  /** Keep the test rooms after the run. Default false. */
  noCleanup: boolean;
  /** How users' first polls are placed in the interval. Default `spread`. */
  startPhase: StartPhase;
  /** Users join evenly over this many ms (RAMP_UP) instead of within the first interval; 0: off. */
  rampUpMs: number;
  /** VUs that pace the users; undefined: derived from the planned request rate. */
  vus: number | undefined;
  /** The server's per-path limits per minute, for the report's rate-limit model. */
  limits: { poll: number; agents: number };
  /** Folder for summary.json and junit.xml; '' is the working directory. */
  summaryDir: string;
  /** RUN_ID: names the rooms; every instance of a distributed run needs the same one. */
  runId: string | undefined;
  /** How long a distributed run's teardown waits for every instance to stop. Default 60 s. */
  cleanupGraceMs: number;
  /** Live rooms: the writer's MESSAGES_PER_MINUTE (0: off) and MESSAGE_BYTES. */
  live: LiveRoomsConfig;
  /** User counts of the scaling estimates table (SCALE_USERS). */
  scaleUsers: number[];
}

/** CLEANUP_GRACE's default: instances of one k6-operator run stop within seconds of each other. */
export const DEFAULT_CLEANUP_GRACE_MS = 60_000;

/** Reads and validates the poll scenario's configuration; throws one {@link ConfigError}. */
export function parsePollConfig(env: Env): PollConfig {
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
    baseUrl: parseBaseUrl(env, 'BASE_URL', 'http://localhost:8000'),
    password: readEnv(env, 'PASSWORD'),
    users,
    rooms: parseInteger(env, 'ROOMS', 2, { min: 1, max: 1000 }),
    roomMode: parseChoice(env, 'ROOM_MODE', ROOM_MODES, 'shared'),
    durationMs,
    pollIntervalMs: parseDurationEnv(env, 'POLL_INTERVAL', 4000, { minMs: 100 }),
    noCleanup: parseBoolean(env, 'NO_CLEANUP', false),
    startPhase,
    rampUpMs: parseRampUp(env, durationMs, startPhase),
    vus,
    limits: {
      poll: parseInteger(env, 'LIMIT_POLL', DEFAULT_LIMITS.poll, { min: 1 }),
      agents: parseInteger(env, 'LIMIT_AGENTS', DEFAULT_LIMITS.agents, { min: 1 }),
    },
    summaryDir: readEnv(env, 'SUMMARY_DIR') ?? '',
    runId: parseRunId(env),
    cleanupGraceMs: parseDurationEnv(env, 'CLEANUP_GRACE', DEFAULT_CLEANUP_GRACE_MS, {
      minMs: 0,
    }),
    live: parseLiveRoomsConfig(env),
    scaleUsers: parseScaleUsers(env),
  };
}

/** RAMP_UP: 0 (off) or shorter than the run, and not combined with START_PHASE=burst. */
export function parseRampUp(env: Env, durationMs: number, startPhase: StartPhase): number {
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

/** The configuration without secrets, for reports and logs. */
export function publicPollConfig(config: PollConfig): Omit<PollConfig, 'password'> {
  const { password: _secret, ...rest } = config;
  return rest;
}
