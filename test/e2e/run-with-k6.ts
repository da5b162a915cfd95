// Runs the init cases of every scenario (init-cases.ts) and the poll cases with a real k6 binary
// (scripts/k6-binary.ts finds it) against the stand-in over loopback, and the README's local
// commands; `npm run test:k6`. Without k6 it says so and exits 0. Not part of `npm test`.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { k6OrSkip } from '../../scripts/k6-binary';
import { CLEANUP_CASES, judgeCleanupCase } from './cleanup-cases';
import { caseBundle } from './gates-bundle';
import { INIT_CASES, initCaseBundle, verifyInitCommon } from './init-cases';
import { type ChildRun, run, runCase } from './k6-case';
import {
  LOCAL_ADMIN_PASSWORD,
  LOCAL_COMMAND_CASES,
  type LocalCommandCase,
  verifyLocalCommon,
} from './local-command-cases';
import { caseConfig, POLL_CASES, verifyCommon } from './poll-cases';
import { Verdict } from './poll-outcome';

/** `tsx scripts/run-local.ts <scenario>` as `npm run <scenario>` runs it, with this k6. */
function runLocalCommand(bin: string, c: LocalCommandCase, summaryDir: string): Promise<ChildRun> {
  const { BASE_URL: _target, PASSWORD: _password, ...inherited } = process.env;
  const [command, args] = c.viaNpm
    ? ['npm', ['run', c.scenario]]
    : ['node_modules/.bin/tsx', ['scripts/run-local.ts', c.scenario]];
  return run(command, args, {
    env: {
      ...inherited,
      K6_BIN: bin,
      TARGET_PASSWORD: LOCAL_ADMIN_PASSWORD,
      SUMMARY_DIR: summaryDir,
      ...c.env,
    },
    interruptAfterMs: c.interruptAfterMs,
    interruptGroupAtMs: c.interruptGroupAtMs,
    interruptGroupOn: c.interruptGroupOn,
  });
}

/** Prints a case's verdict; true when it passed. */
function report(name: string, verdict: Verdict, log: string): boolean {
  if (verdict.problems.length === 0) {
    console.log(`PASS  ${name}`);
    return true;
  }
  console.log(`FAIL  ${name}`);
  for (const problem of verdict.problems) console.log(`      ${problem}`);
  console.log(`      k6 stderr (last lines):\n${log.split('\n').slice(-15).join('\n')}`);
  return false;
}

async function main(): Promise<number> {
  const bin = k6OrSkip('test:k6');
  if (bin === undefined) return 0;
  // `npm run test:k6 -- <text>` runs only the cases whose name contains the text.
  const only = process.argv[2] ?? '';
  const pollCases = POLL_CASES.filter((c) => c.name.includes(only) && c.sandboxOnly === undefined);
  const localCases = LOCAL_COMMAND_CASES.filter((c) => c.name.includes(only));
  const initCases = INIT_CASES.filter((c) => c.name.includes(only));
  const cleanupCases = CLEANUP_CASES.filter((c) => c.name.includes(only));
  let passed = 0;
  for (const c of initCases) {
    const outcome = await runCase(bin, c, await initCaseBundle(c));
    const verdict = new Verdict();
    verifyInitCommon(c, outcome, verdict);
    c.verify(outcome, verdict);
    if (report(c.name, verdict, outcome.log)) passed++;
  }
  for (const c of pollCases) {
    const outcome = await runCase(bin, c, await caseBundle('poll.js', c.thresholds));
    const verdict = new Verdict();
    verifyCommon(c, outcome, verdict);
    c.verify(outcome, verdict, () => caseConfig(c));
    if (report(c.name, verdict, outcome.log)) passed++;
  }
  for (const c of localCases) {
    const dir = mkdtempSync(join(tmpdir(), 'local-e2e-'));
    try {
      const output = await runLocalCommand(bin, c, dir);
      const verdict = new Verdict();
      verifyLocalCommon(c, output, verdict);
      c.verify(output, verdict);
      if (report(c.name, verdict, output.stderr)) passed++;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  for (const c of cleanupCases) {
    const { outcome, verdict } = await judgeCleanupCase(c, (run) =>
      runCase(bin, run, 'dist/cleanup.js'),
    );
    if (report(c.name, verdict, outcome.log)) passed++;
  }
  const total = initCases.length + pollCases.length + localCases.length + cleanupCases.length;
  console.log(`test:k6: ${passed} of ${total} cases passed with ${bin}`);
  return passed === total ? 0 : 1;
}

process.exitCode = await main();
