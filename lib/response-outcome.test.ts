import { describe, expect, it } from 'vitest';
import { classifyResponse, NOT_ERROR_STATUSES } from './response-outcome';

describe('classifyResponse', () => {
  it('counts 200 as ok', () => {
    expect(classifyResponse(200, 0)).toEqual({
      status: '200',
      ok: true,
      rateLimited: false,
      error: false,
      connectionError: undefined,
    });
  });

  it('counts 429 as rate limited, not as an error', () => {
    expect(classifyResponse(429, 1429)).toMatchObject({
      status: '429',
      ok: false,
      rateLimited: true,
      error: false,
    });
  });

  it('counts 500 and untracked statuses as errors', () => {
    expect(classifyResponse(500, 1500)).toMatchObject({ status: '500', error: true });
    expect(classifyResponse(418, 1418)).toMatchObject({ status: 'other', error: true });
  });

  it('tags status 0 with the k6 error code', () => {
    expect(classifyResponse(0, 1212)).toMatchObject({
      status: 'connection_error',
      error: true,
      connectionError: '1212',
    });
    expect(classifyResponse(0, 1999).connectionError).toBe('other');
  });

  it('hands out one frozen outcome per status and error code, so classifying allocates nothing', () => {
    expect(classifyResponse(200, 0)).toBe(classifyResponse(200, 0));
    expect(classifyResponse(0, 1212)).toBe(classifyResponse(0, 1212));
    expect(classifyResponse(0, 1212)).not.toBe(classifyResponse(0, 1050));
    expect(Object.isFrozen(classifyResponse(503, 1503))).toBe(true);
  });

  it('expects exactly the statuses that are not errors, as k6 response callbacks take them', () => {
    const expected = (status: number) =>
      NOT_ERROR_STATUSES.some((s) =>
        typeof s === 'number' ? s === status : status >= s.min && status <= s.max,
      );
    for (let status = 0; status < 600; status++) {
      expect([status, expected(status)]).toEqual([status, !classifyResponse(status, 1000).error]);
    }
  });
});
