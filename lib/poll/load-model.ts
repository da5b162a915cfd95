// The load model: which simulated user polls which rooms when, and how users are sharded over
// VUs. Pure, so the schedule is tested without k6; times are ms from the scenario's start.

import { parseSegment } from '../distributed';
import { type ClientModel, ENDPOINTS, type Endpoint, SEED_ENDPOINTS } from '../endpoints';
import { segmentVuNumbers } from '../execution-segments';
import { formatFixed, formatInt } from '../format';
import type { EndpointRate, RateFormula } from '../scaling/estimates';
import type { SliceLayout } from '../timeline';
import type { PollConfig } from './config';

type ScheduleConfig = Pick<
  PollConfig,
  'users' | 'rooms' | 'roomMode' | 'pollIntervalMs' | 'durationMs' | 'startPhase' | 'rampUpMs'
>;
type JoinConfig = Pick<PollConfig, 'users' | 'pollIntervalMs' | 'startPhase' | 'rampUpMs'>;

/**
 * Requests per second one VU is planned to carry, by client model. Fewer VUs cost less: a VU
 * sends every user already due in one http.batch, and the bigger the batches the less k6
 * spends per request; each VU is also a JavaScript runtime (memory, and k6's work per VU and
 * its garbage collection). Measured for the seed with k6 1.3.0, stand-in on loopback, 30 s
 * runs: k6 CPU 4-11 % lower with 1 VU than 2 at 2,000 req/s, 3-8 % with 2
 * than 4 at 4,000, 7 % with 5 than 10 at 10,000, schedule lag p95 the same (19 ms); 20 VUs
 * at 4,000 req/s had cost 163 us per request against 112 with 4. A VU's script takes a small
 * share of a core at this rate, and a slower server makes its batches bigger rather than the
 * VU later (up to {@link BATCH_SPAN_MS}). The chat and game VUs also run their users' timers
 * and streams on their event loops, and keep one per 1,000. `VUS` overrides the derived count.
 */
export const PLANNED_REQUESTS_PER_SECOND_PER_VU = {
  seed: 2000,
  chat: 1000,
  game: 1000,
} as const satisfies Record<ClientModel, number>;

/**
 * A VU that fell behind catches up in batches of at most this long a share of its planned
 * requests, back to back, over the connections it keeps open: without a cap one catch-up
 * batch held a whole round of its users (800 requests at 4,000 users on 10 VUs), k6 opened a
 * connection for each, and the run collapsed (measured: 28 % of plan, 590 MB RSS). Half a
 * second's worth keeps a VU on plan against a server answering in up to 500 ms, and bounds
 * the requests in flight of the whole run to half a second of its plan.
 */
export const BATCH_SPAN_MS = 500;

/** The least a batch may hold, whatever the VU's rate: a VU of few users sends them at once. */
export const MIN_REQUESTS_PER_BATCH = 100;

/**
 * Requests in one poll of a user: each kind of the seed model (all of them rooms' paths) for
 * each of its ROOMS rooms.
 */
export function requestsPerPoll(c: Pick<PollConfig, 'rooms'>): number {
  return c.rooms * SEED_ENDPOINTS.length;
}

/** Most requests one of `vus` VUs sends in one http.batch: {@link BATCH_SPAN_MS} of its plan. */
export function maxRequestsPerBatch(
  c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs'>,
  vus: number,
): number {
  const perVu = plannedRequestsPerSecond(c) / Math.max(1, vus);
  return Math.max(MIN_REQUESTS_PER_BATCH, Math.ceil((perVu * BATCH_SPAN_MS) / 1000));
}

/** Users whose polls fit in one batch of one of `vus` VUs (at least one). */
export function usersPerBatch(
  c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs'>,
  vus: number,
): number {
  return Math.max(1, Math.floor(maxRequestsPerBatch(c, vus) / requestsPerPoll(c)));
}

/** Requests per second the plan sends: exactly USERS x (requests per poll) / POLL_INTERVAL. */
export function plannedRequestsPerSecond(
  c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs'>,
): number {
  return (c.users * requestsPerPoll(c) * 1000) / c.pollIntervalMs;
}

/** How many users poll each room: all of them when shared, one in `per-user` mode. */
export function usersPerRoom(c: Pick<PollConfig, 'users' | 'roomMode'>): number {
  return c.roomMode === 'shared' ? c.users : 1;
}

/** How many users send to each path of a request kind: a room's, or the one path of all. */
export function usersPerPath(
  c: Pick<PollConfig, 'users' | 'roomMode'>,
  endpoint: Endpoint,
): number {
  return ENDPOINTS[endpoint].scope === 'none' ? c.users : usersPerRoom(c);
}

/**
 * Requests per minute each path of a request kind (e.g. one room's poll URL) gets from this
 * run. The server's buckets are per client IP and path, so this is what meets its limit.
 */
