import { describe, expect, it } from 'vitest';
import { LIVE_ROOM_CASES } from './live-rooms-cases';
import { caseConfig, verifyCommon } from './poll-cases';
import { Verdict } from './poll-outcome';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('dist/poll.js with live rooms and RAMP_UP in the k6 sandbox', () => {
  it.each(LIVE_ROOM_CASES.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const outcome = await runPollCaseInSandbox(c);
      const verdict = new Verdict();
      verifyCommon(c, outcome, verdict);
      c.verify(outcome, verdict, () => caseConfig(c));
      expect(verdict.problems).toEqual([]);
      // A few thousand requests on the virtual clock: seconds, more on a busy machine.
    },
    60_000,
  );
});
