// The end-to-end cases of the chat and game models (CLIENT=chat|game) of dist/poll.js and
// dist/capacity.js: streams held and counted against the stand-in's /_stats, a dropped stream
// reconnecting, refused streams reported, nothing left on the server, Ctrl-C cleaning up. The
// sandbox suite (clients.test.ts) and `npm run test:k6:clients` (real k6) run them.

import { ENDPOINTS, endpointNameTag } from '../../lib/endpoints';
import type { PollConfig } from '../../lib/poll/config';
import { mergePollSummaries } from '../../lib/poll/merge';
import type { StandInStats } from '../../server/stats';
import { ADMIN_PASSWORD, type PollCase } from './poll-cases';
import { type PollRunOutcome, serverCount, summaryJson, type Verdict } from './poll-outcome';

export interface ClientCase extends PollCase {
  bundle: 'dist/poll.js' | 'dist/capacity.js';
}

const server = (extra: Record<string, string> = {}) => ({
  TARGET_PASSWORD: ADMIN_PASSWORD,
  ...extra,
});

/** Worlds the run left on the server: created and not deleted. */
function worldsLeft(stats: StandInStats): number {
  return stats.worlds.existing;
}

/** Nothing that starts a model call on the real backend was sent. */
function verifyNoModelCalls(o: PollRunOutcome, v: Verdict): void {
  v.equal('start-onboarding calls', o.stats.model_calls.start_onboarding, 0);
  v.equal('sends to rooms with agents', o.stats.model_calls.sends_to_rooms_with_agents, 0);
  v.equal('worlds left on the server', worldsLeft(o.stats), 0);
}

/** k6 printed no per-stream "Request Failed" line (the streams are held with throw: true). */
function verifyNoRequestFailedLines(o: PollRunOutcome, v: Verdict): void {
  const lines = o.log.split('\n').filter((l) => l.includes('Request Failed'));
  v.ok('no "Request Failed" line', lines.length === 0, lines.slice(0, 3).join('\n'));
}

/** The report's requests of each kind are those the stand-in served of its route. */
function verifyRequestsMatchServer(o: PollRunOutcome, v: Verdict): void {
  const summary = summaryJson(o);
  for (const e of summary?.endpoints ?? []) {
    const key = `${ENDPOINTS[e.endpoint].method} ${endpointNameTag(e.endpoint)}`;
    v.equal(`${key}: requests (report vs server)`, e.requests, serverCount(o.stats, key));
  }
}

/** Stream counts the report and the stand-in must agree on. */
function verifyStreamsMatchServer(o: PollRunOutcome, v: Verdict): void {
  const s = summaryJson(o)?.streams;
  const st = o.stats.streams;
  v.ok('summary.json has streams', s !== null && s !== undefined);
  v.equal('tickets (report vs server)', s?.tickets, o.stats.tickets.issued);
  v.equal('connected streams (report vs server)', s?.connected, st.opened);
  v.equal('held to the end (report vs closed by k6)', s?.byOutcome.held, st.closed_by_client);
  v.equal('ended early (report vs dropped by the fault)', s?.byOutcome.ended, st.dropped_by_fault);
  v.equal('refused (report vs refused by the fault)', s?.byOutcome.refused, st.refused_by_fault);
  v.equal('streams open at the server after the run', st.open, 0);
}

/**
 * summary.json carries what its figures are computed from: merged alone, it gives back every
 * figure, the streams and each user's bandwidth included.
 */
function verifySummaryMergesAlone(o: PollRunOutcome, v: Verdict): void {
  const summary = summaryJson(o);
  if (summary === undefined) {
    v.ok('summary.json written', false);
    return;
  }
  const result = mergePollSummaries([{ file: 'summary.json', summary }], {
    summaryDir: summary.config.summaryDir,
  });
  const { schema: _s, version: _v, measured: _m, merged: _single, ...figures } = summary;
  const { merged: _merged, ...again } = result.figures;
  v.equal('figures of summary.json merged alone', again, figures);
}

/**
 * The run over time: the slices' sends add up to the report's requests and their plan to the
 * timers' plan; the streams open rise as the users join, to all `users` at the end.
 */
