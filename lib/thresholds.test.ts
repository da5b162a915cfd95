import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePollConfig } from './poll/config';
import { GATEABLE_METRICS, pollThresholds } from './poll/options';
import { parseThresholds, withDeclaredSubMetrics } from './thresholds';

describe('parseThresholds', () => {
  it('accepts the project thresholds.json', () => {
    const raw = JSON.parse(readFileSync(new URL('../thresholds.json', import.meta.url), 'utf8'));
    expect(parseThresholds('thresholds.json', raw, GATEABLE_METRICS)).toEqual({
      cw_requests: ['count>0'],
      cw_errors: ['rate<0.01'],
      cw_latency: ['p(95)<500'],
      cw_rate_limited: ['count==0'],
      cw_schedule_lag: ['p(95)<1000'],
    });
  });

  it('accepts sub-metric keys and the object form', () => {
    const raw = { 'cw_latency{endpoint:poll}': [{ threshold: 'p(99)<=800', abortOnFail: true }] };
    expect(parseThresholds('t', raw, ['cw_latency'])).toEqual(raw);
  });

  it.each([
    [[], 't: expected an object of metric name -> list of threshold expressions'],
    [{ cw_latnecy: ['p(95)<500'] }, 't: unknown metric "cw_latnecy"; expected one of cw_latency'],
    [{ cw_latency: 'p(95)<500' }, 't: cw_latency: expected a list of threshold expressions'],
    [{ cw_latency: ['p95<500'] }, 't: cw_latency: got "p95<500"; expected an expression such as'],
    [{ cw_latency: [{ abortOnFail: true }] }, 't: cw_latency: got {"abortOnFail":true}; expected'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseThresholds('t', raw, ['cw_latency'])).toThrow(message);
  });
});

describe('withDeclaredSubMetrics', () => {
  it('adds empty lists for declared keys and keeps gates', () => {
    expect(withDeclaredSubMetrics({ a: ['count>0'] }, ['a', 'b{x:y}'])).toEqual({
      a: ['count>0'],
      'b{x:y}': [],
    });
  });

  it('declares the report sub-metrics for the poll scenario', () => {
    const thresholds = pollThresholds(parsePollConfig({ PASSWORD: 'pw' }), {
      cw_errors: ['rate<0.05'],
    });
    expect(thresholds.cw_errors).toEqual(['rate<0.05']);
    expect(thresholds['cw_requests{endpoint:poll,room:1}']).toEqual([]);
  });
});
