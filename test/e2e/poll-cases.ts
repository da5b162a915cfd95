// The end-to-end cases of dist/poll.js as data: k6 env, stand-in env, expected exit codes and
// the checks on the outcome. The sandbox suite (poll.test.ts) and `npm run test:k6` (real k6
// over loopback) run these same cases.

import { endpointPath, isRateLimitedEndpoint, SEED_ENDPOINTS } from '../../lib/endpoints';
import { formatFixed } from '../../lib/format';
import { latencyHistogram } from '../../lib/latency-histogram';
import { VU_ROLE_TAG } from '../../lib/metric-names';
import { type PollConfig, parsePollConfig } from '../../lib/poll/config';
import { plannedRequestCount, vuCount } from '../../lib/poll/load-model';
import type { SliceMeasured } from '../../lib/timeline';
import type { StandIn } from '../../server/core';
import { createPrng } from '../../server/faults';
import { fixedWindowRefusals, sharedRoomPollTimes } from './fixed-window';
import {
  AGENTS_KEY,
  POLL_KEY,
  type PollRunOutcome,
  roomsLeft,
  serverCount,
  serverPath429,
  summaryJson,
  type Verdict,
  verifyNoSecrets,
  verifySummaryHtml,
} from './poll-outcome';
import { samplesOf } from './raw-samples';
import {
  htmlErrorPageOnPoll,
  loggedPolls,
  loginQuotaSpentOnWrongPasswords,
  type ProxiedPoll,
} from './stand-in-hooks';

/** The stand-in's admin password in every case (TARGET_PASSWORD). */
export const ADMIN_PASSWORD = 'e2e-admin-pw-3f9c1a';
/** An address nothing listens on (k6 gets "connection refused"). */
export const UNREACHABLE_BASE_URL = 'http://127.0.0.1:1';

export interface PollCase {
  name: string;
  /** k6 env (-e); BASE_URL is the stand-in's unless the case sets it. */
  env: Record<string, string>;
  /** k6 secrets (--secret-source); the password then comes from the secret `password`. */
  secrets?: Record<string, string>;
  /** The stand-in's env (server/options.ts), TARGET_PASSWORD included. */
  server: Record<string, string>;
  /**
   * Changes the stand-in before the run, in both runners (a proxy in front of it, an earlier
   * client); the polls it logs reach the checks as `proxiedPolls`.
   */
  prepareStandIn?: (standIn: StandIn) => ProxiedPoll[] | undefined;
  /**
   * k6 gets SIGINT after this long, as from a Ctrl-C (real k6: from its start; the sandbox: at
   * this virtual time, init and setup taking next to none of it).
   */
  interruptAfterMs?: number;
  /** Gates in place of thresholds.json (the scripts are built with them). */
  thresholds?: Record<string, unknown>;
  /** k6 --local-ips: the source addresses VUs send from (loopback ones). */
  localIps?: readonly string[];
  /** Why real k6 does not run it (a minute of wall-clock time, say); the sandbox still does. */
  sandboxOnly?: string;
  /** Real k6 only: BASE_URL made from the stand-in's URL (an https:// to it, say). */
  baseUrl?: (standInUrl: string) => string;
  /** Real k6 only: the stand-in is stopped after this long, as a crashed target. */
  stopServerAfterMs?: number;
  /** Real k6 only: k6 writes every sample (`--out csv`), handed to the checks as `samples.csv`. */
  rawSamples?: true;
  exitCodes: readonly number[];
  /** `config()` parses the case's env as dist/poll.js does (it throws on a bad option). */
  verify(o: PollRunOutcome, v: Verdict, config: () => PollConfig): void;
}

const server = (extra: Record<string, string> = {}) => ({
  TARGET_PASSWORD: ADMIN_PASSWORD,
  ...extra,
});

/**
 * Whether the sandbox can run a case: it has no socket to close, speaks no TLS, and counts its
 * bytes with the same estimate the scenario makes (a check of it would be circular).
 */
export function runsInSandbox(c: PollCase): boolean {
  return c.stopServerAfterMs === undefined && c.baseUrl === undefined && c.rawSamples !== true;
}

/** The report's lines after its header (k6 prints its logo first): where a run that went wrong must say so. */
export function reportBody(o: PollRunOutcome): string[] {
  const lines = o.stdout.split('\n');
  const title = lines.indexOf('LOAD TEST RESULTS');
  return title === -1 ? [] : lines.slice(title + 3);
}

