import { describe, expect, it } from 'vitest';
import { CLEANUP_CASES, judgeCleanupCase } from './cleanup-cases';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('dist/cleanup.js end to end in the k6 sandbox', () => {
  it.each(CLEANUP_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { verdict } = await judgeCleanupCase(c, (run) =>
      runPollCaseInSandbox(run, 'dist/cleanup.js'),
    );
    expect(verdict.problems).toEqual([]);
  });
});
