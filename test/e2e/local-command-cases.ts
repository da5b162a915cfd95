// The README's local commands (`npm run poll`, `capacity`, `ratelimit`: scripts/run-local.ts) with
// a real k6, stand-in included. Only `npm run test:k6` runs them: the sandbox has no k6 process.

import type { ChildRun } from './k6-case';
import type { Verdict } from './poll-outcome';

/** The stand-in's admin password here; it must appear in no output. */
export const LOCAL_ADMIN_PASSWORD = 'e2e-local-pw-71d0b4';

export type LocalCommandOutput = ChildRun;

export interface LocalCommandCase {
  name: string;
  scenario: 'poll' | 'capacity' | 'ratelimit';
  /** `npm run <scenario>` as typed (its shell, tsx and repeat.ts included); default `tsx scripts/run-local.ts <scenario>`. */
  viaNpm?: boolean;
  /** Added to the environment of the command. */
  env: Record<string, string>;
  /** Sends SIGINT to the command after this long, as a Ctrl-C would. */
  interruptAfterMs?: number;
  /** Sends SIGINT to the command's whole process group at these times, as a terminal's Ctrl-C does. */
  interruptGroupAtMs?: readonly number[];
  /** The same, each `delayMs` after the output holds its text. */
  interruptGroupOn?: readonly { after: string; delayMs?: number }[];
  /** Teardown deletes the rooms (default); false when the case stops it. */
  roomsDeleted?: false;
  exitCode: number;
  verify(o: LocalCommandOutput, v: Verdict): void;
}

/** Checks every local command makes: the exit code, the rooms deleted, no password shown, no near-miss warning. */
export function verifyLocalCommon(c: LocalCommandCase, o: LocalCommandOutput, v: Verdict): void {
  const text = `${o.stdout}\n${o.stderr}`;
  v.equal('exit code', o.code, c.exitCode);
  v.ok('the stand-in was started', text.includes('stand-in server on http://127.0.0.1:'));
  if (c.roomsDeleted !== false) {
    v.ok(
      'teardown deleted the rooms',
      text.includes('Deleted 2 of 2 test rooms'),
      text.slice(-800),
    );
  }
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
    name: "Ctrl-C during npm run poll, as a terminal sends it to npm and all its children: npm returns after k6's report",
    scenario: 'poll',
    viaNpm: true,
    env: { USERS: '4', DURATION: '60s' },
    interruptGroupAtMs: [8000],
    exitCode: 130,
    verify(o, v) {
      const reportAtMs = o.stdoutHeldAtMs('Summary files:');
      v.ok('the report was printed', reportAtMs !== undefined, o.stdout.slice(-600));
      v.ok(
        'npm exited after the report, not before',
        reportAtMs !== undefined && reportAtMs <= o.exitedAtMs,
        `report at ${reportAtMs} ms, npm exited at ${o.exitedAtMs} ms`,
      );
      v.ok(
        'the report says INTERRUPTED',
        o.stdout.includes('❌ INTERRUPTED at '),
        o.stdout.slice(0, 2000),
      );
    },
  },
  {
    name: 'a second Ctrl-C during a slow teardown: k6 stops at once, and the rooms it left are named with the cleanup command',
    scenario: 'poll',
    // 21 rooms: teardown deletes 20 at once, then the last; each answer takes the stand-in 3 s.
    // The first Ctrl-C once polling runs, the second (a second later: run-local counts a
    // burst as one) while the first 20 deletes wait for their answers.
    env: {
      USERS: '21',
      ROOMS: '1',
      ROOM_MODE: 'per-user',
      DURATION: '30s',
      TARGET_FAULT_LATENCY_MS: 'rooms=3000',
    },
    interruptGroupOn: [
      { after: 'Created 21 test rooms' },
      { after: 'Deleting 21 test rooms', delayMs: 1500 },
    ],
    roomsDeleted: false,
    exitCode: 105,
    verify(o, v) {
      const runId = /Run (\S+): test rooms loadtest-\S+ \.\.\. \S+ on /.exec(o.stderr)?.[1];
      v.ok(
        'setup named the run id and the cleanup command first',
        runId !== undefined && o.stderr.includes('npm run cleanup'),
        o.stderr.slice(0, 1500),
      );
      v.ok('no report: k6 stopped at once', !o.stdout.includes('LOAD TEST RESULTS'));
      v.ok(
        'it says k6 stopped before teardown was done',
        o.stderr.includes(
          `k6 stopped before its teardown had deleted the test rooms; what run ${runId} left on http://127.0.0.1:`,
        ),
        o.stderr.slice(-1500),
      );
      v.ok(
        'it lists the room teardown never got to',
        new RegExp(`room {3}loadtest-${runId}-21 +id \\d+ .* would be deleted`).test(o.stderr),
        o.stderr.slice(-1500),
      );
      v.ok(
        'and the cleanup command',
        o.stderr.includes(`RUN_ID=${runId} BASE_URL=http://127.0.0.1:`) &&
          o.stderr.includes('npm run cleanup'),
        o.stderr.slice(-800),
      );
    },
  },
  {
    name: 'npm run poll whose polls all time out: three of k6\'s "Request Failed" lines, then one line, and the count by error at the end',
    scenario: 'poll',
    env: {
      USERS: '10',
      POLL_INTERVAL: '1s',
      DURATION: '6s',
      TARGET_FAULT_LATENCY_MS: 'poll=1500',
    },
    exitCode: 99,
    verify(o, v) {
      const lines = o.stderr.split('\n');
      const k6Lines = lines.filter((l) => l.includes('msg="Request Failed"'));
      v.equal('k6 "Request Failed" lines printed', k6Lines.length, 3);
      v.ok('one line says the rest are counted', o.stderr.includes('More requests failed: '));
      const counted =
        /k6 logged ([\d,]+) "Request Failed" lines, 3 printed: request timeout ([\d,]+)$/m.exec(
          o.stderr,
        );
      v.ok(
        'the closing line counts them by error',
        counted !== null && counted[1] === counted[2],
        o.stderr.slice(-600),
      );
      const inReport = /timeout \(1050 request timeout\) +([\d,]+)/.exec(o.stdout)?.[1];
      v.equal('as many as the report counts', inReport, counted?.[1]);
      v.ok('dozens of them', Number(counted?.[1]?.replace(/,/g, '') ?? 0) >= 40, counted?.[1]);
    },
  },
  {
    name: "REPEAT=2 npm run capacity: both runs' reports, then each run's knee and the users held",
    scenario: 'capacity',
    viaNpm: true,
    env: {
      REPEAT: '2',
      REPEAT_PAUSE: '0',
      START_USERS: '2',
      STEP_USERS: '2',
      MAX_USERS: '4',
      POLL_INTERVAL: '2s',
      STEP_DURATION: '4s',
    },
    exitCode: 0,
    verify(o, v) {
      v.equal('two capacity reports', o.stdout.split('CAPACITY TEST RESULTS').length - 1, 2);
      v.ok(
        "each run's knee",
        /^Knee of 2 runs:\n {2}run 1: holds 4 users x 2 rooms; every step passed.*\n {2}run 2: holds 4 users/m.test(
          o.stdout,
        ),
        o.stdout.slice(-800),
      );
      v.ok(
        'the users held over both runs',
        o.stdout.includes('  Holds (median ±half the range of the 2 completed runs): 4 ±0 users'),
        o.stdout.slice(-800),
      );
      v.ok('no "not a poll summary"', !o.stdout.includes('not a poll summary'));
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
