import { describe, expect, it } from 'vitest';
import { CLEANUP_CASES, seededStandIn } from './cleanup-cases';
import { ADMIN_PASSWORD } from './poll-cases';
import { Verdict, verifyNoSecrets } from './poll-outcome';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('dist/cleanup.js end to end in the k6 sandbox', () => {
  it.each(CLEANUP_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const seed = seededStandIn();
    const outcome = await runPollCaseInSandbox(
      {
        env: { PASSWORD: ADMIN_PASSWORD, ...c.env },
        server: { TARGET_PASSWORD: ADMIN_PASSWORD },
        prepareStandIn: seed.prepare,
      },
      'dist/cleanup.js',
    );
    const verdict = new Verdict();
    verdict.ok(
      `exit code ${outcome.exitCode} is one of ${c.exitCodes}`,
      c.exitCodes.includes(outcome.exitCode),
    );
    verifyNoSecrets(outcome, ADMIN_PASSWORD, verdict);
    c.verify(outcome, seed.left(), verdict);
    expect(verdict.problems).toEqual([]);
  });
});
