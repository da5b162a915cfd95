import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePollConfig } from './poll/config';
import { anyPollRunCatalog, pollGates, pollThresholds } from './poll/options';
import {
  gateThresholds,
  parseMetricKey,
  parseThresholds,
  withDeclaredSubMetrics,
} from './thresholds';

const config = (env: Record<string, string> = {}) => parsePollConfig({ PASSWORD: 'pw', ...env });
const gatesOf = (raw: unknown, env: Record<string, string> = {}) => pollGates(config(env), raw);

describe('parseThresholds', () => {
  it('accepts the project thresholds.json', () => {
    const raw = JSON.parse(readFileSync(new URL('../thresholds.json', import.meta.url), 'utf8'));
    expect(parseThresholds('thresholds.json', raw, anyPollRunCatalog())).toEqual({
      cw_requests: ['count>0'],
      cw_errors: ['rate<0.01'],
      cw_latency: ['p(95)<500'],
      cw_rate_limited: ['count==0'],
      cw_schedule_lag: ['p(95)<1000'],
    });
  });

  it('accepts sub-metric keys and the object form', () => {
    const raw = { 'cw_latency{endpoint:poll}': [{ threshold: 'p(99)<=800', abortOnFail: true }] };
    expect(parseThresholds('t', raw, anyPollRunCatalog())).toEqual(raw);
  });

  it.each([
    [[], 't: expected an object of metric name -> list of threshold expressions'],
    [
      { cw_latnecy: ['p(95)<500'] },
      't: unknown metric "cw_latnecy"; expected one of cw_requests, cw_latency,',
    ],
    [{ cw_latency: 'p(95)<500' }, 't: cw_latency: expected a list of threshold expressions'],
    [{ cw_latency: ['p95<500'] }, 't: cw_latency: got "p95<500"; expected an expression such as'],
    [{ cw_latency: [{ abortOnFail: true }] }, 't: cw_latency: got {"abortOnFail":true}; expected'],
    [
      { cw_latency: [{ threshold: 'p(95)<1', abortOnFial: true }] },
      't: cw_latency: got {"threshold":"p(95)<1","abortOnFial":true}; expected',
    ],
    [{ 'cw_latency{endpoint}': ['p(95)<1'] }, 't: unknown metric "cw_latency{endpoint}"'],
  ])('rejects %j', (raw, message) => {
    expect(() => parseThresholds('t', raw, anyPollRunCatalog())).toThrow(message);
  });
});

describe('threshold keys are checked against the tags and values the run records', () => {
  it('names the misspelt tag and the tags the metric has', () => {
    expect(() => gatesOf({ 'cw_latency{endpont:poll}': ['p(95)<500'] })).toThrow(
      'thresholds.json: "cw_latency{endpont:poll}": cw_latency has no tag "endpont", so this gate would judge no sample; its tags: scenario (poll), role (poll, writer), endpoint (poll, agents), room (0, 1)',
    );
  });

  it.each([
    [
      'cw_latency{endpoint:pol}',
      'no cw_latency sample of this run has endpoint "pol"; expected poll or agents',
    ],
    ['cw_requests{endpoint:poll,room:2}', 'has room "2"; expected 0 or 1'],
    ['cw_errors{room:0}', 'cw_errors has no tag "room"'],
    ['cw_requests{status:418}', 'has status "418"; expected 200, 400,'],
    ['cw_schedule_lag{scenario:writer}', 'has scenario "writer"; expected poll'],
    ['cw_latency{role:writing}', 'has role "writing"; expected poll or writer'],
    [
      'http_req_duration{name:/rooms/{id}/messages/pol}',
      'has name "/rooms/{id}/messages/pol"; expected /rooms/{id}/messages/poll,',
    ],
  ])('%s: %s', (key, message) => {
    expect(() => gatesOf({ [key]: ['count>0'] })).toThrow(message);
  });

  it('accepts what the run records: tags of its endpoints, rooms, statuses, scenarios, request names', () => {
    const raw = {
      'cw_requests{endpoint:agents,room:1,status:429}': ['count<5'],
      'cw_latency{role:poll}': ['p(95)<500'],
      'http_req_duration{name:/rooms/{id}/messages/poll}': ['p(95)<500'],
      'http_req_failed{phase:setup}': ['rate<0.5'],
    };
    expect(gatesOf(raw, { MESSAGES_PER_MINUTE: '6' }).map((g) => g.metric)).toEqual(
      Object.keys(raw),
    );
  });

  it('offers no room tag when a run has too many rooms to break them down', () => {
    expect(() =>
      gatesOf({ 'cw_latency{room:0}': ['p(95)<500'] }, { USERS: '30', ROOM_MODE: 'per-user' }),
    ).toThrow('this run has no room tag');
  });

  it('parses keys as k6 does: tags between the first { and the final }', () => {
    expect(parseMetricKey('http_reqs{name:/rooms/{id},status:200}')).toEqual({
      metric: 'http_reqs',
      tags: [
        ['name', '/rooms/{id}'],
        ['status', '200'],
      ],
    });
    expect(parseMetricKey('cw_latency')).toEqual({ metric: 'cw_latency', tags: [] });
    expect(parseMetricKey('cw_latency{}')).toBeUndefined();
  });
});

