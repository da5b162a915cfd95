import { describe, expect, it } from 'vitest';
import type { SummaryData, SummaryMetric } from '../summary-data';
import {
  checkSamples,
  OBSERVATION_FIELDS,
  observationFields,
  observationFromFields,
  observationKey,
  rateLimitThresholds,
  readObservation,
} from './metrics';
import type { EndpointObservation } from './observation';
import { emptyTally } from './tally';
import { judgeEndpoint } from './verdict';

const OBSERVED: EndpointObservation = {
  endpoint: 'agents',
  firstWindow: { ...emptyTally(), sent: 132, accepted: 100 },
  cleanWindow: {
    ...emptyTally(),
    sent: 132,
    accepted: 120,
    rejected: 12,
    bodyOk: true,
    bodyLimit: 120,
  },
  cleanSpanMs: 35,
  isolationStatus: 200,
  recoveryMs: undefined,
  probedUntilMs: 3000,
  sustained: { sent: 180, accepted: 120 },
};

function summaryOf(metrics: Record<string, SummaryMetric>): SummaryData {
  return { metrics, options: { summaryTrendStats: [] }, state: { testRunDurationMs: 1 } };
}

const gauge = (value: number): SummaryMetric => ({
  type: 'gauge',
  contains: 'default',
  values: { value, min: value, max: value },
});

describe('observation fields', () => {
  it('round-trip through numbers, with -1 for what was not seen', () => {
    const fields = observationFields(OBSERVED);
    expect(fields).toMatchObject({
      recovery_ms: -1,
      body_ok: 1,
      isolation_status: 200,
      sustained_sent: 180,
    });
    expect(observationFromFields('agents', fields)).toEqual(OBSERVED);
  });

  it('are read back from handleSummary data', () => {
    const fields = observationFields(OBSERVED);
    const metrics: Record<string, SummaryMetric> = {
      ratelimit_endpoints_checked: {
        type: 'counter',
        contains: 'default',
        values: { count: 1, rate: 0 },
      },
    };
    for (const field of OBSERVATION_FIELDS)
      metrics[observationKey('agents', field)] = gauge(fields[field]);
    // Declared but never recorded: present with zeros, as k6 reports it.
    for (const field of OBSERVATION_FIELDS) metrics[observationKey('poll', field)] = gauge(0);
    expect(readObservation(summaryOf(metrics), 'agents')).toEqual(OBSERVED);
    expect(readObservation(summaryOf(metrics), 'poll')).toBeUndefined();
    expect(readObservation(summaryOf({}), 'agents')).toBeUndefined();
  });
});

describe('rateLimitThresholds', () => {
  it('gates every check, guards an empty run and declares the observation sub-metrics', () => {
    const thresholds = rateLimitThresholds(['poll']);
    expect(thresholds).toMatchObject({
      ratelimit_checks: ['rate==1'],
      ratelimit_endpoints_checked: ['count>=1'],
      'ratelimit_checks{endpoint:poll,check:limit}': ['rate==1'],
      'ratelimit_checks{endpoint:poll,check:recovery}': ['rate==1'],
      'ratelimit_observation{endpoint:poll,field:clean_accepted}': [],
    });
    expect(Object.keys(thresholds)).toHaveLength(2 + 5 + OBSERVATION_FIELDS.length);
  });
});

describe('checkSamples', () => {
  it('records passed and failed checks, not skipped ones', () => {
    const verdict = judgeEndpoint(OBSERVED, { limit: 120, margin: 12, windowMs: 2000 });
    expect(checkSamples(verdict)).toEqual([
      { check: 'limit', passed: true },
      { check: 'body', passed: true },
      { check: 'isolation', passed: true },
      { check: 'recovery', passed: false },
      { check: 'sustained', passed: true },
    ]);
  });
});