function verifyTimeline(o: PollRunOutcome, v: Verdict, users: number): void {
  const s = summaryJson(o);
  const slices = s?.timeline?.slices ?? [];
  v.ok('summary.json has time slices', slices.length > 0, JSON.stringify(s?.timeline));
  const total = (perSecond: (x: (typeof slices)[number]) => number | null) =>
    Math.round(
      slices.reduce((n, x) => n + (perSecond(x) ?? 0) * ((x.endMs - x.startMs) / 1000), 0),
    );
  v.equal(
    'the slices sent (sum vs report)',
    total((x) => x.sentPerSecond),
    s?.requests.total,
  );
  v.equal(
    'the slices planned (sum vs plan)',
    total((x) => x.plannedPerSecond),
    s?.loadPlan.plannedRequests,
  );
  // The users join one after the other, each opening its stream and holding it to the end.
  const open = slices.map((x) => x.openStreams ?? Number.NaN);
  v.ok(
    `streams open rise to ${users}, held to the end`,
    open.every((n, i) => n <= users + 0.01 && (i === 0 || n >= (open[i - 1] as number) - 0.01)) &&
      open.slice(-2).every((n) => Math.abs(n - users) < 0.01),
    JSON.stringify(open),
  );
}

const clientCase = (
  c: Omit<ClientCase, 'bundle'> & { bundle?: ClientCase['bundle'] },
): ClientCase => ({
  bundle: 'dist/poll.js',
  ...c,
});

