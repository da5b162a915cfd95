import { check, group, sleep } from 'k6';
import exec from 'k6/execution';
import http, { type Params } from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import secrets from 'k6/secrets';
import { describe, expect, it } from 'vitest';
import { createStandIn } from '../../server/core';
import { parseServerOptions } from '../../server/options';
import { installK6Runtime } from './install';
import { scriptedTransport, standInTransport } from './transports';

const transport = scriptedTransport([
  { path: '/ok', reply: { status: 200, body: { a: 1 }, headers: { 'x-ratelimit-limit': '60' } } },
  { path: '/limited', reply: { status: 429, body: { error: 'Rate limit exceeded' } } },
  { path: '/html', reply: { status: 502, body: '<html>bad gateway</html>' } },
  { path: '/slow', reply: { status: 200, body: 'late', durationMs: 5000 } },
  { path: '/seq', reply: [{ status: 500 }, { status: 200 }] },
]);

describe('k6/http double', () => {
  it('shapes a success like k6: canonical headers, timings, request headers as arrays', () => {
    const rt = installK6Runtime({ transport });
    const r = http.get('http://srv.test/ok', {
      headers: { 'x-api-key': 'k' },
      tags: { name: 'ok' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toBe('{"a":1}');
    expect(r.headers['X-Ratelimit-Limit']).toBe('60');
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(r.timings).toEqual({
      duration: 1,
      blocked: 0,
      connecting: 0,
      tls_handshaking: 0,
      sending: 0,
      waiting: 1,
      receiving: 0,
    });
    expect(r.proto).toBe('HTTP/1.1');
    expect(r.error_code).toBe(0);
    expect(r.request.headers['X-Api-Key']).toEqual(['k']);
    expect(r.json()).toEqual({ a: 1 });
    expect(rt.elapsedMs).toBe(1);
    expect(rt.state.requests.map((s) => s.request.url)).toEqual(['http://srv.test/ok']);
    const [reqs] = rt.state.samplesOf('http_reqs');
    expect(reqs?.tags).toMatchObject({
      name: 'ok',
      url: 'http://srv.test/ok',
      method: 'GET',
      status: '200',
      expected_response: 'true',
      scenario: 'default',
    });
  });

  it('gives status 0, null body and 1212 on a refused connection; json() throws', () => {
    installK6Runtime({ transport });
    const r = http.post('http://other.test/nothing', '{}');
    expect(r.status).toBe(0);
    expect(r.body).toBeNull();
    expect(r.error).toBe('dial: connection refused');
    expect(r.error_code).toBe(1212);
    expect(r.headers).toEqual({});
    expect(r.timings.duration).toBe(0);
    expect(() => r.json()).toThrow(/body is null/);
  });

  it('gives 1000 + status for HTTP errors, throws on non-JSON, times out with 1050', () => {
    const rt = installK6Runtime({ transport });
    expect(http.get('http://srv.test/limited').error_code).toBe(1429);
    const html = http.get('http://srv.test/html');
    expect(html.error_code).toBe(1502);
    expect(() => html.json()).toThrow(/cannot parse json/);
    const slow = http.get('http://srv.test/slow', { timeout: '2s' });
    expect([slow.status, slow.error, slow.error_code, slow.body]).toEqual([
      0,
      'request timeout',
      1050,
      null,
    ]);
    expect(rt.state.samplesOf('http_req_failed').map((s) => s.value)).toEqual([1, 1, 1]);
  });

  it('judges http_req_failed by the response callback: expectedStatuses, or none with null', () => {
    const rt = installK6Runtime({ transport });
    const callback = http.expectedStatuses({ min: 200, max: 299 }, 429);
    for (const path of ['/ok', '/limited', '/html']) {
      http.get(`http://srv.test${path}`, { responseCallback: callback });
    }
    http.get('http://other.test/refused', { responseCallback: callback });
    http.get('http://srv.test/html', { responseCallback: null } as unknown as Params);
    expect(rt.state.samplesOf('http_req_failed').map((s) => s.value)).toEqual([0, 0, 1, 1]);
    expect(rt.state.samplesOf('http_reqs').map((s) => s.tags.expected_response)).toEqual([
      'true',
      'true',
      'false',
      'false',
      undefined,
    ]);
    expect(() => http.expectedStatuses('200' as unknown as number)).toThrow(/neither a status/);
    expect(() =>
      http.get('http://srv.test/ok', { responseCallback: {} as typeof callback }),
    ).toThrow(/must come from http.expectedStatuses/);
  });

  it('sends a batch in parallel: the clock advances by the slowest response', () => {
    const rt = installK6Runtime({ transport });
    const [a, b] = http.batch([
      ['GET', 'http://srv.test/slow'],
      { method: 'GET', url: 'http://srv.test/ok' },
    ]);
    expect([a?.status, b?.status]).toEqual([200, 200]);
    expect(rt.elapsedMs).toBe(5000);
    expect(new Set(rt.state.requests.map((s) => s.request.time)).size).toBe(1);
  });

  it('replays a list of scripted replies in order, repeating the last', async () => {
    installK6Runtime({ transport });
    const statuses = [1, 2, 3].map(() => http.get('http://srv.test/seq').status);
    expect(statuses).toEqual([500, 200, 200]);
    const r = await http.asyncRequest('GET', 'http://srv.test/ok');
    expect(r.status).toBe(200);
  });

  it('reaches the stand-in core in-process and refuses any other address', () => {
    const rt = installK6Runtime();
    const core = createStandIn(parseServerOptions({}), rt.state);
    const standIn = installK6Runtime({
      transport: standInTransport(core, { address: 'standin.test:8000' }),
    });
    const login = http.post(
      'http://standin.test:8000/auth/login',
      JSON.stringify({ password: 'loadtest' }),
      { headers: { 'Content-Type': 'application/json' } },
    );
    expect(login.status).toBe(200);
    expect(login.headers['Content-Type']).toMatch(/application\/json/);
    expect(http.get('http://standin.test:8001/auth/health').error_code).toBe(1212);
    expect(standIn.state.requests).toHaveLength(2);
  });
});

describe('k6, k6/metrics, k6/execution and k6/secrets doubles', () => {
  it('records tagged custom samples and validates names like k6', () => {
    const rt = installK6Runtime({ phase: 'init' });
    const counter = new Counter('cw_requests');
    const rate = new Rate('cw_errors');
    const trend = new Trend('cw_latency', true);
    expect(() => new Counter('bad-name')).toThrow(/Invalid metric name/);
    expect(() => new Trend('cw_requests')).toThrow(/already exists/);
    expect(() => counter.add(1)).toThrow(/init context/);
    rt.phase = 'iteration';
    expect(() => new Counter('late')).toThrow(/init context/);
    counter.add(2, { endpoint: 'poll' });
    rate.add(true);
    trend.add(12.5);
    expect(rt.state.samples.map((s) => [s.metric, s.value, s.tags])).toEqual([
      ['cw_requests', 2, { scenario: 'default', endpoint: 'poll' }],
      ['cw_errors', 1, { scenario: 'default' }],
      ['cw_latency', 12.5, { scenario: 'default' }],
    ]);
    expect(rt.state.metrics.get('cw_latency')).toEqual({
      name: 'cw_latency',
      type: 'trend',
      contains: 'time',
    });
  });

  it('sleeps on the virtual clock and tags checks with their group', () => {
    const rt = installK6Runtime();
    group('polling', () => {
      sleep(1.5);
      expect(check(3, { 'is three': (x) => x === 3, 'is four': (x) => x === 4 })).toBe(false);
    });
    expect(rt.sleeps).toEqual([1.5]);
    expect(rt.elapsedMs).toBe(1500);
    expect(rt.state.samplesOf('checks').map((s) => [s.tags.check, s.tags.group, s.value])).toEqual([
      ['is three', '::polling', 1],
      ['is four', '::polling', 0],
    ]);
    expect(rt.state.samplesOf('group_duration')[0]?.value).toBe(1500);
  });

  it('reports execution info, refuses it in init, and aborts the test', () => {
    installK6Runtime({ phase: 'init' });
    expect(() => exec.vu.idInTest).toThrow(/init context/);
    const rt = installK6Runtime({ vuId: 3, scenario: 'poll' });
    expect([exec.vu.idInTest, exec.scenario.name, exec.vu.iterationInScenario]).toEqual([
      3,
      'poll',
      0,
    ]);
    expect(() => exec.test.abort('server down')).toThrow(/server down/);
    expect(rt.state.abortMessage).toBe('server down');
    expect(() => http.get('http://srv.test/ok')).toThrow(/aborted/);
  });

  it('rejects secrets without a secret source and resolves configured ones', async () => {
    installK6Runtime();
    await expect(secrets.get('password')).rejects.toThrow(/no secret sources/);
    installK6Runtime({ secrets: { password: 'pw' } });
    await expect(secrets.get('password')).resolves.toBe('pw');
    await expect(secrets.get('other')).rejects.toThrow(/no value/);
  });
});
