import { describe, expect, it } from 'vitest';
import { k6VersionFromUserAgent, runFactsOf, utcText } from './run-facts';

describe('k6VersionFromUserAgent', () => {
  it("reads k6's default User-Agent of 1.x and 2.x, and older k6's", () => {
    expect(k6VersionFromUserAgent('Grafana k6/1.3.0')).toBe('1.3.0');
    expect(k6VersionFromUserAgent('Grafana k6/2.2.0')).toBe('2.2.0');
    expect(k6VersionFromUserAgent('k6/0.45.0 (https://k6.io/)')).toBe('0.45.0');
  });
  it('gives null for a User-Agent the user set', () => {
    expect(k6VersionFromUserAgent('my-tester/1.0')).toBeNull();
    expect(k6VersionFromUserAgent('myk6/1.0.0')).toBeNull();
    expect(k6VersionFromUserAgent(undefined)).toBeNull();
  });
});

describe('runFactsOf', () => {
  it('starts at the stamp less the test run, in UTC', () => {
    const facts = runFactsOf([
      { endedAtMs: Date.UTC(2026, 0, 2, 3, 4, 35), testRunMs: 30_000, k6Version: '1.3.0' },
    ]);
    expect(facts).toEqual({
      startedAt: '2026-01-02T03:04:05.000Z',
      endedAt: '2026-01-02T03:04:35.000Z',
      k6Version: '1.3.0',
    });
    expect(utcText(facts.startedAt)).toBe('2026-01-02 03:04:05 UTC');
  });
  it('spans every instance and names each version once', () => {
    const facts = runFactsOf([
      { endedAtMs: 100_000, testRunMs: 50_000, k6Version: '2.2.0' },
      { endedAtMs: 120_000, testRunMs: 90_000, k6Version: '1.3.0' },
      { endedAtMs: null, testRunMs: 1, k6Version: '2.2.0' },
    ]);
    expect(facts.startedAt).toBe(new Date(30_000).toISOString());
    expect(facts.endedAt).toBe(new Date(120_000).toISOString());
    expect(facts.k6Version).toBe('1.3.0, 2.2.0');
  });
  it('is all null without stamps', () => {
    expect(runFactsOf([{ endedAtMs: null, testRunMs: 5, k6Version: null }])).toEqual({
      startedAt: null,
      endedAt: null,
      k6Version: null,
    });
    expect(utcText(null)).toBe('n/a');
  });
});
