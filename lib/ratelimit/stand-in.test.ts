// The check's procedure against the stand-in server's real limiter, in-process on a virtual
// clock: the expected 429 text and the window timing must agree with what the server does.
import { describe, expect, it } from 'vitest';
import { createStandIn } from '../../server/core';
import { parseServerOptions } from '../../server/options';
import { virtualClock } from '../../server/testing';
import { createRooms, login } from '../backend';
import type { HttpSeam } from '../http-seam';
import { parseRateLimitConfig } from './config';
import { type CheckRuntime, runRateLimitCheck } from './procedure';
import { judgeEndpoint } from './verdict';

function standInRuntime(serverEnv: Record<string, string>): CheckRuntime {
  const clock = virtualClock();
  const standIn = createStandIn(
    parseServerOptions({ RATELIMIT_WINDOW: '2s', ...serverEnv }),
    clock,
  );
  const http: HttpSeam = {
    send(requests) {
      return requests.map((r) => {
        const url = new URL(r.url);
        const headers = Object.fromEntries(
          Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v]),
        );
        const response = standIn.handle({
          method: r.method,
          path: url.pathname,
          query: url.search.slice(1),
          headers,
          body: r.body ?? '',
          clientIp: '127.0.0.1',
        });
        return { status: response.status, body: response.body, error: '', errorCode: 0 };
      });
    },
  };
  return { http, now: () => clock.now(), sleep: (ms) => clock.advance(ms), log: () => {} };
}

function check(serverEnv: Record<string, string>) {
  const runtime = standInRuntime(serverEnv);
  const config = parseRateLimitConfig({
    WINDOW: '2s',
    CHECK_SEND: 'true',
    CHECK_LOGIN: 'true',
    SUSTAINED: 'true',
  });
  const { apiKey } = login(runtime.http, 'http://standin', 'loadtest');
  const [measured, other, sustained] = createRooms(runtime.http, 'http://standin', apiKey, [
    'a',
    'b',
    'c',
  ]);
  const target = {
    baseUrl: 'http://standin',
    apiKey,
    password: 'loadtest',
    rooms: { measured: measured as number, other: other as number, sustained },
  };
  return runRateLimitCheck(config, target, runtime).map((o, i) => {
    const e = config.endpoints[i];
    return e === undefined ? undefined : judgeEndpoint(o, { ...e, windowMs: config.windowMs });
  });
}

describe('the check against the stand-in', () => {
  it('passes every check of every endpoint when the limits are the documented ones', () => {
    const verdicts = check({});
    expect(verdicts.map((v) => [v?.endpoint, v?.measuredLimit, v?.passed])).toEqual([
      ['poll', 60, true],
      ['agents', 120, true],
      ['send', 30, true],
      ['login', 20, true],
    ]);
    // Setup's own login used one request of the login path's first window.
    expect(verdicts.map((v) => v?.firstWindowUsed)).toEqual([0, 0, 0, 1]);
    expect(verdicts[0]?.checks.map((c) => c.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
  });

  it('fails the endpoint whose limit differs, naming both numbers', () => {
    const [poll, agents] = check({ LIMIT_POLL: '90' });
    expect(poll?.checks[0]?.detail).toBe(
      'messages/poll: measured 90 per window, expected 60 (30 too loose)',
    );
    expect(agents?.passed).toBe(true);
  });
});