/** A run whose setup failed: the cause opens the report, a short one; gates not evaluated; JUnit red. */
function verifySetupFailedReport(o: PollRunOutcome, v: Verdict, cause: string): void {
  const body = reportBody(o);
  v.ok(
    'the report opens with the cause',
    body[0]?.startsWith(`❌ SETUP FAILED: ${cause}`) === true,
    body[0],
  );
  v.ok('it says no load was sent', body[1]?.includes('No load was sent') === true, body[1]);
  v.ok('the report is short', body.length < 30, `${body.length} lines`);
  const summary = summaryJson(o);
  v.equal('status.end', summary?.status.end, 'setup-failed');
  v.ok(
    'every gate is not evaluated',
    summary !== undefined &&
      summary.thresholds.length > 0 &&
      summary.thresholds.every((t) => t.outcome === 'not-evaluated'),
    JSON.stringify(summary?.thresholds.map((t) => t.outcome)),
  );
  v.ok('no PASS line', !o.stdout.includes('  PASS  '), o.stdout);
  const junit = o.files['junit.xml'] ?? '';
  v.ok(
    'JUnit fails the run case',
    /<failure message="setup failed: /.test(junit),
    junit.slice(0, 600),
  );
}

/** Checks every case makes: the exit code, no secret in any output, no room left behind where the server is up, figures that agree. */
export function verifyCommon(c: PollCase, o: PollRunOutcome, v: Verdict): void {
  v.ok(
    `exit code ${o.exitCode} is one of ${c.exitCodes.join(', ')}`,
    c.exitCodes.includes(o.exitCode),
  );
  verifyNoSecrets(o, c.env.PASSWORD ?? c.secrets?.password, v);
  verifySummaryHtml(o, v);
  if (c.stopServerAfterMs === undefined) v.equal('rooms left on the server', roomsLeft(o.stats), 0);
  verifyHistogramsHoldMinAndMax(o, v);
}

/** Each endpoint's histogram has samples in the buckets of its Min and its Max. */
function verifyHistogramsHoldMinAndMax(o: PollRunOutcome, v: Verdict): void {
  for (const e of summaryJson(o)?.endpoints ?? []) {
    const d = e.latencyDistribution;
    if (d === null || e.latency.minMs === null || e.latency.maxMs === null) continue;
    const buckets = latencyHistogram(d);
    for (const [label, ms] of [
      ['Min', e.latency.minMs],
      ['Max', e.latency.maxMs],
    ] as const) {
      const bucket = buckets.find((b) => b.lowMs <= ms && ms <= b.highMs);
      v.ok(
        `${e.endpoint}: the histogram bucket of ${label} (${ms} ms) is not empty`,
        (bucket?.count ?? 0) > 0,
        JSON.stringify(buckets),
      );
    }
  }
}

/** The Load Plan says what was sent of the plan, and a rate of the load alone. */
function verifySentOfPlanned(o: PollRunOutcome, v: Verdict, config: PollConfig): void {
  const summary = summaryJson(o);
  const planned = plannedRequestCount(config);
  const sent = summary?.requests.total ?? -1;
  const line = `  Sent:               ${sent} of ${planned} planned (${((sent * 100) / planned).toFixed(1)}%)`;
  v.ok('the Load Plan says sent N of M planned', o.stdout.includes(line), line);
  const loadMs = summary?.duration.loadPhaseMs ?? null;
  v.ok('the load lasted its DURATION', loadMs !== null && loadMs >= config.durationMs, `${loadMs}`);
  v.ok(
    'k6 ran longer than the load (setup, teardown)',
    (summary?.duration.measuredMs ?? 0) > (loadMs ?? 0),
  );
  v.equal(
    'requests/second divide by the load',
    summary?.requests.perSecond,
    loadMs === null ? null : sent / (loadMs / 1000),
  );
}

