import { describe, expect, it } from 'vitest';
import { CLIENT_CASES } from './client-cases';
import { caseConfig, runsInSandbox, verifyCommon } from './poll-cases';
import { Verdict } from './poll-outcome';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('CLIENT=chat and CLIENT=game end to end in the k6 sandbox', () => {
  // Ctrl-C needs a process: `npm run test:k6:clients` runs that case with a real k6.
  it.each(CLIENT_CASES.filter(runsInSandbox).map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const outcome = await runPollCaseInSandbox(c, c.bundle);
      const verdict = new Verdict();
      verifyCommon(c, outcome, verdict);
      c.verify(outcome, verdict, () => caseConfig(c));
      expect(verdict.problems).toEqual([]);
    },
  );
});
