import { describe, expect, it } from 'vitest';
import { connected, countFrames, rejectedStream, resolvedStream } from './stream-outcome';

describe('what k6 tells of a settled stream', () => {
  it('a stream rejected with 1050 was held to its timeout; other errors failed', () => {
    // k6's K6Error for a body read cut by the timeout, and a Go url.Error (no code).
    expect(rejectedStream({ code: 1050, message: 'request timeout' }).outcome).toBe('held');
    // In k6 the code is a wrapped Go value, an object that only converts to the number.
    expect(rejectedStream({ code: { valueOf: () => 1050 } }).outcome).toBe('held');
    expect(
      rejectedStream({ message: 'Get "http://h/": dial tcp: connect: connection refused' }).outcome,
    ).toBe('failed');
    expect(rejectedStream({ message: 'Get "http://h/": request timeout' }).outcome).toBe('failed');
    expect(rejectedStream(undefined).outcome).toBe('failed');
  });

  it('a resolved stream ended (200, with its body) or was refused (another status)', () => {
    expect(resolvedStream(200, 'event: connected\r\n\r\n')).toEqual({
      outcome: 'ended',
      refusal: undefined,
      body: 'event: connected\r\n\r\n',
    });
    expect(resolvedStream(503, 'Service Unavailable')).toMatchObject({
      outcome: 'refused',
      refusal: '503',
    });
    expect(resolvedStream(401, '{}')).toMatchObject({ outcome: 'refused', refusal: '401' });
    expect(resolvedStream(0, null).outcome).toBe('failed');
    expect([
      connected('held'),
      connected('ended'),
      connected('refused'),
      connected('failed'),
    ]).toEqual([true, true, false, false]);
  });

  it('counts the frames of a body: keepalives, ping comments, the rest', () => {
    const body =
      'event: connected\r\ndata: {"room_id": 1}\r\n\r\n' +
      ': ping - 2026-12-01 19:33:46.877698+00:00\r\n\r\n' +
      'event: keepalive\r\ndata: \r\n\r\n' +
      'event: stream_start\r\ndata: {"agent_id": 2}\r\n\r\n' +
      ': ping - 2026-12-01 19:34:01.877698+00:00\n\n';
    expect(countFrames(body)).toEqual({ keepalive: 1, ping: 2, other: 2 });
    expect(countFrames('')).toEqual({ keepalive: 0, ping: 0, other: 0 });
  });
});
