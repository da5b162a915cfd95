// The polling-load part, shared by the poll and capacity scenarios: the client model the
// simulated users run (CLIENT), the rooms each keeps open, how often the seed model polls them,
// the server's limits the load model judges against, the live-room writer and the scaling
// estimates' user counts. A variable added here reaches
// both scenarios, the capacity steps (lib/capacity/steps.ts) and the misspelling warning.

import {
  CLIENT_MODELS,
  type ClientModel,
  fastestClientPeriodMs,
  LIMIT_ENV_NAMES,
  type LimitEnvName,
  RATE_LIMITED_ENDPOINTS,
  type RateLimitedEndpoint,
  rateLimitOf,
} from '../endpoints';
import {
  ConfigError,
  type EnvOf,
  formatDurationMs,
  parseChoice,
  parseDuration,
  parseInteger,
  readEnv,
} from '../env';
import { LIVE_ROOMS_PART, type LiveRoomsConfig, writerEnabled } from '../live-rooms/config';
import { configPart } from './part';

export const ROOM_MODES = ['shared', 'per-user'] as const;
export type RoomMode = (typeof ROOM_MODES)[number];

export const DEFAULT_SCALE_USERS = [50, 100, 500, 1000];

export interface PollingLoadConfig {
  /**
   * CLIENT: `seed`, the old script (both room paths every POLL_INTERVAL); `chat`, today's
   * chat-room view; `game`, today's game view (docs/clients.md). Default `seed`.
   */
  client: ClientModel;
  /** ROOMS: rooms each user keeps open (with CLIENT=game: its world, so 1). Default 2. */
  rooms: number;
  /** ROOM_MODE: `shared`, all users poll the same rooms, or `per-user`. Default `shared`. */
  roomMode: RoomMode;
  /**
   * POLL_INTERVAL: each user polls each room this often, in ms (CLIENT=seed; the chat and game
   * models follow the web client's own timers). Default 4 s.
   */
  pollIntervalMs: number;
  /**
   * LIMIT_POLL, LIMIT_AGENTS: the server's per-path limits per minute of the rate-limited
   * kinds of the table of endpoints (lib/endpoints.ts). Default 60, 120.
   */
  limits: Record<RateLimitedEndpoint, number>;
  /** Live rooms: the writer's MESSAGES_PER_MINUTE (default 0: off) and MESSAGE_BYTES. */
  live: LiveRoomsConfig;
  /** SCALE_USERS: user counts of the scaling estimates table. Default 50,100,500,1000. */
  scaleUsers: number[];
}

export const POLLING_LOAD_PART = configPart(
  [
    'CLIENT',
    'ROOMS',
    'ROOM_MODE',
    'POLL_INTERVAL',
    ...LIMIT_ENV_NAMES,
    'SCALE_USERS',
    ...LIVE_ROOMS_PART.names,
  ],
  (env): PollingLoadConfig => {
    const client = parseChoice(env, 'CLIENT', CLIENT_MODELS, 'seed');
    const live = LIVE_ROOMS_PART.parse(env);
    if (client !== 'seed' && readEnv(env, 'POLL_INTERVAL') !== undefined) {
      throw new ConfigError(
        `POLL_INTERVAL: got ${JSON.stringify(env.POLL_INTERVAL)}; it is CLIENT=seed's: the ${client} model polls on the web client's own timers (docs/clients.md), so leave it unset`,
      );
    }
    if (client === 'game' && writerEnabled(live)) {
      throw new ConfigError(
        `MESSAGES_PER_MINUTE: got ${JSON.stringify(env.MESSAGES_PER_MINUTE)}; expected 0 with CLIENT=game: a world's room has an agent, so a message posted there starts a model call (use CLIENT=chat for live rooms)`,
      );
    }
    return {
      client,
      rooms: parseRooms(env, client),
      roomMode: parseChoice(env, 'ROOM_MODE', ROOM_MODES, 'shared'),
      pollIntervalMs: parsePollInterval(env),
      limits: parseLimits(env),
      live,
      scaleUsers: parseScaleUsers(env),
    };
  },
);

/** ROOMS: 2 by default; the game view shows one world per user, so 1 with CLIENT=game. */
function parseRooms(env: EnvOf<'ROOMS'>, client: ClientModel): number {
  if (client !== 'game') return parseInteger(env, 'ROOMS', 2, { min: 1, max: 1000 });
  const rooms = parseInteger(env, 'ROOMS', 1, { min: 1, max: 1000 });
  if (rooms !== 1) {
    throw new ConfigError(
      `ROOMS: got ${JSON.stringify(env.ROOMS)}; expected 1 with CLIENT=game: the game view shows one world per user (ROOM_MODE=shared: all users in one world; per-user: a world each)`,
    );
  }
  return rooms;
}

/**
 * The shortest POLL_INTERVAL: no ClaudeWorld client polls faster (the web client's fastest
 * timer is fastestClientPeriodMs(), 1.5 s; the old script polled every 4 s). Below it a run
 * models no user; hammering the rate limiter is dist/ratelimit.js's job.
 */
export const MIN_POLL_INTERVAL_MS = 1000;

function parsePollInterval(env: EnvOf<'POLL_INTERVAL'>): number {
  const raw = readEnv(env, 'POLL_INTERVAL');
  const ms = raw === undefined ? 4000 : parseDuration(raw);
  if (ms === undefined || ms < MIN_POLL_INTERVAL_MS) {
    throw new ConfigError(
      `POLL_INTERVAL: got ${JSON.stringify(raw)}; expected a duration of at least ${formatDurationMs(MIN_POLL_INTERVAL_MS)}, such as 4s or 2s: no ClaudeWorld client polls faster (the web client's fastest timer is ${formatDurationMs(fastestClientPeriodMs())}); to test the rate limits themselves, run dist/ratelimit.js`,
    );
  }
  return ms;
}

/** Each rate-limited kind's limit from its variable (`LIMIT_POLL`...), by default the server's. */
export function parseLimits(env: EnvOf<LimitEnvName>): Record<RateLimitedEndpoint, number> {
  const limits = {} as Record<RateLimitedEndpoint, number>;
  for (const endpoint of RATE_LIMITED_ENDPOINTS) {
    const { env: name, perMinute } = rateLimitOf(endpoint);
    limits[endpoint] = parseInteger(env, name as LimitEnvName, perMinute, { min: 1 });
  }
  return limits;
}

/** SCALE_USERS: a comma-separated list of user counts (default 50,100,500,1000). */
export function parseScaleUsers(env: EnvOf<'SCALE_USERS'>): number[] {
  const raw = readEnv(env, 'SCALE_USERS');
  if (raw === undefined) return DEFAULT_SCALE_USERS;
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length > 20 || parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) {
    throw new ConfigError(
      `SCALE_USERS: got ${JSON.stringify(raw)}; expected up to 20 whole numbers >= 1 separated by commas, such as 50,100,500,1000`,
    );
  }
  return parts.map(Number);
}