export function pathRequestsPerMinute(
  c: Pick<PollConfig, 'users' | 'roomMode' | 'pollIntervalMs'>,
  endpoint: Endpoint,
): number {
  return (usersPerPath(c, endpoint) * 60_000) / c.pollIntervalMs;
}

/**
 * The most requests one fixed 60 s window of a path can receive from `usersOnPath` users that
 * send it `perPathPerMinute` a minute on a fixed period (POLL_INTERVAL, or a client's timer):
 * each user sends floor(60 s / period) in a window by its schedule, and one more when a late
 * one, or the window's start (the server's first request on the path), shifts it in.
 */
export function pathWindowMaximum(usersOnPath: number, perPathPerMinute: number): number {
  if (usersOnPath === 0) return 0;
  // The epsilon keeps 60 s / 4 s at 15 whatever the division's rounding.
  return usersOnPath * (Math.floor(perPathPerMinute / usersOnPath + 1e-9) + 1);
}

/** What one user sends of each seed kind: one request per room every POLL_INTERVAL. */
export function seedRates(
  c: Pick<PollConfig, 'rooms' | 'roomMode' | 'pollIntervalMs'>,
): EndpointRate[] {
  return SEED_ENDPOINTS.map((endpoint) => ({
    endpoint,
    perUserPerSecond: (c.rooms * 1000) / c.pollIntervalMs,
    pathPerMinute: (users: number) => pathRequestsPerMinute({ ...c, users }, endpoint),
  }));
}

/** The seed model's rate in the report's words: `2 rooms x 2 / 4.00 s`. */
export function seedRateFormula(c: Pick<PollConfig, 'rooms' | 'pollIntervalMs'>): RateFormula {
  const kinds = SEED_ENDPOINTS.length;
  return {
    perUser: `${formatInt(c.rooms)} ${c.rooms === 1 ? 'room' : 'rooms'} x ${kinds} / ${formatFixed(c.pollIntervalMs / 1000, 2)} s`,
    requestsPerSecond: `users x ROOMS x ${kinds} / POLL_INTERVAL`,
  };
}

/**
 * The fewest VUs a run with RUN_ID gets by default (at most one per user). k6 splits a
 * scenario's VUs over the execution segments of a distributed run, and a segment without a VU
 * sends nothing; init code cannot see how many segments there are (k6 shows them to setup
 * only), so a run that may be distributed gets enough for up to this many instances. Measured
 * with k6 1.3.0: 16 VUs of dist/poll.js take 20 MB more than 1 (91 vs 71 MB RSS). Setup stops a
 * segment left without a VU with one line.
 */
export const DISTRIBUTED_MIN_VUS = 16;

/**
 * The VU count derived from the planned request rate (the seed's by default; lib/plan.ts
 * passes the run model's), at most one VU per user; with RUN_ID (a run that may be one of
 * several instances) at least {@link DISTRIBUTED_MIN_VUS}.
 */
export function defaultVuCount(
  c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs' | 'runId' | 'client'>,
  plannedPerSecond = plannedRequestsPerSecond(c),
): number {
  const needed = Math.ceil(plannedPerSecond / PLANNED_REQUESTS_PER_SECOND_PER_VU[c.client]);
  const least = c.runId === undefined ? 1 : DISTRIBUTED_MIN_VUS;
  return Math.min(c.users, Math.max(least, needed));
}

/** The VUs the run uses: `VUS` when given, else {@link defaultVuCount}. */
export function vuCount(
  c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs' | 'vus' | 'runId' | 'client'>,
  plannedPerSecond = plannedRequestsPerSecond(c),
): number {
  return c.vus ?? defaultVuCount(c, plannedPerSecond);
}

/**
 * When a user joins, i.e. its first poll is due: with RAMP_UP, users join evenly over the
 * ramp; without, they are spread over one interval, or all start at 0 (`burst`).
 */
export function userJoinMs(c: JoinConfig, user: number): number {
  if (c.rampUpMs > 0) return Math.floor((user * c.rampUpMs) / c.users);
  return c.startPhase === 'burst' ? 0 : Math.floor((user * c.pollIntervalMs) / c.users);
}

/** userJoinMs is floor(u x span / users) with this span: the ramp, one interval, or 0. */
function joinSpanMs(c: JoinConfig): number {
  if (c.rampUpMs > 0) return c.rampUpMs;
  return c.startPhase === 'burst' ? 0 : c.pollIntervalMs;
}

/** Users that join (userJoinMs) before `atMs`. */
function usersJoinedBefore(c: JoinConfig, atMs: number): number {
  // A join is a whole ms: it is before atMs when it is before ceil(atMs).
  const at = Math.ceil(atMs);
  if (at <= 0) return 0;
  const span = joinSpanMs(c);
  if (span === 0) return c.users;
  // floor(u x span / users) < at  <=>  u < at x users / span (exact in doubles below 2^53).
  return Math.min(c.users, Math.ceil((at * c.users) / span));
}

