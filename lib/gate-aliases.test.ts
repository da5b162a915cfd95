import { describe, expect, it } from 'vitest';
import { k6KeyOf, toK6Thresholds, withGateKeys } from './gate-aliases';
import type { SummaryData, SummaryMetric } from './summary-data';

function rate(passes: number, fails: number, thresholds?: Record<string, boolean>): SummaryMetric {
  return {
    type: 'rate',
    contains: 'default',
    values: { rate: passes / (passes + fails), passes, fails },
    ...(thresholds === undefined
      ? {}
      : {
          thresholds: Object.fromEntries(Object.entries(thresholds).map(([e, ok]) => [e, { ok }])),
        }),
  };
}

function data(metrics: Record<string, SummaryMetric>): SummaryData {
  return { metrics, options: { summaryTrendStats: [] }, state: { testRunDurationMs: 1000 } };
}

describe('k6KeyOf', () => {
  it("maps cw_errors to http_req_failed of the measured scenario's requests, tags kept", () => {
    expect(k6KeyOf('cw_errors', 'poll')).toBe('http_req_failed{scenario:poll}');
    expect(k6KeyOf('cw_errors{endpoint:agents}', 'poll')).toBe(
      'http_req_failed{scenario:poll,endpoint:agents}',
    );
    expect(k6KeyOf('cw_errors{scenario:step_2}', undefined)).toBe(
      'http_req_failed{scenario:step_2}',
    );
  });

  it("keeps the live-room writer's sends out by the polls' VU role", () => {
    expect(k6KeyOf('cw_errors{endpoint:poll}', 'poll', 'poll')).toBe(
      'http_req_failed{scenario:poll,role:poll,endpoint:poll}',
    );
  });

  it('leaves every other metric alone', () => {
    expect(k6KeyOf('cw_latency{endpoint:poll}', 'poll')).toBeUndefined();
    expect(k6KeyOf('http_req_failed', 'poll')).toBeUndefined();
  });

  it('needs a scenario for a key that names none', () => {
    expect(() => k6KeyOf('cw_errors', undefined)).toThrow(/names no scenario/);
  });
});

describe('toK6Thresholds and withGateKeys', () => {
  const gates = {
    cw_errors: ['rate<0.01'],
    'cw_errors{endpoint:poll}': [{ threshold: 'rate<0.05', abortOnFail: true }],
    cw_latency: ['p(95)<500'],
  };

  it('gives k6 the aliased keys as its own, expressions unchanged', () => {
    expect(toK6Thresholds(gates, 'poll').thresholds).toEqual({
      'http_req_failed{scenario:poll}': ['rate<0.01'],
      'http_req_failed{scenario:poll,endpoint:poll}': [
        { threshold: 'rate<0.05', abortOnFail: true },
      ],
      cw_latency: ['p(95)<500'],
    });
  });

  it('hands the report k6 data with the gate keys of thresholds.json, as before the alias', () => {
    const k6 = toK6Thresholds(gates, 'poll');
    const fromK6 = data({
      http_req_failed: rate(3, 97),
      'http_req_failed{scenario:poll}': rate(2, 96, { 'rate<0.01': false }),
      'http_req_failed{scenario:poll,endpoint:poll}': rate(2, 46, { 'rate<0.05': true }),
    });
    expect(withGateKeys(fromK6, k6).metrics).toEqual({
      http_req_failed: rate(3, 97),
      cw_errors: rate(2, 96, { 'rate<0.01': false }),
      'cw_errors{endpoint:poll}': rate(2, 46, { 'rate<0.05': true }),
    });
  });

  it('keeps a k6 key thresholds.json names itself, each key with its own outcomes', () => {
    const k6 = toK6Thresholds(
      { cw_errors: ['rate<0.01'], 'http_req_failed{scenario:poll}': ['rate<0.5'] },
      'poll',
    );
    expect(k6.thresholds).toEqual({ 'http_req_failed{scenario:poll}': ['rate<0.01', 'rate<0.5'] });
    const fromK6 = data({
      'http_req_failed{scenario:poll}': rate(2, 8, { 'rate<0.5': true, 'rate<0.01': false }),
    });
    expect(withGateKeys(fromK6, k6).metrics).toEqual({
      'http_req_failed{scenario:poll}': rate(2, 8, { 'rate<0.5': true }),
      cw_errors: rate(2, 8, { 'rate<0.01': false }),
    });
  });

  it('gives back a declared key without thresholds as a metric without them', () => {
    const k6 = toK6Thresholds({ 'cw_errors{scenario:step_0}': [] }, undefined);
    const fromK6 = data({ 'http_req_failed{scenario:step_0}': rate(1, 9, {}) });
    expect(withGateKeys(fromK6, k6).metrics).toEqual({
      'cw_errors{scenario:step_0}': rate(1, 9, {}),
    });
  });
});
