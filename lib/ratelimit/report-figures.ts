// What the rate-limit report shows, recomputed in handleSummary from the recorded observations
// with the same verdict the VU used for its thresholds. Holds no secret.

import { type SummaryData, testRunDurationMs } from '../summary-data';
import { type PublicRateLimitConfig, publicRateLimitConfig, type RateLimitConfig } from './config';
import { ENDPOINT_LABELS, type RateLimitedEndpoint } from './endpoints';
import { readObservation } from './metrics';
import type { EndpointObservation } from './observation';
import { type EndpointVerdict, judgeEndpoint } from './verdict';

export interface EndpointReport {
  endpoint: RateLimitedEndpoint;
  label: string;
  expectedLimit: number;
  /** Undefined when the endpoint was never measured (setup failed, run aborted). */
  observation: EndpointObservation | undefined;
  verdict: EndpointVerdict | undefined;
}

export interface RateLimitFigures {
  passed: boolean;
  durationMs: number;
  config: PublicRateLimitConfig;
  endpoints: EndpointReport[];
}

export function buildRateLimitFigures(
  data: SummaryData,
  config: RateLimitConfig,
): RateLimitFigures {
  const endpoints = config.endpoints.map((e): EndpointReport => {
    const observation = readObservation(data, e.endpoint);
    return {
      endpoint: e.endpoint,
      label: ENDPOINT_LABELS[e.endpoint],
      expectedLimit: e.limit,
      observation,
      verdict:
        observation === undefined
          ? undefined
          : judgeEndpoint(observation, { ...e, windowMs: config.windowMs }),
    };
  });
  return {
    passed: endpoints.length > 0 && endpoints.every((e) => e.verdict?.passed === true),
    durationMs: testRunDurationMs(data),
    config: publicRateLimitConfig(config),
    endpoints,
  };
}

/** The reason an endpoint has no verdict, for every output. */
export const NOT_MEASURED =
  'not measured: setup failed or the run was aborted before the check finished';

/** The rate-limit check's files: summary.json and junit.xml, and its page. */
export const RATELIMIT_FILES = {
  json: 'summary.json',
  junit: 'junit.xml',
  html: 'ratelimit.html',
} as const;
