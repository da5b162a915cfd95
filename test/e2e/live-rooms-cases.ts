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
import {
  countPolledMessages,
  type LoggedSend,
  logSends,
  type PolledMessages,
} from './stand-in-hooks';

const SEND_KEY = 'POST /rooms/{id}/messages/send';
/** The writer's source addresses in the SEND_SOURCE_IPS case (k6 --local-ips). */
const SOURCE_IPS = ['127.0.0.2', '127.0.0.3'];
/** The sends the stand-in answered in the case that logs them (set by its hook). */
let sends: LoggedSend[] = [];
/** The messages the stand-in's poll answers held in the case that counts them (set by its hook). */
let polled: PolledMessages = { messages: 0, answersWithMessages: 0 };

/**
 * Checks only a real k6 can pass: that polls saw the writer's messages as they arrived. The
 * sandbox runs one VU's long iteration (per-vu-iterations) to its end before the next VU's,
 * so there the polls see all of the writer's messages or none.
 */
export function verifyPollsSawMessages(o: PollRunOutcome, v: Verdict, messageBytes: number): void {
  const bytes = summaryJson(o)?.scaling.responseBytes.poll ?? 0;
  v.ok('polls returned message bodies', bytes > messageBytes, `${bytes} bytes per poll`);
  // Every message is received by both users but those sent after a user's last poll: the last
  // 4 s hold at most 2 sends to each room, so at most 2 x 2 x 2 are missed.
  const w = summaryJson(o)?.writer;
  const received = w?.messagesReceivedByPolls ?? 0;
  v.ok(
    'polls received the messages the writer sent',
    received >= 16 - 8 && received > 0,
    `${received} of ${w?.messagesExpected}`,
  );
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
    prepareStandIn: (standIn) => {
      polled = countPolledMessages(standIn);
      return undefined;
    },
    exitCodes: [0],
    verify(o, v) {
      const w = summaryJson(o)?.writer;
      v.equal(
        "messages received by polls (report vs the server's answers)",
        w?.messagesReceivedByPolls,
        polled.messages,
      );
      v.equal(
        'each delivered send once for each of the 2 users of its room',
        w?.messagesExpected,
        16,
      );
      v.ok('no more than the writer sent them', (w?.messagesReceivedByPolls ?? 0) <= 16);
      v.equal(
        'cursor moves (report vs the answers that held messages)',
        w?.cursorMoves,
        polled.answersWithMessages,
      );
      v.ok(
        'the section says both',
        o.stdout.includes('  Received by polls:  ') && o.stdout.includes('  Cursor moves:       '),
        o.stdout,
      );
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
    // The stand-in allows 3 sends per 10 s window per IP and room; the run plans 24 a minute
    // to one room (one every 2.5 s, LIMIT_SEND=12 a minute x 2 IPs): from one IP the fourth in
    // a window gets a 429; spread over both, each IP sends 2 in a window, one under its limit.
    name: 'live rooms with SEND_SOURCE_IPS=2 and two --local-ips: the sends leave from both, no 429',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '1',
      ROOMS: '1',
      DURATION: '12s',
      MESSAGES_PER_MINUTE: '24',
      LIMIT_SEND: '12',
      SEND_SOURCE_IPS: '2',
    },
    server: { TARGET_PASSWORD: ADMIN_PASSWORD, LIMIT_SEND: '3', RATELIMIT_WINDOW: '10s' },
    localIps: SOURCE_IPS,
    prepareStandIn: (standIn) => {
      sends = logSends(standIn);
      return undefined;
    },
    exitCodes: [0],
    verify(o, v) {
      const from = (ip: string) => sends.filter((s) => s.clientIp === ip).length;
      v.equal('sends the server stored', serverCount(o.stats, SEND_KEY, 200), 5);
      v.ok(
        'sends from each address',
        SOURCE_IPS.every((ip) => from(ip) >= 2),
        JSON.stringify(sends),
      );
      v.equal('429s on send', sends.filter((s) => s.status === 429).length, 0);
      v.equal('429s in the report', summaryJson(o)?.writer?.rateLimited, 0);
    },
  },
  {
    name: "live rooms from one address: the writer's 429s are in the recommendations",
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '1',
      ROOMS: '1',
      DURATION: '12s',
      MESSAGES_PER_MINUTE: '24',
      LIMIT_SEND: '12',
      SEND_SOURCE_IPS: '2',
    },
    server: { TARGET_PASSWORD: ADMIN_PASSWORD, LIMIT_SEND: '3', RATELIMIT_WINDOW: '10s' },
    exitCodes: [0],
    verify(o, v) {
      const summary = summaryJson(o);
      const limited = summary?.writer?.rateLimited ?? 0;
      v.ok('the writer got 429s', limited > 0, `${limited}`);
      const texts = summary?.recommendations.map((r) => r.text) ?? [];
      v.ok(
        'a recommendation names them and the cause',
        texts.some(
          (t) =>
            t.startsWith(`The live-room writer got ${limited} 429`) && t.includes('--local-ips'),
        ),
        texts.join('\n'),
      );
      v.ok('no "performing well"', !o.stdout.includes('performing well'));
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
