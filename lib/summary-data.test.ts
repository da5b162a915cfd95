import { describe, expect, it } from 'vitest';
import { type RecordedRun, recordedSummaryData } from '../test/fixtures/k6/fixtures';
import {
  counterCount,
  rateValues,
  type SummaryData,
  testRunDurationMs,
  thresholdAggregation,
  thresholdResults,
  trendStat,
} from './summary-data';

// Real handleSummary data recorded with k6 (test/fixtures/k6/README.md).
const realFixture = (name: RecordedRun) => recordedSummaryData<SummaryData>(name);

const mixed = realFixture('run-mixed');
const trendOverride = realFixture('run-trend-stats-override');
const setupFailed = realFixture('run-setup-failed');

describe('counterCount', () => {
  it('reads counters and their sub-metrics', () => {
    expect(counterCount(mixed, 'http_reqs')).toBe(48);
    expect(counterCount(mixed, 'data_received')).toBe(7764);
    expect(counterCount(mixed, 'demo_requests{status:429}')).toBe(12);
    expect(counterCount(mixed, 'demo_requests{endpoint:never}')).toBe(0);
  });

  it('is undefined for an absent metric or one of another type', () => {
    expect(counterCount(mixed, 'cw_requests')).toBeUndefined();
    expect(counterCount(mixed, 'demo_latency')).toBeUndefined();
    expect(counterCount(setupFailed, 'http_reqs')).toBeUndefined();
  });
});

describe('trendStat', () => {
  it('reads the stats k6 reported', () => {
    expect(trendStat(mixed, 'demo_latency', 'p(99)')).toBe(7.128143920000003);
    expect(trendStat(mixed, 'demo_latency{endpoint:poll}', 'med')).toBe(0.9876455000000001);
    expect(trendStat(trendOverride, 'http_req_duration', 'p(95)')).toBe(1.08512125);
  });

  it('is undefined for a stat left out by --summary-trend-stats', () => {
    expect(trendStat(trendOverride, 'http_req_duration', 'p(99)')).toBeUndefined();
    expect(trendStat(trendOverride, 'http_req_duration', 'min')).toBeUndefined();
  });

  it('is undefined for an absent metric or one of another type', () => {
    expect(trendStat(mixed, 'cw_latency', 'avg')).toBeUndefined();
    expect(trendStat(mixed, 'http_reqs', 'count')).toBeUndefined();
  });
});

describe('rateValues', () => {
  it('reads a rate metric', () => {
    expect(rateValues(mixed, 'demo_ok')).toEqual({ rate: 0.25, passes: 12, fails: 36 });
    expect(rateValues(setupFailed, 'demo_ok')).toEqual({ rate: 0, passes: 0, fails: 0 });
  });

  it('is undefined for an absent metric or one of another type', () => {
    expect(rateValues(mixed, 'cw_errors')).toBeUndefined();
    expect(rateValues(mixed, 'http_reqs')).toBeUndefined();
  });
});

describe('testRunDurationMs', () => {
  it('reads the measured duration', () => {
    expect(testRunDurationMs(mixed)).toBe(3029.123069);
    expect(testRunDurationMs(setupFailed)).toBe(0.623726);
  });

  it('is 0 when the state is missing or broken', () => {
    expect(testRunDurationMs({ ...mixed, state: { testRunDurationMs: Number.NaN } })).toBe(0);
    expect(testRunDurationMs({ ...mixed, state: {} as SummaryData['state'] })).toBe(0);
  });
});

describe('thresholdAggregation', () => {
  it('finds the aggregation on the left of the operator', () => {
    expect(thresholdAggregation('p(95)<500')).toBe('p(95)');
    expect(thresholdAggregation('p( 99.9 ) <= 1000')).toBe('p(99.9)');
    expect(thresholdAggregation('rate>0.99')).toBe('rate');
    expect(thresholdAggregation('count==0')).toBe('count');
    expect(thresholdAggregation('avg != 3')).toBe('avg');
  });

  it('is undefined for an expression it cannot read', () => {
    expect(thresholdAggregation('nonsense')).toBeUndefined();
  });
});

describe('thresholdResults', () => {
  it('lists every threshold with its outcome and observed value, sorted', () => {
    expect(thresholdResults(mixed)).toEqual([
      {
        metric: 'demo_latency{endpoint:poll}',
        expression: 'p(95)<500',
        ok: true,
        aggregation: 'p(95)',
        observed: 6.901002799999998,
        contains: 'time',
      },
      {
        metric: 'demo_ok',
        expression: 'rate>0.99',
        ok: false,
        aggregation: 'rate',
        observed: 0.25,
        contains: 'default',
      },
      {
        metric: 'http_req_failed',
        expression: 'rate<0.5',
        ok: false,
        aggregation: 'rate',
        observed: 0.75,
        contains: 'default',
      },
    ]);
  });

  it('reports thresholds that passed on empty metrics after a failed setup', () => {
    expect(thresholdResults(setupFailed).map((t) => [t.metric, t.ok])).toEqual([
      ['demo_latency{endpoint:poll}', true],
      ['demo_ok', true],
      ['http_req_failed', true],
    ]);
  });
});
