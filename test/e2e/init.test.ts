import { describe, expect, it } from 'vitest';
import { INIT_CASES, initCaseBundle, verifyInitCommon } from './init-cases';
import { Verdict } from './poll-outcome';
import { runPollCaseInSandbox } from './run-in-sandbox';

describe('every scenario at init, end to end in the k6 sandbox', () => {
  it.each(INIT_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const outcome = await runPollCaseInSandbox(c, await initCaseBundle(c));
    const verdict = new Verdict();
    verifyInitCommon(c, outcome, verdict);
    c.verify(outcome, verdict);
    expect(verdict.problems).toEqual([]);
  });
});
