// The README's local commands (`npm run poll`, `npm run ratelimit`: scripts/run-local.ts) with
// a real k6, stand-in included. Only `npm run test:k6` runs them: the sandbox has no k6 process.

import type { Verdict } from './poll-outcome';

/** The stand-in's admin password here; it must appear in no output. */
export const LOCAL_ADMIN_PASSWORD = 'e2e-local-pw-71d0b4';

export interface LocalCommandOutput {
  code: number;
  stdout: string;
  stderr: string;
}

export interface LocalCommandCase {
  name: string;
  scenario: 'poll' | 'ratelimit';
  /** Added to the environment of `tsx scripts/run-local.ts <scenario>`. */
  env: Record<string, string>;
  /** Sends SIGINT to the command after this long, as a Ctrl-C would. */
  interruptAfterMs?: number;
  exitCode: number;
  verify(o: LocalCommandOutput, v: Verdict): void;
}

/** Checks every local command makes: the exit code, the rooms deleted, no password shown, no near-miss warning. */
export function verifyLocalCommon(c: LocalCommandCase, o: LocalCommandOutput, v: Verdict): void {
  const text = `${o.stdout}\n${o.stderr}`;
  v.equal('exit code', o.code, c.exitCode);
  v.ok('the stand-in was started', text.includes('stand-in server on http://127.0.0.1:'));
  v.ok('teardown deleted the rooms', text.includes('Deleted 2 of 2 test rooms'), text.slice(-800));
  v.ok('the password appears in no output', !text.includes(LOCAL_ADMIN_PASSWORD));
  // k6 gets the whole process environment here: none of it may read as a misspelt option.
  v.ok(
    'no environment name is taken for a misspelt option',
    !text.includes('option and is ignored'),
    text.split('\n').find((line) => line.includes('option and is ignored')),
  );
}

export const LOCAL_COMMAND_CASES: readonly LocalCommandCase[] = [
  {
    name: 'USERS=4 DURATION=12s npm run poll: k6 reaches the stand-in and the run passes',
    scenario: 'poll',
    env: { USERS: '4', DURATION: '12s' },
    exitCode: 0,
    verify(o, v) {
      v.ok('the report was printed', o.stdout.includes('LOAD TEST RESULTS'));
    },
  },
  {
    name: 'Ctrl-C during npm run poll: k6 stops gracefully (105), teardown and the report run',
    scenario: 'poll',
    env: { USERS: '4', DURATION: '60s' },
    interruptAfterMs: 6000,
    exitCode: 105,
    verify(o, v) {
      v.ok('the report was printed', o.stdout.includes('LOAD TEST RESULTS'));
    },
  },
  {
    // 5 s, not docs/ratelimit.md's 2 s: recovery may be 10 % late, and at 2 s one 100 ms probe step
    // is all the slack a loaded machine gets.
    name: 'RATELIMIT_WINDOW=5s WINDOW=5s npm run ratelimit: the limits hold',
    scenario: 'ratelimit',
    env: { RATELIMIT_WINDOW: '5s', WINDOW: '5s' },
    exitCode: 0,
    verify(o, v) {
      v.ok('the check passed', o.stdout.includes('ClaudeWorld rate-limit check: PASSED'));
    },
  },
];
