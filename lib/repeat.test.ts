import { describe, expect, it } from 'vitest';
import { parseRepeatConfig, perRunName, repeatExitCode } from './repeat';

describe('parseRepeatConfig', () => {
  it('runs once by default and pauses one rate-limit window between runs', () => {
    expect(parseRepeatConfig({})).toEqual({ runs: 1, pauseMs: 60_000 });
    expect(parseRepeatConfig({ REPEAT: '3', REPEAT_PAUSE: '0' })).toEqual({ runs: 3, pauseMs: 0 });
    expect(parseRepeatConfig({ REPEAT: '5', REPEAT_PAUSE: '1m30s' }).pauseMs).toBe(90_000);
  });

  it('stops with one line naming the variable', () => {
    expect(() => parseRepeatConfig({ REPEAT: '0' })).toThrow(
      'REPEAT: got "0"; expected a whole number from 1 to 100',
    );
    expect(() => parseRepeatConfig({ REPEAT_PAUSE: 'soon' })).toThrow(/^REPEAT_PAUSE: got "soon"/);
  });
});

describe('perRunName', () => {
  it('numbers each kept file before its extension', () => {
    expect(perRunName('summary.json', 2)).toBe('summary-2.json');
    expect(perRunName('junit.xml', 10)).toBe('junit-10.xml');
  });
});

describe('repeatExitCode', () => {
  it('is the first failing run exit code, else 0', () => {
    expect(repeatExitCode([0, 0])).toBe(0);
    expect(repeatExitCode([0, 99, 107])).toBe(99);
  });
});
