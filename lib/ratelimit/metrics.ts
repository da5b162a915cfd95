// How the check's results travel from the VU to handleSummary: k6 hands the report only
// metric values, so each observation is flattened into gauges (one sub-metric per endpoint and
// field) and each check into a Rate whose thresholds make a failed check exit 99.

import { subMetricKey } from '../metric-names';
import type { SummaryData } from '../summary-data';
import type { RateLimitedEndpoint } from './endpoints';
import type { EndpointObservation } from './observation';
import { emptyTally } from './tally';
import { CHECKS, type EndpointVerdict } from './verdict';

export const RATELIMIT_METRIC = {
  /** Gauge; tags `endpoint`, `field` (an {@link ObservationField}); -1 stands for "none". */
  observation: 'ratelimit_observation',
  /** Rate: true for a passed check; tags `endpoint`, `check`. Skipped checks add nothing. */
  checks: 'ratelimit_checks',
  /** Counter: endpoints whose results were recorded; guards against a check that never ran. */
  endpointsChecked: 'ratelimit_endpoints_checked',
} as const;

export const OBSERVATION_FIELDS = [
  'first_sent',
  'first_accepted',
  'clean_sent',
  'clean_accepted',
  'clean_rejected',
  'clean_other',
  'clean_span_ms',
  'body_ok',
  'body_limit',
  'isolation_status',
  'recovery_ms',
  'probed_until_ms',
  'sustained_sent',
  'sustained_accepted',
] as const;
export type ObservationField = (typeof OBSERVATION_FIELDS)[number];

const NONE = -1;

function optional(value: number | undefined): number {
  return value ?? NONE;
}

function fromOptional(value: number): number | undefined {
  return value === NONE ? undefined : value;
}

/** An observation as numbers, one per field. */
export function observationFields(o: EndpointObservation): Record<ObservationField, number> {
  const c = o.cleanWindow;
  return {
    first_sent: o.firstWindow.sent,
    first_accepted: o.firstWindow.accepted,
    clean_sent: c.sent,
    clean_accepted: c.accepted,
    clean_rejected: c.rejected,
    clean_other: c.other,
    clean_span_ms: o.cleanSpanMs,
    body_ok: c.bodyOk === undefined ? NONE : c.bodyOk ? 1 : 0,
    body_limit: optional(c.bodyLimit),
    isolation_status: optional(o.isolationStatus),
    recovery_ms: optional(o.recoveryMs),
    probed_until_ms: o.probedUntilMs,
    sustained_sent: optional(o.sustained?.sent),
    sustained_accepted: optional(o.sustained?.accepted),
  };
}

/** The observation back from its numbers (the 429 body text itself is not carried). */
export function observationFromFields(
  endpoint: RateLimitedEndpoint,
  f: Readonly<Record<ObservationField, number>>,
): EndpointObservation {
  const sustainedSent = fromOptional(f.sustained_sent);
  return {
    endpoint,
    firstWindow: { ...emptyTally(), sent: f.first_sent, accepted: f.first_accepted },
    cleanWindow: {
      ...emptyTally(),
      sent: f.clean_sent,
      accepted: f.clean_accepted,
      rejected: f.clean_rejected,
      other: f.clean_other,
      bodyOk: f.body_ok === NONE ? undefined : f.body_ok === 1,
      bodyLimit: fromOptional(f.body_limit),
    },
    cleanSpanMs: f.clean_span_ms,
    isolationStatus: fromOptional(f.isolation_status),
    recoveryMs: fromOptional(f.recovery_ms),
    probedUntilMs: f.probed_until_ms,
    sustained:
      sustainedSent === undefined
        ? undefined
        : { sent: sustainedSent, accepted: f.sustained_accepted },
  };
}

export function observationKey(endpoint: RateLimitedEndpoint, field: ObservationField): string {
  return subMetricKey(RATELIMIT_METRIC.observation, { endpoint, field });
}

export function checkKey(endpoint: RateLimitedEndpoint, check: string): string {
  return subMetricKey(RATELIMIT_METRIC.checks, { endpoint, check });
}

/** The value of the check Rate for one verdict's checks: skipped ones are not recorded. */
export function checkSamples(verdict: EndpointVerdict): { check: string; passed: boolean }[] {
  return verdict.checks
    .filter((c) => c.status !== 'skip')
    .map((c) => ({ check: c.check, passed: c.status === 'pass' }));
}

/**
 * The thresholds of the check: every check passed, every endpoint recorded (a Rate with no
 * samples would pass), one gate per endpoint and check (k6 lists the crossed ones), and the
 * observation sub-metrics declared so that handleSummary receives them.
 */
export function rateLimitThresholds(
  endpoints: readonly RateLimitedEndpoint[],
): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {
    [RATELIMIT_METRIC.checks]: ['rate==1'],
    [RATELIMIT_METRIC.endpointsChecked]: [`count>=${endpoints.length}`],
  };
  for (const endpoint of endpoints) {
    for (const check of CHECKS) thresholds[checkKey(endpoint, check)] = ['rate==1'];
    for (const field of OBSERVATION_FIELDS) thresholds[observationKey(endpoint, field)] = [];
  }
  return thresholds;
}

/**
 * An endpoint's observation from handleSummary's data; undefined when the VU never recorded
 * it (a failed setup, an aborted run) or a field is missing.
 */
export function readObservation(
  data: SummaryData,
  endpoint: RateLimitedEndpoint,
): EndpointObservation | undefined {
  const checked = data.metrics[RATELIMIT_METRIC.endpointsChecked];
  if (checked?.type !== 'counter' || checked.values.count === 0) return undefined;
  const fields = {} as Record<ObservationField, number>;
  for (const field of OBSERVATION_FIELDS) {
    const metric = data.metrics[observationKey(endpoint, field)];
    if (metric?.type !== 'gauge' || !Number.isFinite(metric.values.value)) return undefined;
    fields[field] = metric.values.value;
  }
  return fields.clean_sent > 0 ? observationFromFields(endpoint, fields) : undefined;
}
