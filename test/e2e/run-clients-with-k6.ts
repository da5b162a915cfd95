// Runs the chat and game cases (client-cases.ts) with a real k6 binary (K6_BIN, k6 on PATH or
// the k6-bin cache folder) against the stand-in over loopback: `npm run test:k6:clients`.
// Without k6 it says so and exits 0. Not part of `npm test`.

import { k6OrSkip } from '../../scripts/k6-binary';
import { CLIENT_CASES } from './client-cases';
import { runCase } from './k6-case';
import { caseConfig, verifyCommon } from './poll-cases';
import { Verdict } from './poll-outcome';

async function main(): Promise<number> {
  const bin = k6OrSkip('test:k6:clients');
  if (bin === undefined) return 0;
  // `npm run test:k6:clients -- <text>` runs only the cases whose name contains the text.
  const only = process.argv[2] ?? '';
  const cases = CLIENT_CASES.filter((c) => c.name.includes(only));
  let passed = 0;
  for (const c of cases) {
    const outcome = await runCase(bin, c, c.bundle);
    const verdict = new Verdict();
    verifyCommon(c, outcome, verdict);
    c.verify(outcome, verdict, () => caseConfig(c));
    if (verdict.problems.length === 0) {
      passed++;
      console.log(`PASS  ${c.name}`);
    } else {
      console.log(`FAIL  ${c.name}`);
      for (const problem of verdict.problems) console.log(`      ${problem}`);
      console.log(
        `      k6 stderr (last lines):\n${outcome.log.split('\n').slice(-10).join('\n')}`,
      );
    }
  }
  console.log(`test:k6:clients: ${passed} of ${cases.length} cases passed with ${bin}`);
  return passed === cases.length ? 0 : 1;
}

process.exitCode = await main();
