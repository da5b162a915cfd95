// What every scenario script does at init, as end-to-end cases for the sandbox (init.test.ts)
// and real k6 (`npm run test:k6`): a bad option ends the run before any request with exactly
// one log line naming it (no stack) and exit 107; a misspelt option is named once, in one
// line, and the run goes on with its exit code unchanged.

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseBundle } from './gates-bundle';
import { ADMIN_PASSWORD } from './poll-cases';
import { type PollRunOutcome, roomsLeft, type Verdict, verifyNoSecrets } from './poll-outcome';

export interface InitCase {
  name: string;
  bundle: 'dist/poll.js' | 'dist/capacity.js' | 'dist/ratelimit.js';
  /** k6 env (-e); BASE_URL is the stand-in's. */
  env: Record<string, string>;
  /** The stand-in's env (server/options.ts). */
  server: Record<string, string>;
  /** Gates in place of thresholds.json (the scripts are built with them). */
  thresholds?: Record<string, unknown>;
  exitCodes: readonly number[];
  verify(o: PollRunOutcome, v: Verdict): void;
}

/** The script a case runs: its bundle, built with the case's gates if it has some. */
export function initCaseBundle(c: InitCase): Promise<string> {
  return caseBundle(c.bundle.slice('dist/'.length), c.thresholds);
}

/** The log's lines: k6's stderr, or the sandbox's log entries. */
function logLines(o: PollRunOutcome): string[] {
  return o.log.split('\n').filter((line) => line.trim() !== '');
}

/** Exactly one log line, saying `message` (k6 escapes its quotes), no stack, no request. */
function verifyOneLine(o: PollRunOutcome, v: Verdict, message: string): void {
  const lines = logLines(o);
  v.equal('log lines', lines.length, 1);
  v.ok(
    'the line names the option and what it allows',
    lines.some((l) => l.includes(message) || l.includes(message.replaceAll('"', '\\"'))),
    o.log,
  );
  // k6 escapes a stack's newlines and tabs inside the log line; the sandbox does not.
  v.ok('no stack trace', !/\\tat |\n\s+at /.test(o.log), o.log);
  v.equal('requests at the server', o.stats.requests, 0);
}

/** Each near-miss warning in exactly one line; no other line names an option as ignored. */
function verifyWarnedOnce(o: PollRunOutcome, v: Verdict, warnings: readonly string[]): void {
  const ignored = logLines(o).filter((l) => l.includes('option and is ignored'));
  for (const warning of warnings) {
    v.equal(`lines saying "${warning}"`, ignored.filter((l) => l.includes(warning)).length, 1);
  }
  v.equal('lines naming an ignored option', ignored.length, warnings.length);
}

/** A folder that does not exist, and a file that does (this one, absolute). */
const MISSING_FOLDER = join(tmpdir(), 'cw-e2e-no-such-folder-4e1f');
const A_FILE = fileURLToPath(import.meta.url);

const server = (extra: Record<string, string> = {}) => ({
  TARGET_PASSWORD: ADMIN_PASSWORD,
  ...extra,
});