describe('gates that judged nothing fail the run (k6 passes a threshold on a metric without samples)', () => {
  it('guards each gate with a threshold that fails on no samples, unless it is optional', () => {
    const gates = gatesOf({
      cw_latency: ['p(95)<500'],
      'cw_errors{endpoint:poll}': ['rate<0.01'],
      'cw_rate_limited{endpoint:agents,room:1}': ['count==0'],
      'cw_requests{status:500}': ['count<3'],
      'http_req_duration{name:/auth/login}': [{ threshold: 'p(95)<900', optional: true }],
      http_reqs: ['count<100000'],
    });
    expect(gates.map((g) => [g.metric, g.guard])).toEqual([
      ['cw_latency', { metric: 'cw_latency', expression: 'max>0' }],
      ['cw_errors{endpoint:poll}', { metric: 'cw_requests{endpoint:poll}', expression: 'count>0' }],
      [
        'cw_rate_limited{endpoint:agents,room:1}',
        { metric: 'cw_requests{endpoint:agents,room:1}', expression: 'count>0' },
      ],
      ['cw_requests{status:500}', { metric: 'cw_requests', expression: 'count>0' }],
      [
        'http_req_duration{name:/auth/login}',
        { metric: 'http_reqs{name:/auth/login}', expression: 'count>0' },
      ],
      ['http_reqs', null],
    ]);
    expect(gates[4]?.optional).toBe(true);
  });

  it('hands k6 the gates without "optional", and each guard once on its key', () => {
    const thresholds = gateThresholds(
      gatesOf({
        cw_requests: ['count>0'],
        cw_errors: ['rate<0.01'],
        cw_latency: [{ threshold: 'p(95)<500', optional: true }, 'p(99)<900'],
        cw_schedule_lag: ['p(95)<1000'],
        'http_req_waiting{name:/auth/login}': [{ threshold: 'p(95)<900', optional: true }],
      }),
    );
    expect(thresholds).toEqual({
      cw_requests: ['count>0'],
      cw_errors: ['rate<0.01'],
      cw_latency: [{ threshold: 'p(95)<500' }, 'p(99)<900', 'max>0'],
      cw_schedule_lag: ['p(95)<1000'],
      'http_req_waiting{name:/auth/login}': [{ threshold: 'p(95)<900' }],
      'http_reqs{name:/auth/login}': [],
    });
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
    const thresholds = pollThresholds(config(), gatesOf({ cw_errors: ['rate<0.05'] }));
    expect(thresholds.cw_errors).toEqual(['rate<0.05']);
    expect(thresholds.cw_requests).toEqual(['count>0']);
    expect(thresholds['cw_requests{endpoint:poll,room:1}']).toEqual([]);
  });
});
