import { describe, expect, it } from 'vitest';
import type { SeamResponse } from '../http-seam';
import { countResponse, emptyTally, limitNamedIn, rejectionText } from './tally';

const response = (status: number, body: string | null): SeamResponse => ({
  status,
  body,
  error: '',
  errorCode: 0,
});
const EXPECTED = 'Rate limit exceeded: 60 per 1 minute';

describe('countResponse', () => {
  it('counts 2xx as accepted, 429 as refused with the body checked, the rest as other', () => {
    const tally = emptyTally();
    countResponse(tally, response(200, '[]'), EXPECTED);
    countResponse(tally, response(429, JSON.stringify({ error: EXPECTED })), EXPECTED);
    countResponse(tally, response(500, 'boom'), EXPECTED);
    countResponse(tally, response(0, null), EXPECTED);
    expect(tally).toEqual({
      sent: 4,
      accepted: 1,
      rejected: 1,
      other: 2,
      bodyOk: true,
      bodyLimit: 60,
      wrongBody: undefined,
    });
  });

  it('fails the body check on any differing 429 and keeps the first wrong body', () => {
    const tally = emptyTally();
    countResponse(tally, response(429, JSON.stringify({ error: EXPECTED })), EXPECTED);
    countResponse(tally, response(429, '{"detail":"Too many requests"}'), EXPECTED);
    countResponse(tally, response(429, JSON.stringify({ error: EXPECTED })), EXPECTED);
    expect(tally).toMatchObject({
      rejected: 3,
      bodyOk: false,
      bodyLimit: 60,
      wrongBody: '{"detail":"Too many requests"}',
    });
  });
});

describe('rejectionText', () => {
  it('accepts only an object with exactly one string `error`', () => {
    expect(rejectionText('{"error":"x"}')).toBe('x');
    expect(rejectionText('{"error":"x","detail":"y"}')).toBeUndefined();
    expect(rejectionText('{"detail":"x"}')).toBeUndefined();
    expect(rejectionText('["x"]')).toBeUndefined();
    expect(rejectionText(null)).toBeUndefined();
  });

  it('reads the limit a rejection names', () => {
    expect(limitNamedIn('Rate limit exceeded: 90 per 1 minute')).toBe(90);
    expect(limitNamedIn('Too many requests')).toBeUndefined();
  });
});
