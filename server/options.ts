// The stand-in server's settings, read once from the environment. Every error names the
// variable (lib/env.ts), so `npm run target` stops at start with one clear line.

import {
  ConfigError,
  type Env,
  parseBoolean,
  parseChoice,
  parseDurationEnv,
  parseInteger,
  parseNumber,
  readEnv,
} from '../lib/env';
import { DEFAULT_MAX_QUEUE_WAIT_MS } from './capacity';

/** The endpoints the real backend rate-limits (slowapi decorators). */
export const LIMITED_ENDPOINTS = ['login', 'poll', 'agents', 'send'] as const;
export type LimitedEndpoint = (typeof LIMITED_ENDPOINTS)[number];

/**
 * Endpoints that fault injection can target: the limited ones, health, the room routes
 * (`rooms`), the SSE ticket and stream (`stream`) and every /worlds route (`worlds`).
 */
export const FAULT_ENDPOINTS = [
  'login',
  'health',
  'rooms',
  'poll',
  'agents',
  'send',
  'stream',
  'worlds',
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

/** How a stream beyond FAULT_STREAM_LIMIT is refused (see README). */
export const STREAM_REFUSALS = ['503', 'close'] as const;
export type StreamRefusal = (typeof STREAM_REFUSALS)[number];

export const RATE_LIMIT_PROFILES = ['current', 'earlier'] as const;
export type RateLimitProfile = (typeof RATE_LIMIT_PROFILES)[number];

/** Requests per window per client IP and path, as the backend releases had them (docs/backend.md). */
export const PROFILE_LIMITS: Readonly<Record<RateLimitProfile, Record<LimitedEndpoint, number>>> = {
  current: { login: 20, poll: 60, agents: 120, send: 30 },
  earlier: { login: 20, poll: 360, agents: 600, send: 60 },
};

const LIMIT_ENV: Readonly<Record<LimitedEndpoint, string>> = {
  login: 'LIMIT_LOGIN',
  poll: 'LIMIT_POLL',
  agents: 'LIMIT_AGENTS',
  send: 'LIMIT_SEND',
};

export type PerEndpoint = Readonly<Record<FaultEndpoint, number>>;

export interface ServerOptions {
  host: string;
  /** 0 lets the OS pick a free port. */
  port: number;
  adminPassword: string;
  /** True when TARGET_PASSWORD is unset and the documented default is in use. */
  adminPasswordIsDefault: boolean;
  /** Guest logins are refused when undefined. */
  guestPassword: string | undefined;
  rateLimit: {
    enabled: boolean;
    profile: RateLimitProfile;
    /** Fixed window length; 60 s on the real server. */
    windowMs: number;
    limits: Readonly<Record<LimitedEndpoint, number>>;
  };
  activity: {
    /** Agent messages that appear in each room per minute; 0 turns activity off. */
    messagesPerMinute: number;
    /** How long an agent is listed in chatting-agents before its message appears. */
    generatingMs: number;
  };
  faults: {
    latencyMs: PerEndpoint;
    jitterMs: PerEndpoint;
    /** Share of requests (0..1) answered with a 500. */
    errorRate: PerEndpoint;
    /** PRNG seed for jitter and errors; undefined picks a random one at start. */
    seed: number | undefined;
    /** Requests per second the server can serve (see capacity.ts); 0 is unlimited. */
    capacityRps: number;
    /** Above capacity, the longest a request queues before it is shed with a 503. */
    maxQueueWaitMs: number;
    /** Open streams (counting those about to open) beyond which a new one is refused; 0 is none. */
    streamLimit: number;
    /** How a refused stream is answered: a 503, or the connection closed without an answer. */
    streamRefusal: StreamRefusal;
    /** Every stream is ended by the server this long after it opened; 0 never. */
    streamDropMs: number;
    /** POST /rooms inserts this long after its duplicate-name check (the real race); 0 at once. */
    roomNameRaceMs: number;
  };
  /** Request bodies above this get a 413. */
  maxBodyBytes: number;
}

export const DEFAULT_ADMIN_PASSWORD = 'loadtest';

export function parseServerOptions(env: Env): ServerOptions {
  const profile = parseChoice(env, 'RATELIMIT_PROFILE', RATE_LIMIT_PROFILES, 'current');
  const profileLimits = PROFILE_LIMITS[profile];
  const limits = Object.fromEntries(
    LIMITED_ENDPOINTS.map((e) => [e, parseInteger(env, LIMIT_ENV[e], profileLimits[e])]),
  ) as Record<LimitedEndpoint, number>;
  const targetPassword = readEnv(env, 'TARGET_PASSWORD');
  const guestPassword = readEnv(env, 'GUEST_PASSWORD');
  return {
    host: readEnv(env, 'HOST') ?? '127.0.0.1',
    port: parseInteger(env, 'PORT', 8000, { min: 0, max: 65535 }),
    adminPassword: targetPassword ?? DEFAULT_ADMIN_PASSWORD,
    adminPasswordIsDefault: targetPassword === undefined,
    guestPassword,
    rateLimit: {
      enabled: parseBoolean(env, 'RATELIMIT_ENABLED', true),
      profile,
      windowMs: parseDurationEnv(env, 'RATELIMIT_WINDOW', 60_000),
      limits,
    },
    activity: {
      messagesPerMinute: parseNumber(env, 'ACTIVITY_MESSAGES_PER_MINUTE', 0, { max: 6000 }),
      generatingMs: parseDurationEnv(env, 'ACTIVITY_GENERATING', 3000, { minMs: 0 }),
    },
    faults: {
      latencyMs: parsePerEndpoint(env, 'FAULT_LATENCY_MS', 60_000),
      jitterMs: parsePerEndpoint(env, 'FAULT_JITTER_MS', 60_000),
      errorRate: parsePerEndpoint(env, 'FAULT_ERROR_RATE', 1),
      seed:
        readEnv(env, 'FAULT_SEED') === undefined
          ? undefined
          : parseInteger(env, 'FAULT_SEED', 0, { min: 0 }),
      capacityRps: parseNumber(env, 'FAULT_CAPACITY_RPS', 0, { max: 1_000_000 }),
      maxQueueWaitMs: parseDurationEnv(env, 'FAULT_CAPACITY_MAX_WAIT', DEFAULT_MAX_QUEUE_WAIT_MS),
      streamLimit: parseInteger(env, 'FAULT_STREAM_LIMIT', 0, { min: 0, max: 10_000_000 }),
      streamRefusal: parseChoice(env, 'FAULT_STREAM_REFUSAL', STREAM_REFUSALS, '503'),
      streamDropMs: parseDurationEnv(env, 'FAULT_STREAM_DROP', 0, { minMs: 0 }),
      roomNameRaceMs: parseInteger(env, 'FAULT_ROOM_NAME_RACE', 0, { min: 0, max: 600_000 }),
    },
    maxBodyBytes: parseInteger(env, 'MAX_BODY_BYTES', 1_048_576),
  };
}

/**
 * One number for every endpoint (`200`) or a list per endpoint (`poll=200,agents=50`);
 * endpoints left out get 0.
 */
function parsePerEndpoint(env: Env, name: string, max: number): PerEndpoint {
  const result = Object.fromEntries(FAULT_ENDPOINTS.map((e) => [e, 0])) as Record<
    FaultEndpoint,
    number
  >;
  const raw = readEnv(env, name);
  if (raw === undefined) return result;
  if (!raw.includes('=')) {
    const value = parseNumber(env, name, 0, { max });
    for (const endpoint of FAULT_ENDPOINTS) result[endpoint] = value;
    return result;
  }
  const allowed = `a number from 0 to ${max}, or pairs like poll=200,agents=50 with endpoints ${FAULT_ENDPOINTS.join(', ')}`;
  for (const pair of raw.split(',')) {
    const [key = '', value = '', ...rest] = pair.split('=').map((s) => s.trim());
    const endpoint = FAULT_ENDPOINTS.find((e) => e === key);
    const number = Number(value);
    const valid = /^(\d+\.?\d*|\.\d+)$/.test(value) && number <= max;
    if (endpoint === undefined || !valid || rest.length > 0) {
      throw new ConfigError(`${name}: got ${JSON.stringify(raw)}; expected ${allowed}`);
    }
    result[endpoint] = number;
  }
  return result;
}
