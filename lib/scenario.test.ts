import { afterEach, describe, expect, it, vi } from 'vitest';
import { configPart } from './config/part';
import { ConfigError, parseInteger } from './env';
import { defineScenario } from './scenario';
import type { SummaryData } from './summary-data';

const part = configPart(['USERS', 'DURATION'], (env) => ({
  users: parseInteger(env, 'USERS', 10),
}));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('defineScenario', () => {
  it('parses the configuration', () => {
    expect(defineScenario('poll', part, { USERS: '3' }).config).toEqual({ users: 3 });
  });

  it('throws a bad value as one line (a string: k6 prints no stack for it), with near-misses', () => {
    let thrown: unknown;
    try {
      defineScenario('poll', part, { USERS: '0', DURATON: '5s', HOME: '/root' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBe(
      'ConfigError: USERS: got "0"; expected a whole number >= 1 (DURATON is not a poll option and is ignored; did you mean DURATION?)',
    );
  });

  it('gives more init code the same one line, and lets other errors through', () => {
    const scenario = defineScenario('poll', part, {});
    expect(() =>
      scenario.init(() => {
        throw new ConfigError('thresholds.json: bad');
      }),
    ).toThrow(/^ConfigError: thresholds.json: bad$/);
    expect(() =>
      scenario.init(() => {
        throw new TypeError('a bug');
      }),
    ).toThrow(TypeError);
  });

  it('warns in setup, one line per near-miss name, sorted, then runs setup', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const scenario = defineScenario('poll', part, { USRS: '3', DURATON: '5s', PATH: '/bin' });
    expect(warn).not.toHaveBeenCalled();
    const setup = scenario.setup(() => ({ roomIds: [1] }));
    expect(setup()).toEqual({ roomIds: [1] });
    expect(warn.mock.calls).toEqual([
      ['DURATON is not a poll option and is ignored; did you mean DURATION?'],
      ['USRS is not a poll option and is ignored; did you mean USERS?'],
    ]);
  });

  it('hands the report the summary data without setup_data, and setup_data apart', () => {
    const scenario = defineScenario('poll', part, {});
    const data = {
      metrics: {},
      options: { summaryTrendStats: [] },
      state: { testRunDurationMs: 1000 },
      setup_data: { roomIds: [7], apiKey: 'sk-secret' },
    } as unknown as SummaryData;
    const seen = scenario.handleSummary((report, setupData) => ({ report, setupData }))(data);
    expect(seen.report).not.toHaveProperty('setup_data');
    expect(JSON.stringify(seen.report)).not.toContain('sk-secret');
    expect(seen.setupData).toEqual({ roomIds: [7], apiKey: 'sk-secret' });
  });
});
