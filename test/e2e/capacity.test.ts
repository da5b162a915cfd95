import { describe, expect, it } from 'vitest';
import { CAPACITY_CASES, verifyCapacityCommon } from './capacity-cases';
import { Verdict } from './poll-outcome';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('dist/capacity.js end to end in the k6 sandbox', () => {
  it.each(
    CAPACITY_CASES.filter((c) => c.realK6Only === undefined).map((c) => [c.name, c] as const),
  )(
    '%s',
    async (_name, c) => {
      const outcome = await runPollCaseInSandbox(c, 'dist/capacity.js');
      const verdict = new Verdict();
      verifyCapacityCommon(c, outcome, verdict);
      c.verify(outcome, verdict);
      expect(verdict.problems).toEqual([]);
      // A few thousand requests on the virtual clock: seconds, more on a busy machine.
    },
    60_000,
  );
});
