// The end-to-end cases of dist/capacity.js as data, for the sandbox (capacity.test.ts) and real
// k6 (`npm run test:k6:capacity`): a stand-in with a set capacity (FAULT_CAPACITY_RPS) has a
// knee, and the report must name it within one step.

import type { CapacitySummaryJson } from '../../lib/capacity/report';
import { verifyPollsSawMessages } from './live-rooms-cases';
import { ADMIN_PASSWORD } from './poll-cases';
import {
  type PollRunOutcome,
  roomsLeft,
  serverCount,
  type Verdict,
  verifyNoSecrets,
} from './poll-outcome';

export interface CapacityCase {
  name: string;
  env: Record<string, string>;
  server: Record<string, string>;
  exitCodes: readonly number[];
  verify(o: PollRunOutcome, v: Verdict): void;
  /** Checks only a real k6 can pass (see verifyPollsSawMessages). */
  verifyWithRealK6?(o: PollRunOutcome, v: Verdict): void;
}

/**
 * 50 req/s of capacity; each user sends 1 req/s (1 room, both endpoints every 2 s). A 2 s
 * interval leaves the generator 200 ms of lag before its gate, which a busy 2-core machine needs.
 */
const CAPACITY_RPS = 50;
const REQUESTS_PER_USER_PER_SECOND = 1;
const STEP_USERS = 10;
/** The users the stand-in can serve: where the knee must be found. */
export const CAPACITY_USERS = CAPACITY_RPS / REQUESTS_PER_USER_PER_SECOND;

const steps = (extra: Record<string, string>) => ({
  PASSWORD: ADMIN_PASSWORD,
  START_USERS: '10',
  STEP_USERS: `${STEP_USERS}`,
  MAX_USERS: '80',
  ROOMS: '1',
  POLL_INTERVAL: '2s',
  STEP_DURATION: '6s',
  ...extra,
});

const server = (extra: Record<string, string> = {}) => ({
  TARGET_PASSWORD: ADMIN_PASSWORD,
  RATELIMIT_ENABLED: 'false',
  FAULT_CAPACITY_RPS: `${CAPACITY_RPS}`,
  ...extra,
});

function capacityJson(o: PollRunOutcome): CapacitySummaryJson | undefined {
  const text = o.files['summary.json'];
  return text === undefined ? undefined : (JSON.parse(text) as CapacitySummaryJson);
}

export function verifyCapacityCommon(c: CapacityCase, o: PollRunOutcome, v: Verdict): void {
  v.ok(
    `exit code ${o.exitCode} is one of ${c.exitCodes.join(', ')}`,
    c.exitCodes.includes(o.exitCode),
  );
  verifyNoSecrets(o, c.env.PASSWORD, v);
  v.equal('rooms left on the server', roomsLeft(o.stats), 0);
}

function verifyKnee(o: PollRunOutcome, v: Verdict): CapacitySummaryJson | undefined {
  const json = capacityJson(o);
  if (json === undefined) {
    v.ok('summary.json was written', false);
    return undefined;
  }
  const holds = json.knee.holdsUsers ?? 0;
  v.ok(
    `the knee is within one step of the capacity (${CAPACITY_USERS} users)`,
    Math.abs(holds - CAPACITY_USERS) <= STEP_USERS,
    `holds ${holds}`,
  );
  v.ok(
    'the report names the knee',
    o.stdout.includes(`Knee: holds ${holds} users x 1 room; fails at`),
    json.knee.text,
  );
  v.equal('the first failing step is a server failure', json.knee.firstNonPassing?.verdict, 'fail');
  return json;
}

export const CAPACITY_CASES: readonly CapacityCase[] = [
  {
    name: 'finds the knee of a stand-in with FAULT_CAPACITY_RPS and stops after the failing step',
    env: steps({}),
    server: server(),
    exitCodes: [99],
    verify(o, v) {
      const json = verifyKnee(o, v);
      if (json === undefined) return;
      const failing = json.steps.findIndex((s) => s.verdict === 'fail');
      v.ok(
        'no step after the failing one was judged',
        json.steps.slice(failing + 1).every((s) => s.verdict === 'not-run'),
      );
      v.ok('k6 said which threshold stopped the run', o.log.includes('crossed'));
    },
  },
  {
    name: 'PEAK_USERS whose + 20 % is below the knee holds: exit 0, with live rooms',
    env: steps({
      PEAK_USERS: '25',
      MAX_USERS: '40',
      STOP_ON_FAIL: 'false',
      MESSAGES_PER_MINUTE: '30',
      MESSAGE_BYTES: '500',
    }),
    server: server(),
    exitCodes: [0],
    verify(o, v) {
      const json = capacityJson(o);
      v.equal('peak', json?.peak?.held, true);
      v.ok(
        'the report says the peak held',
        o.stdout.includes('Peak: PEAK_USERS 25 + 20 % = 30 users: held'),
      );
      v.equal(
        'verdicts',
        json?.steps.map((s) => s.verdict),
        ['pass', 'pass', 'pass', 'pass'],
      );
      // 30 a minute to one room, one every 2 s, over 4 steps of 6 s: 12 sends.
      const sends = serverCount(o.stats, 'POST /rooms/{id}/messages/send', 200);
      v.equal('sends the writer made', sends, 12);
      v.ok(
        'polls returned the messages',
        (json?.scaling.responseBytes.poll ?? 0) > 200,
        `${json?.scaling.responseBytes.poll} bytes per poll`,
      );
      v.ok('the writer has its own section', o.stdout.includes('Live Rooms (writer'));
    },
    verifyWithRealK6: (o, v) => verifyPollsSawMessages(o, v, 500),
  },
  {
    name: 'PEAK_USERS whose + 20 % is above the knee did not hold: exit 99, every step run',
    // 55 + 20 % = 66 users: the 70-user step decides, well above the knee.
    env: steps({ PEAK_USERS: '55', MAX_USERS: '70', STOP_ON_FAIL: 'false' }),
    server: server(),
    exitCodes: [99],
    verify(o, v) {
      const json = verifyKnee(o, v);
      v.equal('peak held', json?.peak?.held, false);
      v.ok('every step ran', json?.steps.every((s) => s.verdict !== 'not-run') === true);
    },
  },
];
