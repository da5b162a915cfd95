import { describe, expect, it } from 'vitest';
import { caseBundle } from './gates-bundle';
import { caseConfig, POLL_CASES, runsInSandbox, verifyCommon } from './poll-cases';
import { Verdict } from './poll-outcome';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('dist/poll.js end to end in the k6 sandbox', () => {
  // Ctrl-C and a dying target need a process and a socket: `npm run test:k6` runs those.
  it.each(POLL_CASES.filter(runsInSandbox).map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const outcome = await runPollCaseInSandbox(c, await caseBundle('poll.js', c.thresholds));
      const verdict = new Verdict();
      verifyCommon(c, outcome, verdict);
      c.verify(outcome, verdict, () => caseConfig(c));
      expect(verdict.problems).toEqual([]);
    },
  );
});