/** Total received is the polls' bytes alone (setup and teardown left out), and the projection shows both. */
function verifyOneTransferDefinition(o: PollRunOutcome, v: Verdict): void {
  const summary = summaryJson(o);
  const t = summary?.transfer;
  v.equal("transfer is k6's", t?.source, 'k6');
  v.ok(
    "Total received is less than k6's whole-test data_received",
    t !== undefined && t.receivedBytes < (summary?.k6Totals.dataReceivedBytes ?? 0),
    `${t?.receivedBytes} vs ${summary?.k6Totals.dataReceivedBytes}`,
  );
  const p = summary?.projected;
  v.ok(
    'projected received is below received + sent',
    p != null && (p.receivedPerHourMB ?? 0) < (p.perHourMB ?? 0),
  );
  v.ok(
    'the text labels both',
    / {2}Per hour: +[\d.]+ MB received; [\d.]+ MB received \+ sent/.test(o.stdout),
    o.stdout,
  );
}

/** The report's poll and agents requests: what the server answered plus what never reached it. */
function verifyCountsReconcile(o: PollRunOutcome, v: Verdict, config: PollConfig): void {
  const summary = summaryJson(o);
  if (summary === undefined) {
    v.ok('summary.json was written', false);
    return;
  }
  const reported = summary.endpoints.reduce((sum, e) => sum + e.requests, 0);
  const failedConnections = summary.errors
    .filter((e) => e.type.startsWith('CONNECTION_'))
    .reduce((sum, e) => sum + e.count, 0);
  const served = serverCount(o.stats, POLL_KEY) + serverCount(o.stats, AGENTS_KEY);
  v.equal('report requests (served + failed connections)', reported, served + failedConnections);
  v.equal('polling requests (report vs plan)', summary.requests.total, plannedRequestCount(config));
}

/** A FAULT_SEED under which creating 3 rooms at a 50 % error rate fails part-way, and the rollback's deletes all succeed. */
export function partialRoomFailureSeed(rooms: number): number {
  for (let seed = 1; ; seed++) {
    const draw = createPrng(seed);
    const created = Array.from({ length: rooms }, () => draw() >= 0.5).filter(Boolean).length;
    if (created === 0 || created === rooms) continue;
    if (Array.from({ length: created }, () => draw() >= 0.5).every(Boolean)) return seed;
  }
}

/**
 * The time slices add up to the whole run: per endpoint its requests and 429s, the plan; the
 * latencies sampled, 1 in `sampling.latency` answered responses per VU (each VU's countdown
 * leaves fewer than the period unsampled).
 */
function verifyTimelineTotals(o: PollRunOutcome, v: Verdict, config: PollConfig): void {
  const summary = summaryJson(o);
  const t = summary?.measured.timeline;
  if (summary === undefined || t === null || t === undefined) {
    v.ok('summary.json has the time slices', false);
    return;
  }
  const slices = t.slices;
  const total = (n: (s: SliceMeasured) => number) => slices.reduce((sum, s) => sum + n(s), 0);
  v.equal(
    'planned requests (slices vs plan)',
    total((s) => s.planned),
    plannedRequestCount(config),
  );
  for (const e of summary.endpoints) {
    const kind = (s: SliceMeasured) => s.kinds[e.endpoint];
    v.equal(
      `${e.endpoint} requests (slices vs report)`,
      total((s) => kind(s)?.sent ?? 0),
      e.requests,
    );
    v.equal(
      `${e.endpoint} 429s (slices vs report)`,
      total((s) => kind(s)?.rateLimited ?? 0),
      e.rateLimited,
    );
    const sampled = total((s) => Object.values(kind(s)?.latency ?? {}).reduce((a, b) => a + b, 0));
    const expected = e.requests / t.sampling.latency;
    v.ok(
      `${e.endpoint} latencies sampled: 1 in ${t.sampling.latency}`,
      sampled <= expected && sampled > expected - vuCount(config),
      `${sampled} of ${e.requests}`,
    );
  }
}

function verifyTotalsMatchServer(o: PollRunOutcome, v: Verdict, config: PollConfig): void {
  const summary = summaryJson(o);
  if (summary === undefined) {
    v.ok('summary.json was written', false);
    return;
  }
  const byEndpoint = Object.fromEntries(summary.endpoints.map((e) => [e.endpoint, e]));
  v.equal(
    'poll requests (report vs server)',
    byEndpoint.poll?.requests,
    serverCount(o.stats, POLL_KEY),
  );
  v.equal(
    'agents requests (report vs server)',
    byEndpoint.agents?.requests,
    serverCount(o.stats, AGENTS_KEY),
  );
  v.equal('http_reqs (report vs server)', summary.k6Totals.httpRequests, o.stats.requests);
  v.equal('polling requests (report vs plan)', summary.requests.total, plannedRequestCount(config));
  // The rates divide by the load phase: DURATION for a run on time, setup and teardown left out.
  v.equal('load phase (ms)', summary.duration.loadPhaseMs, config.durationMs);
  v.equal('achieved % of plan', summary.loadPlan.achievedPercentOfPlan, 100);
  verifyTimelineTotals(o, v, config);
}

