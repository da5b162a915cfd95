// The end-to-end cases of dist/cleanup.js: a stand-in seeded with what killed runs left (test
// rooms and worlds of two runs, one of them old) and a room that is no test's, then the
// cleanup by RUN_ID, by OLDER_THAN, as a dry run. The sandbox (cleanup.test.ts) and
// `npm run test:k6` run the same cases.

import type { StandIn } from '../../server/core';
import { coreRequest } from '../../server/testing';
import type { RunnableCase } from './k6-case';
import { ADMIN_PASSWORD } from './poll-cases';
import { type PollRunOutcome, Verdict, verifyNoSecrets } from './poll-outcome';

/** Rooms and worlds the stand-in holds before the cleanup, by name. */
const SEEDED = {
  rooms: ['loadtest-r1-1', 'loadtest-r1-2', 'loadtest-old7-1', 'lobby', 'my-loadtest-notes'],
  worlds: ['loadtest-r1-w1', 'loadtest-old7-w1'],
};
/** The stand-in writes every `created_at` as now; the seed reports these as 3 hours old. */
const OLD_RUN = 'old7';
const THREE_HOURS_MS = 3 * 3_600_000;

/** A stand-in seeded as above, and what is left on it once the case has run. */
export interface SeededStandIn {
  prepare(standIn: StandIn): undefined;
  /** Room and world names on the stand-in now (worlds as `world:<name>`). */
  left(): string[];
}

function adminKey(standIn: StandIn): string {
  const login = standIn.handle(
    coreRequest('POST', '/auth/login', { body: { password: ADMIN_PASSWORD } }),
  );
  return (JSON.parse(login.body) as { api_key: string }).api_key;
}

function names(standIn: StandIn, token: string, path: string): { name: string }[] {
  return JSON.parse(standIn.handle(coreRequest('GET', path, { token })).body) as { name: string }[];
}

/** Seeds the rooms and worlds, and dates the old run's 3 hours back in what the lists answer. */
export function seededStandIn(): SeededStandIn {
  let core: StandIn | undefined;
  return {
    prepare(standIn) {
      core = standIn;
      const token = adminKey(standIn);
      for (const name of SEEDED.worlds) {
        standIn.handle(coreRequest('POST', '/worlds/', { token, body: { name } }));
      }
      for (const name of SEEDED.rooms) {
        standIn.handle(coreRequest('POST', '/rooms', { token, body: { name } }));
      }
      const handle = standIn.handle.bind(standIn);
      standIn.handle = (request) => {
        const response = handle(request);
        if (request.method !== 'GET' || !['/rooms', '/worlds/'].includes(request.path)) {
          return response;
        }
        const listed = JSON.parse(response.body) as { name: string; created_at: string }[];
        for (const entry of listed) {
          if (entry.name.startsWith(`loadtest-${OLD_RUN}-`)) {
            entry.created_at = new Date(
              Date.parse(entry.created_at) - THREE_HOURS_MS,
            ).toISOString();
          }
        }
        return { ...response, body: JSON.stringify(listed) };
      };
      return undefined;
    },
    left() {
      if (core === undefined) return [];
      const token = adminKey(core);
      return [
        ...names(core, token, '/worlds/').map((w) => `world:${w.name}`),
        ...names(core, token, '/rooms').map((r) => r.name),
      ].sort();
    },
  };
}

export interface CleanupCase {
  name: string;
  /** k6 env (-e) besides BASE_URL and PASSWORD. */
  env: Record<string, string>;
  exitCodes: readonly number[];
  verify(o: PollRunOutcome, left: readonly string[], v: Verdict): void;
}

/** Names left: the seed minus `deleted`, as `left()` lists them. */
function seedWithout(deleted: readonly string[]): string[] {
  return [
    ...SEEDED.worlds.map((w) => `world:${w}`),
    ...SEEDED.rooms,
    // The stand-in gives each world an onboarding room of its own.
    ...SEEDED.worlds.map((w) => `Onboarding: ${w}`),
  ]
    .filter((name) => !deleted.includes(name))
    .sort();
}