/**
 * Polls every user is due to send before `untilMs`: the sum over users joined by then of
 * ceil((until - join) / interval). That ceiling counts the m >= 0 with join < until - m x
 * interval, so the sum is the users joined before each of those times: every user for the
 * times past the last join, counted at once, then one term per interval back to 0. A handful
 * of terms instead of one per user, which k6's interpreter would pay per slice at the end.
 */
function pollsDueBefore(c: JoinConfig, untilMs: number): number {
  if (c.users <= 0) return 0;
  const interval = c.pollIntervalMs;
  const lastJoin = userJoinMs(c, c.users - 1);
  const allJoined = untilMs > lastJoin ? Math.ceil((untilMs - lastJoin) / interval) : 0;
  let total = allJoined * c.users;
  for (let m = allJoined; untilMs - m * interval > 0; m++) {
    total += usersJoinedBefore(c, untilMs - m * interval);
  }
  return total;
}

/** Where in the interval a user's polls fall: its polls are due at phase + k x interval. */
export function userPhaseMs(c: JoinConfig, user: number): number {
  return userJoinMs(c, user) % c.pollIntervalMs;
}

/** The first round (of the interval grid from 0) in which the user polls. */
export function userFirstRound(c: JoinConfig, user: number): number {
  return Math.floor(userJoinMs(c, user) / c.pollIntervalMs);
}

/** Users that have joined by `atMs` (ms from the scenario's start): they poll from then on. */
export function activeUsersAt(c: JoinConfig, atMs: number): number {
  if (atMs < 0) return 0;
  if (c.rampUpMs <= 0) return c.users;
  // A join (a whole ms) at or before atMs is one before floor(atMs) + 1.
  return usersJoinedBefore(c, Math.floor(atMs) + 1);
}

/** The index (into setup's room list) of a user's first room; its ROOMS rooms follow it. */
export function firstRoomIndex(c: Pick<PollConfig, 'rooms' | 'roomMode'>, user: number): number {
  return c.roomMode === 'shared' ? 0 : user * c.rooms;
}

/** The indexes (into setup's room list) of the rooms a user keeps open. */
export function userRoomIndexes(c: Pick<PollConfig, 'rooms' | 'roomMode'>, user: number): number[] {
  const first = firstRoomIndex(c, user);
  return Array.from({ length: c.rooms }, (_, i) => first + i);
}

/** The users one VU paces (0-based VU index of `vus`): every vus-th user, in phase order. */
export function shardUsers(
  users: number,
  vuIndex: number,
  vus: number,
  c?: Pick<PollConfig, 'users' | 'pollIntervalMs' | 'startPhase' | 'rampUpMs'>,
): number[] {
  const shard: number[] = [];
  for (let user = vuIndex; user < users; user += vus) shard.push(user);
  // Without a ramp, phases already grow with the user number; a ramp wraps them around.
  if (c !== undefined && c.rampUpMs > 0) {
    shard.sort((a, b) => userPhaseMs(c, a) - userPhaseMs(c, b) || a - b);
  }
  return shard;
}

/** One user's poll of all its rooms, due at `dueMs` (the `round`-th since the start). */
export interface DuePoll {
  user: number;
  round: number;
  dueMs: number;
}

/**
 * The n-th slot of a VU's shard in due order (round-robin over a shard in phase order: all
 * phases lie within one interval). A slot before the user's first round is not polled.
 */
export function nthShardPoll(c: ScheduleConfig, shard: readonly number[], n: number): DuePoll {
  const user = shard[n % shard.length];
  if (user === undefined) throw new Error('nthShardPoll: the shard has no users');
  const round = Math.floor(n / shard.length);
  return { user, round, dueMs: userPhaseMs(c, user) + round * c.pollIntervalMs };
}

function isJoined(c: ScheduleConfig, poll: DuePoll): boolean {
  return poll.round >= userFirstRound(c, poll.user);
}

/**
 * What a VU does next: poll the users now due (`slots`: how many of the shard's slots this
 * consumes, skipped ones of users not yet joined included), wait until the next is due, or
 * idle out.
 */
export type PacerStep =
  | { kind: 'poll'; polls: DuePoll[]; slots: number }
  | { kind: 'wait'; untilMs: number }
  | { kind: 'done' };

/**
 * The next step for a VU that has consumed `done` slots of its shard, at `nowMs`. Late polls
 * are never skipped (the request count must match the plan); only polls due before the end
 * count. One step polls at most one round of the shard and at most `maxPolls` users (the
 * earliest due first), so a late VU catches up in bounded batches.
 */
