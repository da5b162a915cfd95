// `npm run test:k6:distributed`: distributed runs with real k6 processes started together
// against the stand-in (test/e2e/distributed.ts). Without k6 it says so and exits 0.
// `npm run test:k6:distributed -- <text>` runs only the cases whose name contains the text.

import { DISTRIBUTED_CASES } from '../test/e2e/distributed';
import { k6OrSkip } from './k6-binary';

async function main(): Promise<number> {
  const bin = k6OrSkip('test:k6:distributed');
  if (bin === undefined) return 0;
  const only = process.argv[2] ?? '';
  const cases = DISTRIBUTED_CASES.filter((c) => c.name.includes(only));
  let passed = 0;
  for (const c of cases) {
    const problems = await c.run(bin);
    if (problems.length === 0) {
      console.log(`PASS  ${c.name}`);
      passed++;
    } else {
      console.log(`FAIL  ${c.name}`);
      for (const problem of problems) console.log(`      ${problem}`);
    }
  }
  console.log(`test:k6:distributed: ${passed} of ${cases.length} cases passed with ${bin}`);
  return passed === cases.length ? 0 : 1;
}

process.exitCode = await main();