export const CLIENT_CASES: readonly ClientCase[] = [
  clientCase({
    name: 'game: 6 users, one stream each held to the end, counted as the stand-in counts them, worlds deleted',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      CLIENT: 'game',
      USERS: '6',
      ROOM_MODE: 'per-user',
      DURATION: '20s',
    },
    server: server(),
    exitCodes: [0],
    verify(o, v, config) {
      verifyNoModelCalls(o, v);
      verifyNoRequestFailedLines(o, v);
      verifyRequestsMatchServer(o, v);
      verifyStreamsMatchServer(o, v);
      verifySummaryMergesAlone(o, v);
      const s = summaryJson(o);
      const users = (config() as PollConfig).users;
      v.equal('streams held to the end', s?.streams?.byOutcome.held, users);
      v.equal('peak open (report vs server)', s?.streams?.peakOpen, o.stats.streams.peak_open);
      v.equal('worlds created', o.stats.worlds.created, users);
      v.equal('requests percent of plan', s?.loadPlan.requestsPercentOfPlan, 100);
      verifyTimeline(o, v, users);
      v.ok(
        'the first byte of the streams was timed',
        (s?.streams?.timeToFirstByteP95Ms ?? 0) > 0,
        JSON.stringify(s?.streams),
      );
      v.ok('the report has a Streams section', o.stdout.includes('Streams (SSE'), o.stdout);
    },
  }),
  clientCase({
    name: 'chat: streams the server ends every 7 s reconnect after 1 s with a new ticket; their frames are read',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      CLIENT: 'chat',
      USERS: '2',
      ROOMS: '1',
      DURATION: '24s',
      START_PHASE: 'burst',
    },
    server: server({ FAULT_STREAM_DROP: '7s' }),
    exitCodes: [0],
    verify(o, v) {
      verifyNoModelCalls(o, v);
      verifyNoRequestFailedLines(o, v);
      verifyRequestsMatchServer(o, v);
      verifyStreamsMatchServer(o, v);
      verifySummaryMergesAlone(o, v);
      // Its VUs run out of timers and streams at 23 s and wait for the end: not "interrupted".
      v.equal('the run ran to its end', summaryJson(o)?.status.end, 'completed');
      const s = summaryJson(o)?.streams;
      // Each user's stream: 0-7 s, 8-15 s, 16-23 s (dropped each time), then 24 s is the end.
      v.equal('streams ended early', s?.byOutcome.ended, 6);
      v.equal('reconnects', s?.reconnects, 4);
      v.ok('frames per minute were read', s?.framesPerStreamMinute !== null, JSON.stringify(s));
      v.equal(
        'rooms left',
        serverCount(o.stats, 'POST /rooms', 200) - serverCount(o.stats, 'DELETE /rooms/{id}', 200),
        0,
      );
    },
  }),
  clientCase({
    name: 'game: streams beyond FAULT_STREAM_LIMIT are refused (503), reported by status, and the run fails',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      CLIENT: 'game',
      USERS: '5',
      ROOM_MODE: 'per-user',
      DURATION: '12s',
    },
    server: server({ FAULT_STREAM_LIMIT: '3' }),
    exitCodes: [99],
    verify(o, v) {
      verifyNoModelCalls(o, v);
      verifyStreamsMatchServer(o, v);
      verifySummaryMergesAlone(o, v);
      const s = summaryJson(o);
      v.ok(
        'some streams refused',
        (s?.streams?.byOutcome.refused ?? 0) > 0,
        JSON.stringify(s?.streams),
      );
      v.equal(
        'refusals by status',
        s?.streams?.refusedByStatus.map((r) => r.status),
        ['503'],
      );
      v.ok(
        'the refused-streams gate failed',
        s?.thresholds.some((t) => t.metric === 'cw_streams{outcome:refused}' && !t.passed) === true,
      );
      v.ok('the reconnections came with new tickets', (s?.streams?.reconnects ?? 0) > 0);
    },
  }),
  clientCase({
    name: 'capacity with CLIENT=game: the step where streams are refused is the knee; worlds deleted',
    bundle: 'dist/capacity.js',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      CLIENT: 'game',
      ROOM_MODE: 'per-user',
      START_USERS: '4',
      STEP_USERS: '4',
      MAX_USERS: '12',
      STEP_DURATION: '30s',
    },
    server: server({ FAULT_STREAM_LIMIT: '6' }),
    exitCodes: [99],
    verify(o, v) {
      verifyNoModelCalls(o, v);
      const summary = JSON.parse(o.files['summary.json'] ?? '{}') as {
        steps?: { users: number; verdict: string; serverReasons: string[] }[];
      };
      const steps = summary.steps ?? [];
      v.equal(
        'verdicts',
        steps.map((s) => s.verdict),
        ['pass', 'fail', 'not-run'],
      );
      v.ok(
        'the failing step names the refused streams',
        steps[1]?.serverReasons.some((r) => r.includes('streams refused')) === true,
        JSON.stringify(steps[1]),
      );
    },
  }),
  clientCase({
    name: "chat with live rooms: the writer's VUs beside the client VUs, its sends (429s) apart from the client's requests and error gate",
    env: {
      PASSWORD: ADMIN_PASSWORD,
      CLIENT: 'chat',
      USERS: '2',
      ROOMS: '1',
      DURATION: '20s',
      MESSAGES_PER_MINUTE: '6',
    },
    // Most sends refused (429): k6 counts them failed, which the polls' error gate must not see.
    server: server({ LIMIT_SEND: '1' }),
    exitCodes: [0],
    verify(o, v) {
      verifyNoModelCalls(o, v);
      v.ok('the writer got 429s', (summaryJson(o)?.writer?.rateLimited ?? 0) > 0);
      verifyRequestsMatchServer(o, v);
      const s = summaryJson(o);
      const sends = serverCount(o.stats, 'POST /rooms/{id}/messages/send');
      v.ok('the writer sent', sends > 0, `${sends}`);
      v.equal('sends (report vs server)', s?.writer?.sends, sends);
      v.equal(
        'requests: the kinds of the client alone, no send among them',
        s?.requests.total,
        s?.endpoints.reduce((n, e) => n + e.requests, 0),
      );
      v.equal(
        'no expected count of messages for polls (the stream brings them)',
        s?.writer?.messagesExpected,
        null,
      );
      v.ok(
        'the gates passed, the error gate on the polling VUs alone',
        s?.thresholds.every((t) => t.outcome === 'pass') === true,
        JSON.stringify(s?.thresholds),
      );
    },
  }),
  clientCase({
    name: 'Ctrl-C mid-run with CLIENT=game: exit 105, the report printed, the worlds deleted, no per-stream line',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      CLIENT: 'game',
      USERS: '4',
      ROOM_MODE: 'per-user',
      DURATION: '40s',
    },
    server: server(),
    interruptAfterMs: 8000,
    exitCodes: [105],
    verify(o, v) {
      verifyNoModelCalls(o, v);
      verifyNoRequestFailedLines(o, v);
      v.ok('the report was printed', o.stdout.includes('LOAD TEST RESULTS'), o.stdout);
      v.equal('streams open at the server after the run', o.stats.streams.open, 0);
      // Every stream was held when k6 stopped the VUs: none settled, each counted as sent.
      const s = summaryJson(o);
      v.equal('streams sent (report vs server)', s?.streams?.opened, o.stats.streams.opened);
      v.equal('streams not settled', s?.streams?.unsettled, o.stats.streams.opened);
      v.ok(
        'the report says first that the run was interrupted, then that streams did not settle',
        s?.recommendations[0]?.text.startsWith('The run was interrupted') === true &&
          s?.recommendations[1]?.text.startsWith('Streams not settled') === true,
        JSON.stringify(s?.recommendations),
      );
      // What was due by the stop is what the timers had planned by then, not the seed's schedule.
      const due = s?.status.requestsDueByStop ?? 0;
      v.ok(
        'the requests due by the stop are the timers',
        due >= (s?.requests.total ?? 0) && due === s?.loadPlan.plannedRequests,
        JSON.stringify(s?.status),
      );
      v.ok(
        'the banner counts the requests against the timers',
        o.stdout.includes(`their timers had due by then`),
        o.stdout.slice(0, 600),
      );
    },
  }),
];