export const INIT_CASES: readonly InitCase[] = [
  {
    name: 'poll with a bad option (USERS=0): one line naming it, no stack trace, exit 107, no request',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '0' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(o, v, 'USERS: got "0"; expected a whole number from 1 to 1000000'),
  },
  {
    name: 'CLIENT=game with MESSAGES_PER_MINUTE: stops at init, a message to a world would start a model call',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD, CLIENT: 'game', MESSAGES_PER_MINUTE: '6' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(
        o,
        v,
        'MESSAGES_PER_MINUTE: got "6"; expected 0 with CLIENT=game: a world\'s room has an agent',
      ),
  },
  {
    name: "CLIENT=chat with POLL_INTERVAL: stops at init, the chat model follows the client's timers",
    bundle: 'dist/capacity.js',
    env: { PASSWORD: ADMIN_PASSWORD, CLIENT: 'chat', POLL_INTERVAL: '2s' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(o, v, 'POLL_INTERVAL: got "2s"; it is CLIENT=seed\'s: the chat model polls'),
  },
  {
    name: 'capacity with a bad option (STEP_USERS=0): one line naming it, no stack trace, exit 107, no request',
    bundle: 'dist/capacity.js',
    env: { PASSWORD: ADMIN_PASSWORD, STEP_USERS: '0' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(o, v, 'STEP_USERS: got "0"; expected a whole number from 1 to 1000000'),
  },
  {
    name: 'ratelimit with a bad option (LIMIT_POLL=sixty): one line naming it, no stack trace, exit 107, no request',
    bundle: 'dist/ratelimit.js',
    env: { PASSWORD: ADMIN_PASSWORD, LIMIT_POLL: 'sixty' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(o, v, 'LIMIT_POLL: got "sixty"; expected a whole number from 1 to 100000'),
  },
  {
    name: 'SUMMARY_DIR that does not exist: one line at init naming it (k6 creates no folder), exit 107, no request',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD, SUMMARY_DIR: MISSING_FOLDER },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(
        o,
        v,
        `SUMMARY_DIR: got "${MISSING_FOLDER}"; ${MISSING_FOLDER} does not exist, and k6 does not create folders`,
      ),
  },
  {
    name: 'capacity with a SUMMARY_DIR that is a file: one line at init, exit 107, no request',
    bundle: 'dist/capacity.js',
    env: { PASSWORD: ADMIN_PASSWORD, SUMMARY_DIR: A_FILE },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(o, v, `SUMMARY_DIR: got "${A_FILE}"; ${A_FILE} is a file, not a folder`),
  },
  {
    name: 'POLL_INTERVAL=100ms, faster than any client polls: one line stating the bound, exit 107, no request',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD, POLL_INTERVAL: '100ms' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(
        o,
        v,
        'POLL_INTERVAL: got "100ms"; expected a duration of at least 1s, such as 4s or 2s: no ClaudeWorld client polls faster',
      ),
  },
  {
    name: 'a bad option with a misspelt one (USERS=0 DURATON=5s): the one line names the misspelling too',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '0', DURATON: '5s' },
    server: server(),
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(
        o,
        v,
        'USERS: got "0"; expected a whole number from 1 to 1000000 (DURATON is not a poll option and is ignored; did you mean DURATION?)',
      ),
  },
  {
    name: 'a gate on a misspelt tag (cw_latency{endpont:poll}): one line naming the key and the tags, exit 107, no request',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD },
    server: server(),
    thresholds: { 'cw_latency{endpont:poll}': ['p(95)<500'] },
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(
        o,
        v,
        'thresholds.json: "cw_latency{endpont:poll}": cw_latency has no tag "endpont", so this gate would judge no sample; its tags: scenario (poll), role (poll, writer), endpoint (poll, agents), room (0, 1)',
      ),
  },
  {
    name: 'capacity with a gate on a value no step has (cw_latency{scenario:step_9}): one line, exit 107',
    bundle: 'dist/capacity.js',
    env: { PASSWORD: ADMIN_PASSWORD, START_USERS: '2', MAX_USERS: '4' },
    server: server(),
    thresholds: { cw_latency: ['p(95)<500'], 'cw_latency{scenario:step_9}': ['p(95)<500'] },
    exitCodes: [107],
    verify: (o, v) =>
      verifyOneLine(
        o,
        v,
        'thresholds.json: "cw_latency{scenario:step_9}": no cw_latency sample of this run has scenario "step_9"; expected step_1 or step_2',
      ),
  },
  {
    name: 'poll with misspelt options (USRS=3 DURATON=5s): each named once, the run passes (exit 0)',
    bundle: 'dist/poll.js',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '2', DURATION: '2s', USRS: '3', DURATON: '5s' },
    server: server(),
    exitCodes: [0],
    verify: (o, v) =>
      verifyWarnedOnce(o, v, [
        'DURATON is not a poll option and is ignored; did you mean DURATION?',
        'USRS is not a poll option and is ignored; did you mean USERS?',
      ]),
  },
  {
    name: 'capacity with a misspelt option (STEP_USER=1): named once, the run passes (exit 0)',
    bundle: 'dist/capacity.js',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      START_USERS: '2',
      MAX_USERS: '2',
      ROOMS: '1',
      POLL_INTERVAL: '2s',
      STEP_DURATION: '4s',
      STEP_USER: '1',
    },
    server: server(),
    exitCodes: [0],
    verify: (o, v) =>
      verifyWarnedOnce(o, v, [
        'STEP_USER is not a capacity option and is ignored; did you mean STEP_USERS?',
      ]),
  },
  {
    name: 'ratelimit with a misspelt option (MARIGN=3): named once, the check passes (exit 0)',
    bundle: 'dist/ratelimit.js',
    env: { PASSWORD: ADMIN_PASSWORD, WINDOW: '2s', MARIGN: '3' },
    server: server({ RATELIMIT_WINDOW: '2s' }),
    exitCodes: [0],
    verify: (o, v) =>
      verifyWarnedOnce(o, v, [
        'MARIGN is not a ratelimit option and is ignored; did you mean MARGIN?',
      ]),
  },
];

/** Checks every init case makes: the exit code, no secret in any output, no room left. */
export function verifyInitCommon(c: InitCase, o: PollRunOutcome, v: Verdict): void {
  v.ok(
    `exit code ${o.exitCode} is one of ${c.exitCodes.join(', ')}`,
    c.exitCodes.includes(o.exitCode),
  );
  verifyNoSecrets(o, c.env.PASSWORD, v);
  v.equal('rooms left on the server', roomsLeft(o.stats), 0);
}
