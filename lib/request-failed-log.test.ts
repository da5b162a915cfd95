import { describe, expect, it } from 'vitest';
import {
  failureKind,
  RequestFailedLog,
  relayLines,
  requestFailedError,
} from './request-failed-log';

// As k6 1.3.0 and 2.2.0 wrote them to a pipe (measured).
const REFUSED =
  'time="2026-12-01T23:21:33Z" level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:1/x\\": dial tcp 127.0.0.1:1: connect: connection refused"';
const TIMEOUT =
  'time="2026-12-01T23:21:34Z" level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:18701/x\\": request timeout"';
const RESET =
  'time="2026-12-01T23:21:34Z" level=warning msg="Request Failed" error="Get \\"http://127.0.0.1:18703/x\\": read tcp 127.0.0.1:54580->127.0.0.1:18703: read: connection reset by peer"';

describe('requestFailedError', () => {
  it("reads the error of k6's line in each format, and nothing else", () => {
    expect(requestFailedError(REFUSED)).toBe(
      'Get "http://127.0.0.1:1/x": dial tcp 127.0.0.1:1: connect: connection refused',
    );
    expect(requestFailedError('WARN[0003] Request Failed    error="Get \\"u\\": EOF"')).toBe(
      'Get "u": EOF',
    );
    expect(
      requestFailedError('{"error":"Get \\"u\\": EOF","level":"warning","msg":"Request Failed"}'),
    ).toBe('Get "u": EOF');
    expect(requestFailedError('warn: Request Failed error="Get \\"u\\": request timeout"')).toBe(
      'Get "u": request timeout',
    );
    expect(
      requestFailedError(
        'time="x" level=info msg="Run ab12: Request Failed is a word" source=console',
      ),
    ).toBeUndefined();
    expect(
      requestFailedError('time="x" level=info msg="Created 2 test rooms" source=console'),
    ).toBeUndefined();
  });

  it('names the kind of failure without the request and addresses', () => {
    expect(failureKind(requestFailedError(REFUSED) as string)).toBe('connection refused');
    expect(failureKind(requestFailedError(TIMEOUT) as string)).toBe('request timeout');
    expect(failureKind(requestFailedError(RESET) as string)).toBe('connection reset by peer');
    expect(failureKind('')).toBe('unknown error');
  });
});

describe('RequestFailedLog', () => {
  it('prints the first three as k6 wrote them, one line for the rest, and counts them by error', () => {
    const log = new RequestFailedLog();
    const printed: string[] = [];
    const relay = relayLines(log, (text) => printed.push(text));
    relay.chunk('time="x" level=info msg="setup" source=console\n');
    for (let i = 0; i < 1000; i++) relay.chunk(`${i % 10 === 0 ? REFUSED : TIMEOUT}\n`);
    relay.chunk(`${RESET.slice(0, 40)}`);
    relay.chunk(`${RESET.slice(40)}\nlevel=error msg="thresholds crossed"`);
    relay.end();
    expect(printed).toHaveLength(1 + 3 + 1 + 1);
    expect(printed[1]).toBe(`${REFUSED}\n`);
    expect(printed[4]).toMatch(/^More requests failed: .* counted, not printed/);
    expect(printed[5]).toBe('level=error msg="thresholds crossed"\n');
    expect(log.summary()).toBe(
      'k6 logged 1,001 "Request Failed" lines, 3 printed: request timeout 900, connection refused 100, connection reset by peer 1',
    );
  });

  it('says nothing more when no more than three failed', () => {
    const log = new RequestFailedLog();
    expect([REFUSED, TIMEOUT, RESET].flatMap((l) => log.line(l))).toEqual([
      REFUSED,
      TIMEOUT,
      RESET,
    ]);
    expect(log.summary()).toBeNull();
  });
});
