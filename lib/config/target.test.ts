import { describe, expect, it } from 'vitest';
import { TARGET_PART, withoutPassword } from './target';

describe('TARGET_PART', () => {
  it('defaults to the local backend, the k6 secret, rooms deleted, files in the working directory', () => {
    expect(TARGET_PART.parse({})).toEqual({
      baseUrl: 'http://localhost:8000',
      password: undefined,
      noCleanup: false,
      summaryDir: '',
      runId: undefined,
    });
  });

  it('reads every variable and names a bad one', () => {
    expect(
      TARGET_PART.parse({
        BASE_URL: 'https://cw.example.com/',
        PASSWORD: 'pw',
        NO_CLEANUP: 'yes',
        SUMMARY_DIR: 'out',
        RUN_ID: 'nightly-42',
      }),
    ).toEqual({
      baseUrl: 'https://cw.example.com',
      password: 'pw',
      noCleanup: true,
      summaryDir: 'out',
      runId: 'nightly-42',
    });
    expect(() => TARGET_PART.parse({ BASE_URL: 'localhost:8000' })).toThrow(/^BASE_URL: got /);
  });

  it('drops the password, and only the password, for reports', () => {
    const shown = withoutPassword({ ...TARGET_PART.parse({ PASSWORD: 'hunter2' }), extra: 1 });
    expect(shown).toEqual({
      baseUrl: 'http://localhost:8000',
      noCleanup: false,
      summaryDir: '',
      runId: undefined,
      extra: 1,
    });
  });
});