export function nextPacerStep(
  c: ScheduleConfig,
  shard: readonly number[],
  done: number,
  nowMs: number,
  maxPolls: number = shard.length,
): PacerStep {
  if (shard.length === 0) return { kind: 'done' };
  let n = done;
  let first = nthShardPoll(c, shard, n);
  while (first.dueMs < c.durationMs && !isJoined(c, first)) first = nthShardPoll(c, shard, ++n);
  if (first.dueMs >= c.durationMs) return { kind: 'done' };
  if (first.dueMs > nowMs) return { kind: 'wait', untilMs: first.dueMs };
  const polls = [first];
  let slots = n + 1 - done;
  const most = Math.min(shard.length, maxPolls);
  for (n += 1; polls.length < most; n++) {
    const next = nthShardPoll(c, shard, n);
    if (next.dueMs > nowMs || next.dueMs >= c.durationMs) break;
    if (isJoined(c, next)) polls.push(next);
    slots = n + 1 - done;
  }
  return { kind: 'poll', polls, slots };
}

/** Polls (user x round) due before the end: of `users` (by number), or of every user. */
export function plannedPollCount(c: ScheduleConfig, users?: readonly number[]): number {
  return users === undefined
    ? pollsDueBefore(c, c.durationMs)
    : listedUsersPollsDueBefore(c, users, c.durationMs);
}

/** {@link pollsDueBefore} of the listed users only, one by one. */
function listedUsersPollsDueBefore(c: JoinConfig, users: readonly number[], untilMs: number) {
  let total = 0;
  for (let i = 0; i < users.length; i++) {
    const join = userJoinMs(c, users[i] as number);
    if (join < untilMs) total += Math.ceil((untilMs - join) / c.pollIntervalMs);
  }
  return total;
}

/** Requests a full run sends: each poll asks each seed kind of each of the user's rooms. */
export function plannedRequestCount(c: ScheduleConfig): number {
  return plannedPollCount(c) * requestsPerPoll(c);
}

/** The users an instance paces and the requests they are planned to send. */
export interface InstanceShare {
  users: number;
  plannedRequests: number;
}

/**
 * An instance's share of the plan: the users of the shards its VUs pace (a VU's shard is its
 * `exec.vu.idInTest`, so the VU numbers k6 gives its execution segment), or every user
 * without a segment. A segment k6 cannot be followed through (unreadable, or a striping cycle
 * too long to compute) gets the share its length says.
 */
export function instanceShare(
  c: ScheduleConfig,
  vus: number,
  instance: { executionSegment: string | null; executionSegmentSequence: string | null },
): InstanceShare {
  const perPoll = requestsPerPoll(c);
  const users = instanceUsers(c, vus, instance);
  if (users === undefined) {
    const length = segmentLength(instance.executionSegment);
    return {
      users: Math.round(c.users * length),
      plannedRequests: Math.round(plannedPollCount(c) * perPoll * length),
    };
  }
  return { users: users.length, plannedRequests: plannedPollCount(c, users) * perPoll };
}

/** The share of the test an execution segment's length says (1 without or unreadable). */
function segmentLength(executionSegment: string | null): number {
  const segment = executionSegment === null ? undefined : parseSegment(executionSegment);
  return segment === undefined ? 1 : segment.to - segment.from;
}

/**
 * The users an instance paces (by number), its VUs' shards; undefined for every user: without
 * a segment, or when k6's striping of the segment cannot be followed (then the share is the
 * segment's length).
 */
function instanceUsers(
  c: ScheduleConfig,
  vus: number,
  instance: { executionSegment: string | null; executionSegmentSequence: string | null },
): number[] | undefined {
  if (instance.executionSegment === null) return undefined;
  const numbers = segmentVuNumbers(
    instance.executionSegment,
    instance.executionSegmentSequence,
    vus,
  );
  return numbers?.flatMap((vu) => shardUsers(c.users, vu, vus));
}

/**
 * Polling requests due in each slice of `layout`, of the users an instance paces (see
 * {@link instanceShare}): the planned line of the report's requests over time.
 */
export function plannedRequestsPerSlice(
  c: ScheduleConfig,
  layout: SliceLayout,
  vus: number,
  instance: { executionSegment: string | null; executionSegmentSequence: string | null },
): number[] {
  const users = instanceUsers(c, vus, instance);
  const scale = users === undefined ? segmentLength(instance.executionSegment) : 1;
  const dueBefore = Array.from({ length: layout.count + 1 }, (_, i) => {
    const untilMs = Math.min(i * layout.sliceMs, c.durationMs);
    return users === undefined
      ? pollsDueBefore(c, untilMs)
      : listedUsersPollsDueBefore(c, users, untilMs);
  });
  const counts = dueBefore.slice(1).map((due, i) => due - (dueBefore[i] as number));
  const perPoll = requestsPerPoll(c);
  return counts.map((polls) => polls * perPoll * scale);
}
