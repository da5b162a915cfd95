// The rate-limit check's configuration: the target part (lib/config/target.ts) and the
// check's own variables, read from k6 env once at init and validated before any request.

import { extendPart } from '../config/part';
import { TARGET_PART, type TargetConfig } from '../config/target';
import {
  type LimitEnvName,
  RATE_LIMITED_ENDPOINTS as POLLED_LIMITED_ENDPOINTS,
  type RateLimitedEndpoint as PolledLimitedEndpoint,
  rateLimitOf,
} from '../endpoints';
import { type Env, parseBoolean, parseDurationEnv, parseInteger, readEnv } from '../env';
import { RATE_LIMITED_ENDPOINTS, type RateLimitedEndpoint } from './endpoints';

/** The polled rate-limited kinds' limits and variables, from the table of endpoints. */
const POLLED_LIMITS = Object.fromEntries(
  POLLED_LIMITED_ENDPOINTS.map((e) => [e, rateLimitOf(e).perMinute]),
) as Record<PolledLimitedEndpoint, number>;
const POLLED_LIMIT_ENV_NAMES = Object.fromEntries(
  POLLED_LIMITED_ENDPOINTS.map((e) => [e, rateLimitOf(e).env]),
) as Record<PolledLimitedEndpoint, LimitEnvName>;

/** The backend's documented limits per window and path (docs/backend.md). */
export const DOCUMENTED_LIMITS: Readonly<Record<RateLimitedEndpoint, number>> = {
  ...POLLED_LIMITS,
  send: 30,
  login: 20,
};

export const LIMIT_ENV_NAMES = {
  ...POLLED_LIMIT_ENV_NAMES,
  send: 'LIMIT_SEND',
  login: 'LIMIT_LOGIN',
} as const satisfies Readonly<Record<RateLimitedEndpoint, string>>;

/**
 * Checked only when asked: a message makes the real server's agents work (model calls), and
 * exhausting the login limit locks every login from this address for a window.
 */
export const OPT_IN_ENV_NAMES: Readonly<
  Partial<Record<RateLimitedEndpoint, 'CHECK_SEND' | 'CHECK_LOGIN'>>
> = {
  send: 'CHECK_SEND',
  login: 'CHECK_LOGIN',
};

/** The margin over the limit when MARGIN is unset: 10 % of the limit, at least 5. */
export function defaultMargin(limit: number): number {
  return Math.max(5, Math.ceil(limit / 10));
}

export interface EndpointExpectation {
  endpoint: RateLimitedEndpoint;
  /** Requests the server should accept per window and path. */
  limit: number;
  /** Requests sent over the limit in a burst. */
  margin: number;
}

export interface RateLimitConfig extends TargetConfig {
  /** The endpoints to check, in a fixed order, with their expected limits (LIMIT_*, CHECK_*). */
  endpoints: EndpointExpectation[];
  /** WINDOW: the server's fixed window in ms. Default 60 s. */
  windowMs: number;
  /** SUSTAINED: also hold about 1.5x the limit for a whole window and measure what is accepted. Default false. */
  sustained: boolean;
}

export const RATE_LIMIT_CONFIG_PART = extendPart(
  TARGET_PART,
  [
    'MARGIN',
    'WINDOW',
    'SUSTAINED',
    ...Object.values(LIMIT_ENV_NAMES),
    ...Object.values(OPT_IN_ENV_NAMES).filter((name) => name !== undefined),
  ],
  (env) => {
    const margin =
      readEnv(env, 'MARGIN') === undefined
        ? undefined
        : parseInteger(env, 'MARGIN', 1, { min: 1, max: 100_000 });
    const endpoints: EndpointExpectation[] = [];
    for (const endpoint of RATE_LIMITED_ENDPOINTS) {
      const optIn = OPT_IN_ENV_NAMES[endpoint];
      if (optIn !== undefined && !parseBoolean(env, optIn, false)) continue;
      const limit = parseInteger(env, LIMIT_ENV_NAMES[endpoint], DOCUMENTED_LIMITS[endpoint], {
        min: 1,
        max: 100_000,
      });
      endpoints.push({ endpoint, limit, margin: margin ?? defaultMargin(limit) });
    }
    return {
      endpoints,
      windowMs: parseDurationEnv(env, 'WINDOW', 60_000, { minMs: 1000 }),
      sustained: parseBoolean(env, 'SUSTAINED', false),
    };
  },
);

/** Reads and validates the configuration; throws one ConfigError naming the variable. */
export function parseRateLimitConfig(env: Env): RateLimitConfig {
  return RATE_LIMIT_CONFIG_PART.parse(env);
}

/** What {@link publicRateLimitConfig} returns. */
export type PublicRateLimitConfig = ReturnType<typeof publicRateLimitConfig>;

/** The configuration as the report and summary.json show it: no secret, in a fixed order. */
export function publicRateLimitConfig(config: RateLimitConfig) {
  return {
    baseUrl: config.baseUrl,
    endpoints: config.endpoints,
    windowMs: config.windowMs,
    sustained: config.sustained,
    summaryDir: config.summaryDir,
  };
}
