// Runs the capacity cases (dist/capacity.js) and the live-room / RAMP_UP cases (dist/poll.js)
// with a real k6 binary (K6_BIN, k6 on PATH or the k6-bin cache folder) against the stand-in
// over loopback: `npm run test:k6:capacity`. Without k6 it says so and exits 0. Not part of
// `npm test`.

import { k6OrSkip } from '../../scripts/k6-binary';
import { CAPACITY_CASES, verifyCapacityCommon } from './capacity-cases';
import { runCase } from './k6-case';
import { LIVE_ROOM_CASES, REAL_K6_CHECKS } from './live-rooms-cases';
import { caseConfig, verifyCommon } from './poll-cases';
import { type PollRunOutcome, Verdict } from './poll-outcome';

async function main(): Promise<number> {
  const bin = k6OrSkip('test:k6:capacity');
  if (bin === undefined) return 0;
  const cases = [
    ...CAPACITY_CASES.map((c) => ({
      name: c.name,
      bundle: 'dist/capacity.js',
      c,
      check: (o: PollRunOutcome, v: Verdict) => {
        verifyCapacityCommon(c, o, v);
        c.verify(o, v);
        c.verifyWithRealK6?.(o, v);
      },
    })),
    ...LIVE_ROOM_CASES.map((c) => ({
      name: c.name,
      bundle: 'dist/poll.js',
      c,
      check: (o: PollRunOutcome, v: Verdict) => {
        verifyCommon(c, o, v);
        c.verify(o, v, () => caseConfig(c));
        REAL_K6_CHECKS[c.name]?.(o, v);
      },
    })),
  ];
  // `npm run test:k6:capacity -- <text>` runs only the cases whose name contains the text.
  const only = process.argv[2] ?? '';
  const chosen = cases.filter((entry) => entry.name.includes(only));
  let failed = 0;
  for (const { name, bundle, c, check } of chosen) {
    const outcome = await runCase(bin, c, bundle);
    const verdict = new Verdict();
    check(outcome, verdict);
    if (verdict.problems.length === 0) {
      console.log(`PASS  ${name}`);
      for (const note of verdict.notes) console.log(`      ${note}`);
    } else {
      failed++;
      console.log(`FAIL  ${name}`);
      for (const problem of verdict.problems) console.log(`      ${problem}`);
      for (const note of verdict.notes) console.log(`      ${note}`);
      const table = outcome.stdout.slice(
        outcome.stdout.indexOf('Steps:'),
        outcome.stdout.indexOf('Scaling'),
      );
      console.log(
        `${table}\n      k6 stderr (last lines):\n${outcome.log.split('\n').slice(-8).join('\n')}`,
      );
    }
  }
  console.log(
    `test:k6:capacity: ${chosen.length - failed} of ${chosen.length} cases passed with ${bin}`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
