// The load model: which simulated user polls which rooms when, and how users are sharded over
// VUs. Pure, so the schedule is tested without k6; times are ms from the scenario's start.

import type { PollConfig } from './config';

type ScheduleConfig = Pick<
  PollConfig,
  'users' | 'rooms' | 'roomMode' | 'pollIntervalMs' | 'durationMs' | 'startPhase'
>;

/**
 * Requests per second one VU is planned to carry. Measured (k6 1.3.0, 2-core machine, stand-in
 * on loopback): one VU sustained 1,000 req/s with a schedule lag p95 of 5 ms and 2,000 req/s at
 * 222 ms, its limit. A VU sends every user already due in one http.batch, so a slower server
 * makes batches bigger rather than the VU later; a tenth of that capacity leaves room for it.
 * Fewer VUs cost less: each VU is a JavaScript runtime (memory, and k6's per-VU work).
 * `VUS` overrides the derived count.
 */
export const PLANNED_REQUESTS_PER_SECOND_PER_VU = 200;

/**
 * Most requests one VU sends in one http.batch. A VU that fell behind catches up in batches of
 * at most this many, back to back, over the connections it keeps open: without a cap one
 * catch-up batch held a whole round of its users (800 requests at 4,000 users on 10 VUs), k6
 * opened a connection for each, and the run collapsed (measured: 28 % of plan, 590 MB RSS).
 * 100 requests keep a VU at 200 req/s on plan against a server answering in up to 500 ms.
 */
export const MAX_REQUESTS_PER_BATCH = 100;

/** Users whose polls fit in one batch (each user asks 2 endpoints of each of its ROOMS). */
export function usersPerBatch(c: Pick<PollConfig, 'rooms'>): number {
  return Math.max(1, Math.floor(MAX_REQUESTS_PER_BATCH / (c.rooms * 2)));
}

/** Requests per second the plan sends: exactly USERS x ROOMS x 2 / POLL_INTERVAL. */
export function plannedRequestsPerSecond(
  c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs'>,
): number {
  return (c.users * c.rooms * 2 * 1000) / c.pollIntervalMs;
}

/** How many users poll each room: all of them when shared, one in `per-user` mode. */
export function usersPerRoom(c: Pick<PollConfig, 'users' | 'roomMode'>): number {
  return c.roomMode === 'shared' ? c.users : 1;
}

/**
 * Requests per minute each endpoint path (one room's poll or chatting-agents URL) gets from
 * this run. The server's buckets are per client IP and path, so this is what meets its limit.
 */
export function pathRequestsPerMinute(
  c: Pick<PollConfig, 'users' | 'roomMode' | 'pollIntervalMs'>,
): number {
  return (usersPerRoom(c) * 60_000) / c.pollIntervalMs;
}

/** The VU count derived from the planned request rate, at most one VU per user. */
export function defaultVuCount(c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs'>): number {
  const needed = Math.ceil(plannedRequestsPerSecond(c) / PLANNED_REQUESTS_PER_SECOND_PER_VU);
  return Math.min(c.users, Math.max(1, needed));
}

/** The VUs the run uses: `VUS` when given, else {@link defaultVuCount}. */
export function vuCount(c: Pick<PollConfig, 'users' | 'rooms' | 'pollIntervalMs' | 'vus'>): number {
  return c.vus ?? defaultVuCount(c);
}

/** When a user's first poll is due: spread evenly over one interval, or all at 0 (`burst`). */
export function userPhaseMs(
  c: Pick<PollConfig, 'users' | 'pollIntervalMs' | 'startPhase'>,
  user: number,
): number {
  return c.startPhase === 'burst' ? 0 : Math.floor((user * c.pollIntervalMs) / c.users);
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
export function shardUsers(users: number, vuIndex: number, vus: number): number[] {
  const shard: number[] = [];
  for (let user = vuIndex; user < users; user += vus) shard.push(user);
  return shard;
}

/** One user's poll of all its rooms, due at `dueMs` (the `round`-th since the start). */
export interface DuePoll {
  user: number;
  round: number;
  dueMs: number;
}

/**
 * The n-th poll of a VU's shard in due order. Phases all lie within one interval and grow
 * with the user number, so round-robin over the shard is already sorted by due time.
 */
export function nthShardPoll(c: ScheduleConfig, shard: readonly number[], n: number): DuePoll {
  const user = shard[n % shard.length];
  if (user === undefined) throw new Error('nthShardPoll: the shard has no users');
  const round = Math.floor(n / shard.length);
  return { user, round, dueMs: userPhaseMs(c, user) + round * c.pollIntervalMs };
}

/** What a VU does next: poll the users now due, wait until the next is due, or idle out. */
export type PacerStep =
  | { kind: 'poll'; polls: DuePoll[] }
  | { kind: 'wait'; untilMs: number }
  | { kind: 'done' };

/**
 * The next step for a VU that has done `done` polls of its shard, at `nowMs`. Late polls are
 * never skipped (the request count must match the plan); only polls due before the end count.
 * One step polls at most one round of the shard, so a late VU catches up batch by batch.
 */
export function nextPacerStep(
  c: ScheduleConfig,
  shard: readonly number[],
  done: number,
  nowMs: number,
): PacerStep {
  if (shard.length === 0) return { kind: 'done' };
  const first = nthShardPoll(c, shard, done);
  if (first.dueMs >= c.durationMs) return { kind: 'done' };
  if (first.dueMs > nowMs) return { kind: 'wait', untilMs: first.dueMs };
  const polls = [first];
  for (let n = done + 1; polls.length < shard.length; n++) {
    const next = nthShardPoll(c, shard, n);
    if (next.dueMs > nowMs || next.dueMs >= c.durationMs) break;
    polls.push(next);
  }
  return { kind: 'poll', polls };
}

/** Polls (user x round) due before the end across all users: what a full run performs. */
export function plannedPollCount(c: ScheduleConfig): number {
  let total = 0;
  for (let user = 0; user < c.users; user++) {
    const phase = userPhaseMs(c, user);
    if (phase < c.durationMs) total += Math.ceil((c.durationMs - phase) / c.pollIntervalMs);
  }
  return total;
}

/** Requests a full run sends: each poll asks both endpoints of each of the user's rooms. */
export function plannedRequestCount(c: ScheduleConfig): number {
  return plannedPollCount(c) * c.rooms * 2;
}
