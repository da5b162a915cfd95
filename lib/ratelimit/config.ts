// The rate-limit check's configuration, read from k6 env once at init and validated before
// any request, with the same parsers and error style as the poll scenario.

import {
  type Env,
  parseBaseUrl,
  parseBoolean,
  parseDurationEnv,
  parseInteger,
  readEnv,
} from '../env';
import { RATE_LIMITED_ENDPOINTS, type RateLimitedEndpoint } from './endpoints';

/** The backend's documented limits per window and path (docs/backend.md). */
export const DOCUMENTED_LIMITS: Readonly<Record<RateLimitedEndpoint, number>> = {
  poll: 60,
  agents: 120,
  send: 30,
  login: 20,
};

export const LIMIT_ENV_NAMES: Readonly<Record<RateLimitedEndpoint, string>> = {
  poll: 'LIMIT_POLL',
  agents: 'LIMIT_AGENTS',
  send: 'LIMIT_SEND',
  login: 'LIMIT_LOGIN',
};

/**
 * Checked only when asked: a message makes the real server's agents work (model calls), and
 * exhausting the login limit locks every login from this address for a window.
 */
export const OPT_IN_ENV_NAMES: Readonly<Partial<Record<RateLimitedEndpoint, string>>> = {
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

export interface RateLimitConfig {
  /** The backend, without a trailing slash. Default `http://localhost:8000`. */
  baseUrl: string;
  /** The login password from `PASSWORD`; undefined means: ask the k6 secret `password`. */
  password: string | undefined;
  /** The endpoints to check, in a fixed order, with their expected limits. */
  endpoints: EndpointExpectation[];
  /** The server's fixed window in ms (`WINDOW`, default 60 s). */
  windowMs: number;
  /** Also hold about 1.5x the limit for a whole window and measure what is accepted. */
  sustained: boolean;
  /** Folder for summary.json and junit.xml; '' is the working directory. */
  summaryDir: string;
}

/** Reads and validates the configuration; throws one ConfigError naming the variable. */
export function parseRateLimitConfig(env: Env): RateLimitConfig {
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
    baseUrl: parseBaseUrl(env, 'BASE_URL', 'http://localhost:8000'),
    password: readEnv(env, 'PASSWORD'),
    endpoints,
    windowMs: parseDurationEnv(env, 'WINDOW', 60_000, { minMs: 1000 }),
    sustained: parseBoolean(env, 'SUSTAINED', false),
    summaryDir: readEnv(env, 'SUMMARY_DIR') ?? '',
  };
}

/** The configuration without secrets, for reports and logs. */
export function publicRateLimitConfig(config: RateLimitConfig): Omit<RateLimitConfig, 'password'> {
  const { password: _secret, ...rest } = config;
  return rest;
}