export const CLEANUP_CASES: readonly CleanupCase[] = [
  {
    name: "cleanup by RUN_ID: that run's rooms and worlds deleted, listed one per line; nothing else touched",
    env: { RUN_ID: 'r1' },
    exitCodes: [0],
    verify(o, left, v) {
      v.equal(
        'left on the stand-in',
        left,
        seedWithout([
          'world:loadtest-r1-w1',
          'Onboarding: loadtest-r1-w1',
          'loadtest-r1-1',
          'loadtest-r1-2',
        ]),
      );
      v.ok('it names the run', o.stdout.includes('run r1 (names loadtest-r1-*)'), o.stdout);
      for (const line of [
        / {2}world {2}loadtest-r1-w1 +id \d+ {2}created \S+ {2}deleted/,
        / {2}room {3}loadtest-r1-1 +id \d+ {2}created \S+ {2}deleted/,
      ]) {
        v.ok(`a line ${line}`, line.test(o.stdout), o.stdout);
      }
      v.ok('the totals', o.stdout.includes('Deleted 1 world, 2 rooms.'), o.stdout);
    },
  },
  {
    name: 'cleanup with OLDER_THAN=1h: only the loadtest- rooms and worlds older than that',
    env: { OLDER_THAN: '1h' },
    exitCodes: [0],
    verify(o, left, v) {
      v.equal(
        'left on the stand-in',
        left,
        seedWithout(['world:loadtest-old7-w1', 'Onboarding: loadtest-old7-w1', 'loadtest-old7-1']),
      );
      v.ok('the totals', o.stdout.includes('Deleted 1 world, 1 room.'), o.stdout);
    },
  },
  {
    name: 'cleanup with DRY_RUN=true: lists what it would delete, deletes nothing',
    env: { RUN_ID: 'r1', DRY_RUN: 'true' },
    exitCodes: [0],
    verify(o, left, v) {
      v.equal('left on the stand-in', left, seedWithout([]));
      v.ok(
        'each would be deleted',
        /loadtest-r1-2 +id \d+ {2}created \S+ {2}would be deleted/.test(o.stdout),
        o.stdout,
      );
      v.ok(
        'it says nothing was deleted',
        o.stdout.includes('DRY_RUN: 1 world, 2 rooms would be deleted; nothing was deleted.'),
        o.stdout,
      );
    },
  },
  {
    name: 'cleanup without RUN_ID or OLDER_THAN: one line saying which to give, exit 107, no request',
    env: {},
    exitCodes: [107],
    verify(o, left, v) {
      v.equal('left on the stand-in', left, seedWithout([]));
      v.ok('the line', o.log.includes('RUN_ID or OLDER_THAN: neither is set; expected one'), o.log);
    },
  },
];

/**
 * Runs one case with `runCleanup` (dist/cleanup.js in the sandbox or in real k6) against a
 * seeded stand-in, and judges it: the exit code, no secret in the output, the case's checks.
 */
export async function judgeCleanupCase(
  c: CleanupCase,
  runCleanup: (run: RunnableCase) => Promise<PollRunOutcome>,
): Promise<{ outcome: PollRunOutcome; verdict: Verdict }> {
  const seed = seededStandIn();
  const outcome = await runCleanup({
    env: { PASSWORD: ADMIN_PASSWORD, ...c.env },
    server: { TARGET_PASSWORD: ADMIN_PASSWORD },
    prepareStandIn: seed.prepare,
  });
  const verdict = new Verdict();
  verdict.ok(
    `exit code ${outcome.exitCode} is one of ${c.exitCodes}`,
    c.exitCodes.includes(outcome.exitCode),
  );
  verifyNoSecrets(outcome, ADMIN_PASSWORD, verdict);
  c.verify(outcome, seed.left(), verdict);
  return { outcome, verdict };
}
