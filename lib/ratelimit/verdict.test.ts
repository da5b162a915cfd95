import { describe, expect, it } from 'vitest';
import type { EndpointObservation } from './observation';
import { emptyTally } from './tally';
import { judgeEndpoint } from './verdict';

const EXPECTED = { limit: 60, margin: 6, windowMs: 60_000 };

function observed(
  overrides: Partial<EndpointObservation> = {},
  clean: Partial<EndpointObservation['cleanWindow']> = {},
): EndpointObservation {
  return {
    endpoint: 'poll',
    firstWindow: {
      ...emptyTally(),
      sent: 66,
      accepted: 60,
      rejected: 6,
      bodyOk: true,
      bodyLimit: 60,
    },
    cleanWindow: {
      ...emptyTally(),
      sent: 66,
      accepted: 60,
      rejected: 6,
      bodyOk: true,
      bodyLimit: 60,
      ...clean,
    },
    cleanSpanMs: 120,
    isolationStatus: 200,
    recoveryMs: 60_500,
    probedUntilMs: 60_500,
    sustained: undefined,
    ...overrides,
  };
}

function details(o: EndpointObservation) {
  return Object.fromEntries(
    judgeEndpoint(o, EXPECTED).checks.map((c) => [c.check, `${c.status}: ${c.detail}`]),
  );
}

describe('judgeEndpoint', () => {
  it('passes the documented behaviour', () => {
    const verdict = judgeEndpoint(observed(), EXPECTED);
    expect(verdict).toMatchObject({
      expectedLimit: 60,
      measuredLimit: 60,
      limitMissing: false,
      firstWindowUsed: 0,
      passed: true,
    });
    expect(details(observed())).toEqual({
      limit: 'pass: messages/poll: measured 60 per window, expected 60',
      body: 'pass: messages/poll: 429 body is {"error":"Rate limit exceeded: 60 per 1 minute"}',
      isolation:
        "pass: messages/poll: another room's path answered 200 while the first was exhausted",
      recovery: 'pass: messages/poll: accepted again after 60.5 s, expected after 60 s',
      sustained: 'skip: messages/poll: not run',
    });
  });

  it('names both numbers when the limit is too loose or too strict', () => {
    expect(
      details(
        observed({}, { accepted: 90, sent: 126, rejected: 36, bodyLimit: 90, bodyOk: false }),
      ),
    ).toMatchObject({
      limit: 'fail: messages/poll: measured 90 per window, expected 60 (30 too loose)',
      body: 'fail: messages/poll: 429 body names a limit of 90, expected {"error":"Rate limit exceeded: 60 per 1 minute"}',
    });
    expect(details(observed({}, { accepted: 30, rejected: 36 })).limit).toBe(
      'fail: messages/poll: measured 30 per window, expected 60 (30 too strict)',
    );
  });

  it('calls a limit missing when no 429 came, and skips what depends on one', () => {
    const o = observed(
      { recoveryMs: 48_000 },
      { sent: 600, accepted: 600, rejected: 0, bodyOk: undefined, bodyLimit: undefined },
    );
    expect(judgeEndpoint(o, EXPECTED)).toMatchObject({
      measuredLimit: 600,
      limitMissing: true,
      passed: false,
    });
    expect(details(o)).toEqual({
      limit:
        'fail: messages/poll: no 429 in 600 requests within one window (cap 600), expected 60: limit missing',
      body: 'skip: messages/poll: no 429 to check',
      isolation: 'skip: messages/poll: the first path was never exhausted',
      recovery: 'skip: messages/poll: never refused, nothing to recover from',
      sustained: 'skip: messages/poll: not run',
    });
  });

  it('fails a body other than the limiter text', () => {
    expect(details(observed({}, { bodyOk: false, bodyLimit: undefined })).body).toBe(
      'fail: messages/poll: 429 body is not {"error":"Rate limit exceeded: 60 per 1 minute"}',
    );
  });

  it('fails when another room shares the bucket', () => {
    expect(details(observed({ isolationStatus: 429 })).isolation).toBe(
      "fail: messages/poll: another room's path answered 429 while the first was exhausted, expected 200 (the limit must be per path)",
    );
    expect(details(observed({ endpoint: 'login', isolationStatus: undefined })).isolation).toBe(
      'skip: auth/login: one path for every client',
    );
  });

  it('fails no recovery, and a window 10 % shorter or longer than configured', () => {
    expect(details(observed({ recoveryMs: undefined, probedUntilMs: 90_000 })).recovery).toBe(
      'fail: messages/poll: still refused 90 s after the window started, expected accepted again after 60 s: no recovery',
    );
    expect(details(observed({ recoveryMs: 48_000 })).recovery).toBe(
      'fail: messages/poll: accepted again after 48 s, expected after 60 s (window too short)',
    );
    expect(details(observed({ recoveryMs: 69_000 })).recovery).toBe(
      'fail: messages/poll: accepted again after 69 s, expected after 60 s (window too long)',
    );
    expect(details(observed({ recoveryMs: 54_000 })).recovery).toMatch(/^pass/);
    expect(details(observed({ recoveryMs: 66_000 })).recovery).toMatch(/^pass/);
  });

  it('cannot measure when other statuses came or the burst outlasted the window', () => {
    expect(details(observed({}, { other: 3, sent: 66 })).limit).toBe(
      'fail: messages/poll: 3 of 66 requests answered neither 2xx nor 429; cannot measure the limit (expected 60)',
    );
    expect(details(observed({ cleanSpanMs: 61_000 })).limit).toBe(
      'fail: messages/poll: the burst took 61 s, longer than the 60 s window; cannot measure the limit (expected 60)',
    );
  });

  it('blames a window longer than configured when the clean burst got nothing through', () => {
    const o = observed(
      { recoveryMs: 48_000 },
      { accepted: 0, rejected: 66, bodyOk: false, bodyLimit: 60 },
    );
    expect(details(o)).toMatchObject({
      limit:
        "fail: messages/poll: every request refused 63 s after the first burst, expected 60 accepted: the server's window is longer than 60 s",
      body: 'fail: messages/poll: 429 body is not {"error":"Rate limit exceeded: 60 per 1 minute"}',
      recovery:
        'fail: messages/poll: the window begun by the first burst had not ended after 63 s: window too long',
    });
  });

  it('counts what an earlier run had used of the first window', () => {
    const o = observed({ firstWindow: { ...emptyTally(), sent: 66, accepted: 20, rejected: 46 } });
    expect(judgeEndpoint(o, EXPECTED).firstWindowUsed).toBe(40);
  });

  it('checks the sustained phase accepted exactly the limit', () => {
    expect(details(observed({ sustained: { sent: 90, accepted: 60 } })).sustained).toBe(
      'pass: messages/poll: 90 requests spread over one window, 60 accepted, expected 60',
    );
    expect(details(observed({ sustained: { sent: 90, accepted: 75 } })).sustained).toMatch(
      /^fail: .* 75 accepted, expected 60$/,
    );
  });
});
