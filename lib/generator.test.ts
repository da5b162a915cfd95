import { describe, expect, it } from 'vitest';
import { pollConfig, summaryDataFor } from '../test/known-runs/poll-runs';
import { generatorFellBehind } from './generator';
import { METRIC } from './metric-names';
import { pollFiguresOf } from './poll/report-figures';

describe('generatorFellBehind', () => {
  const onPlan = {
    requestsMade: 1000,
    requestsPercentOfPlan: 100,
    ranPlannedDuration: true,
    scheduleLagP95Ms: 5,
    pollIntervalMs: 4000,
  };

  it('holds a run on plan and on time', () => {
    expect(generatorFellBehind(onPlan)).toBe(false);
    expect(generatorFellBehind({ ...onPlan, requestsPercentOfPlan: 97 })).toBe(false);
    expect(generatorFellBehind({ ...onPlan, scheduleLagP95Ms: 400 })).toBe(false);
  });

  it('finds a run under 97 % of its plan, or with polls late by over 10 % of the interval', () => {
    expect(generatorFellBehind({ ...onPlan, requestsPercentOfPlan: 96.9 })).toBe(true);
    expect(generatorFellBehind({ ...onPlan, scheduleLagP95Ms: 400.5 })).toBe(true);
    expect(generatorFellBehind({ ...onPlan, pollIntervalMs: 1000, scheduleLagP95Ms: 101 })).toBe(
      true,
    );
  });

  it('does not count the requests of a run stopped early, nor a run without requests', () => {
    expect(
      generatorFellBehind({ ...onPlan, requestsPercentOfPlan: 40, ranPlannedDuration: false }),
    ).toBe(false);
    expect(
      generatorFellBehind({
        ...onPlan,
        requestsMade: 0,
        requestsPercentOfPlan: 0,
        scheduleLagP95Ms: null,
      }),
    ).toBe(false);
  });
});

/**
 * 8,000 users in one room every 4 s for 60 s against a server without rate limits (no 429):
 * k6 sent 28 % of the 240,000 planned requests, polls started 39.7 s late, p95 1,123.18 ms.
 */
function overloadedGeneratorRun(overrides: { requests: number; lagP95Ms: number }) {
  const config = pollConfig({ users: 8000, rooms: 1, durationMs: 60_000 });
  const { requests, lagP95Ms } = overrides;
  const data = summaryDataFor({
    durationMs: 70_100,
    breakdown: 1,
    counters: {
      [METRIC.requests]: requests,
      'cw_requests{status:200}': requests,
      'cw_requests{endpoint:poll}': requests / 2,
      'cw_requests{endpoint:agents}': requests / 2,
      'cw_requests{endpoint:poll,room:0}': requests / 2,
      'cw_requests{endpoint:agents,room:0}': requests / 2,
      http_reqs: requests + 3,
      data_received: requests * 200,
      data_sent: requests * 280,
    },
    trends: {
      [METRIC.latency]: { min: 1, avg: 600, med: 500, max: 2000, 'p(95)': 1123.18, 'p(99)': 1500 },
      [METRIC.scheduleLag]: { min: 0, avg: 1000, med: 900, max: 45_000, 'p(95)': lagP95Ms },
    },
    rates: { [METRIC.errors]: { passes: 0, fails: requests } },
  });
  return pollFiguresOf(data, { config, vus: 40, roomIds: [9] });
}

describe('the report of a generator that fell behind', () => {
  const figures = overloadedGeneratorRun({ requests: 67_200, lagP95Ms: 39_700 });

  it('says so first, with the figures, the queueing and the remedies', () => {
    expect(figures.loadPlan).toMatchObject({
      plannedRequests: 240_000,
      requestsPercentOfPlan: 28,
      generatorFellBehind: true,
    });
    expect(figures.recommendations[0]).toEqual({
      level: 'warning',
      text:
        'The load generator fell behind: it sent 67,200 of 240,000 planned requests (28.0%; at ' +
        'least 97% is on plan); polls started 39700.00 ms late at p95 (up to 400.00 ms, 10% of ' +
        'POLL_INTERVAL, is on time). The latency figures (p95 1123.18 ms) include client-side ' +
        "queueing in k6, not only the server's time. Give k6 more room: more VUs (VUS, 40 used), " +
        'fewer users per k6 instance, or a distributed run (k6 --execution-segment, k6-operator, ' +
        'Grafana Cloud k6)',
    });
  });

  it('gives no high-latency warning on that latency', () => {
    const texts = figures.recommendations.map((r) => r.text);
    expect(texts.some((t) => t.startsWith('High latency'))).toBe(false);
  });

  it('finds the limits not enforced instead of asking for fewer users', () => {
    const texts = figures.recommendations.map((r) => r.text);
    expect(figures.rateLimits.map((r) => r.finding)).toEqual(['not-enforced', 'not-enforced']);
    expect(texts).toContain(
      '/rooms/{id}/messages/poll got 28,759 requests/min per path, over the assumed limit of 60 ' +
        '(LIMIT_POLL), and no 429: the server did not enforce that limit at this rate (rate ' +
        'limiting is off, or its limit is higher)',
    );
    expect(texts.some((t) => t.includes('fewer users per room'))).toBe(false);
  });

  it('says nothing of the generator when it kept up', () => {
    const onPlan = overloadedGeneratorRun({ requests: 238_000, lagP95Ms: 12 });
    expect(onPlan.loadPlan.generatorFellBehind).toBe(false);
    expect(onPlan.recommendations.map((r) => r.text).join('\n')).not.toContain('generator');
  });
});

describe('rate-limit findings', () => {
  it('cannot tell from too few requests whether an over-limit path would be refused', () => {
    // A 10 s run touches at most 2 fixed windows: 100 requests may have been 50 + 50.
    const config = pollConfig({ users: 40, rooms: 1, durationMs: 10_000 });
    const data = summaryDataFor({
      durationMs: 10_000,
      breakdown: 1,
      counters: {
        [METRIC.requests]: 200,
        'cw_requests{status:200}': 200,
        'cw_requests{endpoint:poll}': 100,
        'cw_requests{endpoint:agents}': 100,
        'cw_requests{endpoint:poll,room:0}': 100,
        'cw_requests{endpoint:agents,room:0}': 100,
      },
    });
    const figures = pollFiguresOf(data, { config, vus: 1, roomIds: [9] });
    expect(figures.rateLimits.map((r) => r.finding)).toEqual(['unproven', 'unproven']);
    expect(figures.recommendations.map((r) => r.text)).toContain(
      '/rooms/{id}/messages/poll got 600 requests/min per path, over the assumed limit of 60 ' +
        '(LIMIT_POLL), and no 429 yet: the run was too short to show whether the server ' +
        'enforces it; run longer to find out',
    );
  });
});