export const POLL_CASES: readonly PollCase[] = [
  {
    name: "bytes per endpoint equal the wire: their sums are k6's own data_received and data_sent of the polls",
    // The real limits (some 429s, answers of their own size) and a writer filling the rooms
    // (poll answers with messages, cursors moving): answers of every kind and size.
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '20',
      ROOMS: '2',
      DURATION: '20s',
      MESSAGES_PER_MINUTE: '30',
    },
    server: server(),
    prepareStandIn: loggedPolls,
    rawSamples: true,
    exitCodes: [0, 99],
    verify(o, v) {
      const csv = o.files['samples.csv'] ?? '';
      const sum = (metric: string, match: (tags: Record<string, string>) => boolean) =>
        samplesOf(csv, metric)
          .filter((s) => match(s.tags))
          .reduce((total, s) => total + s.value, 0);
      // The polling VUs': the writer's VUs share the poll scenario (role `writer`).
      const ofPolls = (tags: Record<string, string>) => tags[VU_ROLE_TAG] === 'poll';
      const received = sum('data_received', ofPolls);
      v.ok('the polls received bytes', received > 0);
      const byEndpoint = SEED_ENDPOINTS.map((e) =>
        sum('cw_bytes_received', (tags) => tags.endpoint === e),
      );
      v.ok(
        'every endpoint received bytes',
        byEndpoint.every((b) => b > 0),
        `${byEndpoint}`,
      );
      v.equal(
        'cw_bytes_received, summed over endpoints (vs data_received of the polls)',
        byEndpoint.reduce((a, b) => a + b, 0),
        received,
      );
      v.equal(
        'cw_bytes_sent, summed over endpoints (vs data_sent of the polls)',
        sum('cw_bytes_sent', () => true),
        sum('data_sent', ofPolls),
      );
      const summary = summaryJson(o);
      v.ok('some polls were rate limited', (summary?.requests.rateLimited ?? 0) > 0);
      v.ok(
        'polls got messages and sent their cursor',
        o.proxiedPolls.some((p) => p.sinceId !== null),
      );
    },
  },
  {
    name: '4 users x 2 shared rooms for 20 s: totals match the server and the plan, rooms deleted',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '4', ROOMS: '2', DURATION: '20s' },
    server: server(),
    exitCodes: [0],
    verify(o, v, config) {
      verifyTotalsMatchServer(o, v, config());
      verifySentOfPlanned(o, v, config());
      verifyOneTransferDefinition(o, v);
      v.ok(
        '"1 user", "2 rooms": no "1 users"',
        o.stdout.includes('4 users x 2 rooms x 2 / 4.00 s'),
      );
      v.equal('statuses of polls', o.stats.endpoints[POLL_KEY]?.statuses, { '200': 40 });
      v.equal('statuses of agents', o.stats.endpoints[AGENTS_KEY]?.statuses, { '200': 40 });
      v.equal('rooms created', serverCount(o.stats, 'POST /rooms', 200), 2);
      v.equal('thresholds passed', summaryJson(o)?.status.thresholdsPassed, true);
    },
  },
  {
    name: '10 users share 2 rooms for 60 s under the real limits: 429s per path as the fixed window says, exit 99',
    env: { USERS: '10', ROOMS: '2', DURATION: '60s' },
    secrets: { password: ADMIN_PASSWORD },
    server: server(),
    exitCodes: [99],
    verify(o, v, readConfig) {
      const config = readConfig();
      verifyTotalsMatchServer(o, v, config);
      const summary = summaryJson(o);
      const times = sharedRoomPollTimes(config);
      for (const endpoint of SEED_ENDPOINTS.filter(isRateLimitedEndpoint)) {
        const expected = fixedWindowRefusals(times, config.limits[endpoint], 60_000);
        const report = summary?.endpoints.find((e) => e.endpoint === endpoint);
        v.equal(`${endpoint}: 429s in the report`, report?.rateLimited, expected * config.rooms);
        for (const room of report?.rooms ?? []) {
          const path = endpointPath(endpoint, room.roomId ?? '?');
          v.equal(`${path}: 429s at the server`, serverPath429(o.stats, path), expected);
          v.equal(`${path}: 429s in the report`, room.rateLimited, expected);
        }
      }
      const gate = summary?.thresholds.find((t) => t.metric === 'cw_rate_limited');
      v.equal('cw_rate_limited count==0 passed', gate?.passed, false);
    },
  },
  {
    name: 'unreachable server: a clear abort naming BASE_URL, the report still rendered',
    env: { PASSWORD: ADMIN_PASSWORD, BASE_URL: UNREACHABLE_BASE_URL, USERS: '2', DURATION: '8s' },
    server: server(),
    exitCodes: [107, 108],
    verify(o, v) {
      v.ok('the log names BASE_URL', o.log.includes(`BASE_URL=${UNREACHABLE_BASE_URL}`), o.log);
      v.equal('setup completed', summaryJson(o)?.status.setupCompleted, false);
      verifySetupFailedReport(o, v, `Cannot reach the backend at BASE_URL=${UNREACHABLE_BASE_URL}`);
      v.equal('requests at the server', o.stats.requests, 0);
    },
  },
  {
    name: 'TLS to a plain-http server: setup fails, the report opens with the TLS error',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '2', DURATION: '8s' },
    baseUrl: (url) => url.replace(/^http:/, 'https:'),
    server: server(),
    exitCodes: [108],
    verify(o, v) {
      verifySetupFailedReport(o, v, 'Cannot reach the backend at BASE_URL=https://127.0.0.1:');
      v.ok('the cause names TLS', /tls|TLS/.test(reportBody(o)[0] ?? ''), reportBody(o)[0]);
    },
  },
  {
    name: 'wrong password: authentication fails, nothing is created',
    env: { PASSWORD: 'not-the-password-8d2e', USERS: '2', DURATION: '8s' },
    server: server(),
    exitCodes: [108],
    verify(o, v) {
      v.ok(
        'the log says why',
        o.log.includes('Authentication failed: 401 Invalid password'),
        o.log,
      );
      v.equal('rooms created', serverCount(o.stats, 'POST /rooms'), 0);
      verifySetupFailedReport(o, v, 'Authentication failed: 401 Invalid password');
    },
  },
  {
    name: 'room creation fails part-way: setup deletes what it created and aborts',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '3', ROOMS: '3', DURATION: '8s' },
    server: server({
      FAULT_ERROR_RATE: 'rooms=0.5',
      FAULT_SEED: String(partialRoomFailureSeed(3)),
    }),
    exitCodes: [108],
    verify(o, v) {
      const created = serverCount(o.stats, 'POST /rooms', 200);
      v.ok('some rooms were created', created > 0 && created < 3, `created ${created}`);
      v.equal('rooms deleted by setup', serverCount(o.stats, 'DELETE /rooms/{id}', 200), created);
      v.equal('polling requests', serverCount(o.stats, POLL_KEY), 0);
    },
  },
  {
    name: 'injected 500s and latency: the error and latency thresholds fail, exit 99',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '2', ROOMS: '1', DURATION: '12s' },
    server: server({
      FAULT_ERROR_RATE: 'poll=0.3,agents=0.3',
      FAULT_LATENCY_MS: 'poll=700,agents=700',
      FAULT_SEED: '7',
    }),
    exitCodes: [99],
    verify(o, v, config) {
      verifyTotalsMatchServer(o, v, config());
      const summary = summaryJson(o);
      const passed = (metric: string) =>
        summary?.thresholds.find((t) => t.metric === metric)?.passed;
      v.equal('cw_errors passed', passed('cw_errors'), false);
      v.equal('cw_latency passed', passed('cw_latency'), false);
      const server500 = serverCount(o.stats, POLL_KEY, 500) + serverCount(o.stats, AGENTS_KEY, 500);
      v.ok('the server answered some 500s', server500 > 0);
      // cw_errors is k6's own http_req_failed of the polls: the server's share of 500s.
      const served = serverCount(o.stats, POLL_KEY) + serverCount(o.stats, AGENTS_KEY);
      v.equal(
        'cw_errors observed',
        summary?.thresholds.find((t) => t.metric === 'cw_errors')?.observed,
        `rate=${formatFixed(server500 / served, 4)}`,
      );
      v.equal(
        'HTTP_500 in the report',
        summary?.errors.find((e) => e.type === 'HTTP_500')?.count,
        server500,
      );
    },
  },
  {
    name: 'Ctrl-C mid-run (SIGINT to k6): exit 105, the report printed, teardown deletes the rooms',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '2', ROOMS: '2', DURATION: '30s' },
    server: server(),
    interruptAfterMs: 7000,
    exitCodes: [105],
    verify(o, v, config) {
      v.ok('summary.json was written', summaryJson(o) !== undefined);
      v.equal('rooms deleted', serverCount(o.stats, 'DELETE /rooms/{id}', 200), 2);
      const planned = plannedRequestCount(config()) / 2;
      v.ok('stopped early', serverCount(o.stats, POLL_KEY) < planned, `of ${planned} polls`);
      const body = reportBody(o);
      v.ok(
        'the report opens with INTERRUPTED and how far it got',
        /^❌ INTERRUPTED at \d+\.\d s of 30 s \(Ctrl-C or a signal\)/.test(body[0] ?? ''),
        body[0],
      );
      const summary = summaryJson(o);
      v.equal('status.end', summary?.status.end, 'interrupted');
      v.ok(
        'the banner counts what was sent',
        body[1]?.includes(`Sent ${summary?.requests.total} polling requests of the`) === true,
        body[1],
      );
      v.ok('no "performing well"', !o.stdout.includes('performing well'));
      v.ok(
        'JUnit fails the run case',
        (o.files['junit.xml'] ?? '').includes('type="interrupted"'),
        o.files['junit.xml'],
      );
    },
  },
  {
    name: 'the target dies mid-run: the report is printed and its counts reconcile with the requests sent',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '2', ROOMS: '1', DURATION: '16s' },
    server: server(),
    stopServerAfterMs: 8000,
    exitCodes: [99],
    verify(o, v, config) {
      v.ok('the report was printed', o.stdout.includes('LOAD TEST RESULTS'));
      v.ok('failed connections are reported', o.stdout.includes('connection_error ('), o.stdout);
      verifyCountsReconcile(o, v, config());
      v.ok('teardown names the rooms it could not delete', o.log.includes('Could not delete'));
    },
  },
  {
    name: 'the password from a k6 secret source without a password secret: one line, exit 108',
    env: { USERS: '2', DURATION: '8s' },
    secrets: { token: 'not-a-password-5b1e' },
    server: server(),
    exitCodes: [108],
    verify(o, v) {
      const lines = o.log
        .split('\n')
        .filter((line) => line.includes("no k6 secret named 'password'"));
      v.equal('log lines about the missing secret', lines.length, 1);
      v.ok('it says how to give the password', o.log.includes('expected -e PASSWORD=...'), o.log);
      v.equal('requests at the server', o.stats.requests, 0);
    },
  },
  {
    name: 'a proxy answers some polls with an HTML 502 page: errors under their status, no exception, cursor kept',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '2',
      ROOMS: '1',
      ROOM_MODE: 'per-user',
      DURATION: '20s',
    },
    server: server({ ACTIVITY_MESSAGES_PER_MINUTE: '120' }),
    prepareStandIn: (standIn) => htmlErrorPageOnPoll(standIn, 3),
    exitCodes: [99],
    verify(o, v) {
      const injected = o.proxiedPolls.filter((p) => p.injected);
      v.equal('HTML 502 pages sent (one per room)', injected.length, 2);
      v.equal(
        'HTTP_502 in the report',
        summaryJson(o)?.errors.find((e) => e.type === 'HTTP_502')?.count,
        injected.length,
      );
      v.ok('no script exception', !/exception|TypeError|SyntaxError/.test(o.log), o.log);
      for (const failed of injected) {
        const polls = o.proxiedPolls.filter((p) => p.path === failed.path);
        const next = polls[polls.indexOf(failed) + 1];
        v.ok(`${failed.path}: a poll after the 502`, next !== undefined);
        v.equal(`${failed.path}: since_id after the 502`, next?.sinceId, failed.sinceId);
      }
      v.ok(
        'the cursor had moved before the 502',
        injected.every((p) => Number(p.sinceId ?? 0) > 0),
        JSON.stringify(injected),
      );
    },
  },
  {
    name: 'polls slower than the request timeout (POLL_INTERVAL): counted as timeouts, code 1050, own label',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '1', ROOMS: '1', DURATION: '12s' },
    server: server({ FAULT_LATENCY_MS: 'poll=5000' }),
    exitCodes: [99],
    verify(o, v, config) {
      const summary = summaryJson(o);
      const polls = plannedRequestCount(config()) / 2;
      v.equal(
        'timeouts in summary.json',
        summary?.errors.find((e) => e.type === 'CONNECTION_1050')?.count,
        polls,
      );
      v.equal('polls at the server', serverCount(o.stats, POLL_KEY), polls);
      v.ok(
        'the report labels them',
        o.stdout.includes(`  timeout (1050 request timeout)`),
        o.stdout,
      );
      v.equal(
        'agents errors',
        summary?.endpoints.find((e) => e.endpoint === 'agents')?.requests,
        polls,
      );
    },
  },
  {
    name: 'a gate on polls that all timed out judged nothing: NO SAMPLES fails the run (exit 99), an optional one does not',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '1', ROOMS: '1', DURATION: '8s' },
    server: server({ FAULT_LATENCY_MS: 'poll=5000' }),
    thresholds: {
      'cw_latency{endpoint:poll}': ['p(95)<500'],
      'cw_latency{endpoint:poll,room:0}': [{ threshold: 'p(99)<500', optional: true }],
      'cw_requests{endpoint:agents}': ['count>0'],
    },
    exitCodes: [99],
    verify(o, v) {
      const summary = summaryJson(o);
      const outcome = (metric: string) => summary?.thresholds.find((t) => t.metric === metric);
      v.equal('the poll latency gate', outcome('cw_latency{endpoint:poll}')?.outcome, 'no-samples');
      v.equal('it fails', outcome('cw_latency{endpoint:poll}')?.passed, false);
      v.equal(
        'the optional one',
        outcome('cw_latency{endpoint:poll,room:0}')?.outcome,
        'no-samples',
      );
      v.equal('it passes', outcome('cw_latency{endpoint:poll,room:0}')?.passed, true);
      v.equal('the agents gate', outcome('cw_requests{endpoint:agents}')?.outcome, 'pass');
      v.equal('only the gates are listed, not their guards', summary?.thresholds.length, 3);
      v.ok(
        'the text says NO SAMPLES, never PASS with 0.00 ms',
        o.stdout.includes(
          '  NO SAMPLES  cw_latency{endpoint:poll}  p(95)<500  (the metric got no sample to judge: fails the run)',
        ) && !o.stdout.includes('p(95)=0.00 ms'),
        o.stdout.slice(o.stdout.indexOf('Thresholds:')),
      );
      const junit = o.files['junit.xml'] ?? '';
      v.ok('JUnit fails it as no-samples', junit.includes('type="no-samples"'), junit);
      v.ok(
        'JUnit skips the optional one',
        junit.includes('<skipped message="no samples (optional gate)"/>'),
        junit,
      );
    },
  },
  {
    name: '7 users at the limit (60/min per path over 70 s, 63 in the first window): its 429s read "at the limit", not "stricter"',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '7',
      ROOMS: '1',
      POLL_INTERVAL: '7s',
      RAMP_UP: '1400ms',
      DURATION: '70s',
    },
    server: server(),
    sandboxOnly: 'a minute of wall-clock time; the verdict is the same in k6',
    exitCodes: [99],
    verify(o, v, readConfig) {
      const config = readConfig();
      const summary = summaryJson(o);
      const poll = summary?.rateLimits.find((r) => r.endpoint === 'poll');
      const expected = fixedWindowRefusals(sharedRoomPollTimes(config), config.limits.poll, 60_000);
      v.ok('the plan puts more than 60 in one window', expected > 0, `${expected}`);
      v.equal('429s on the poll path', poll?.rateLimited, expected);
      v.equal('the plan per path is the limit', poll?.plannedPerPathPerMinute, 60);
      v.equal('finding', poll?.finding, 'at-limit');
      const texts = summary?.recommendations.map((r) => r.text) ?? [];
      v.ok(
        'no "looks stricter" verdict',
        !texts.some((t) => t.includes('looks stricter')),
        texts.join('\n'),
      );
      v.equal('one window can get', poll?.windowMaximumPerPath, 63);
      v.ok(
        'it says the plan is at the limit',
        texts.some((t) =>
          t.startsWith(
            '/rooms/{id}/messages/poll is planned at the limit (60 of 60 requests/min per path)',
          ),
        ),
        texts.join('\n'),
      );
      v.ok(
        'the Rate Limits section says so',
        o.stdout.includes('at the limit: a late poll can meet a full window'),
      );
    },
  },
  {
    name: "the login limit spent by wrong passwords: setup says rate limited (429), not 'wrong password'",
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '2', DURATION: '8s' },
    server: server(),
    prepareStandIn: (standIn) => {
      loginQuotaSpentOnWrongPasswords(standIn, 20);
      return undefined;
    },
    exitCodes: [108],
    verify(o, v) {
      v.ok('the log says rate limited', o.log.includes('Login rate limited: 429'), o.log);
      v.ok('not a wrong password', !o.log.includes('Invalid password'), o.log);
      v.equal('login attempts at the server', serverCount(o.stats, 'POST /auth/login'), 21);
      v.equal('rooms created', serverCount(o.stats, 'POST /rooms'), 0);
    },
  },
  {
    name: 'one VU pacing 40 users behind a slow stand-in: the generator fell behind, no server advice',
    env: {
      PASSWORD: ADMIN_PASSWORD,
      USERS: '40',
      ROOMS: '1',
      POLL_INTERVAL: '2s',
      DURATION: '12s',
      VUS: '1',
    },
    server: server({ RATELIMIT_ENABLED: 'false', FAULT_LATENCY_MS: 'poll=500,agents=500' }),
    exitCodes: [99],
    verify(o, v) {
      const summary = summaryJson(o);
      // Behind, the VU still owes polls when DURATION ends: fewer than planned, as reported.
      v.equal(
        'polling requests (report vs server)',
        summary?.requests.total,
        serverCount(o.stats, POLL_KEY) + serverCount(o.stats, AGENTS_KEY),
      );
      v.equal('generatorFellBehind', summary?.loadPlan.generatorFellBehind, true);
      const texts = summary?.recommendations.map((r) => r.text) ?? [];
      v.ok(
        'the first recommendation says the generator fell behind',
        texts[0]?.startsWith('The load generator fell behind') === true,
        texts[0],
      );
      v.ok('it names the remedies', texts[0]?.includes('VUS') === true, texts[0]);
      v.ok(
        'no latency advice for the server',
        !texts.some((t) => t.startsWith('High latency')),
        texts.join('\n'),
      );
    },
  },
  {
    name: '50 users share a room with rate limits off: the limits were not enforced, no advice to cut users',
    env: { PASSWORD: ADMIN_PASSWORD, USERS: '50', ROOMS: '1', DURATION: '20s' },
    server: server({ RATELIMIT_ENABLED: 'false' }),
    exitCodes: [0],
    verify(o, v, config) {
      verifyTotalsMatchServer(o, v, config());
      const summary = summaryJson(o);
      v.equal(
        'findings',
        summary?.rateLimits.map((r) => r.finding),
        ['not-enforced', 'not-enforced'],
      );
      v.equal('generatorFellBehind', summary?.loadPlan.generatorFellBehind, false);
      const texts = summary?.recommendations.map((r) => r.text) ?? [];
      v.ok(
        'the poll finding says the server did not enforce the limit',
        texts.some(
          (t) =>
            t.startsWith('/rooms/{id}/messages/poll got') &&
            t.includes('no 429: the server did not enforce that limit at this rate'),
        ),
        texts.join('\n'),
      );
      v.ok(
        'no advice to put fewer users on a room',
        !texts.some((t) => t.includes('fewer users per room')),
        texts.join('\n'),
      );
    },
  },
];

/** The configuration dist/poll.js reads for a case (BASE_URL does not matter here). */
export function caseConfig(c: PollCase): PollConfig {
  return parsePollConfig({ ...c.env, PASSWORD: c.env.PASSWORD ?? c.secrets?.password });
}
