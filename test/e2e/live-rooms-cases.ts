// End-to-end cases of dist/poll.js for live rooms and RAMP_UP (issue #12), as data in the
// shape of poll-cases.ts, so the sandbox suite and a real-k6 runner can share them.

import { ADMIN_PASSWORD, type PollCase } from './poll-cases';
import {
  AGENTS_KEY,
  POLL_KEY,
  type PollRunOutcome,
  serverCount,
  summaryJson,
  type Verdict,
} from './poll-outcome';

const SEND_KEY = 'POST /rooms/{id}/messages/send';

/**
 * Checks only a real k6 can pass: that polls saw the writer's messages as they arrived. The
 * sandbox runs one VU's long iteration (per-vu-iterations) to its end before the next VU's,
 * so there the polls see all of the writer's messages or none.
 */
export function verifyPollsSawMessages(o: PollRunOutcome, v: Verdict, messageBytes: number): void {
  const bytes = summaryJson(o)?.scaling.responseBytes.poll ?? 0;
  v.ok('polls returned message bodies', bytes > messageBytes, `${bytes} bytes per poll`);
}

/** The real-k6-only checks of the cases above, by case name. */
export const REAL_K6_CHECKS: Readonly<Record<string, (o: PollRunOutcome, v: Verdict) => void>> = {
  'live rooms: the writer posts to every room, polls return the messages, reported apart': (o, v) =>
    verifyPollsSawMessages(o, v, 300),
};

export const LIVE_ROOM_CASES: readonly PollCase[] = [
  {
    name: 'live rooms: the writer posts to every room, polls return the messages, reported apart',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '2',
      ROOMS: '2',
      DURATION: '20s',
      MESSAGES_PER_MINUTE: '12',
      MESSAGE_BYTES: '300',
    },
    server: { TARGET_PASSWORD: ADMIN_PASSWORD },
    exitCodes: [0],
    verify(o, v) {
      // 12 a minute to each of 2 rooms for 20 s: one send every 2.5 s, 8 in all.
      v.equal('sends the server stored', serverCount(o.stats, SEND_KEY, 200), 8);
      const summary = summaryJson(o);
      v.equal('sends in the report', summary?.writer?.sends, 8);
      v.equal('polls in the report (the writer left out)', summary?.requests.total, 40);
      v.ok('the writer has its own section', o.stdout.includes('Live Rooms (writer'));
      v.ok('k6 totals name the writer', o.stdout.includes('(40 polling, 8 writer,'));
    },
  },
  {
    name: 'RAMP_UP: users join evenly; the planned count and the server count agree',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '4', ROOMS: '1', DURATION: '20s', RAMP_UP: '8s' },
    server: { TARGET_PASSWORD: ADMIN_PASSWORD },
    exitCodes: [0],
    verify(o, v) {
      // Joins at 0, 2, 4, 6 s; polls every 4 s until 20 s: 5 + 5 + 4 + 4 = 18 per endpoint.
      v.equal('polls the server saw', serverCount(o.stats, POLL_KEY), 18);
      v.equal('agents calls the server saw', serverCount(o.stats, AGENTS_KEY), 18);
      const summary = summaryJson(o);
      v.equal('planned requests', summary?.loadPlan.plannedRequests, 36);
      v.ok('the report names the ramp', o.stdout.includes('Ramp-up:            8.00 seconds'));
    },
  },
];
