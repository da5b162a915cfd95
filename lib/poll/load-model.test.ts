import { describe, expect, it } from 'vitest';
import { sliceLayout } from '../timeline';
import { parsePollConfig } from './config';
import {
  activeUsersAt,
  DISTRIBUTED_MIN_VUS,
  type DuePoll,
  defaultVuCount,
  instanceShare,
  maxRequestsPerBatch,
  nextPacerStep,
  nthShardPoll,
  PLANNED_REQUESTS_PER_SECOND_PER_VU,
  pathRequestsPerMinute,
  plannedPollCount,
  plannedRequestCount,
  plannedRequestsPerSecond,
  plannedRequestsPerSlice,
  requestsPerPoll,
  shardUsers,
  userJoinMs,
  userPhaseMs,
  userRoomIndexes,
  usersPerBatch,
} from './load-model';

const base = parsePollConfig({ PASSWORD: 'pw' });
const config = (env: Record<string, string>) => parsePollConfig({ PASSWORD: 'pw', ...env });

describe('planned rates', () => {
  it('is USERS x ROOMS x 2 / POLL_INTERVAL requests per second', () => {
    expect(plannedRequestsPerSecond(base)).toBe(10);
    expect(
      plannedRequestsPerSecond(config({ USERS: '3', ROOMS: '1', POLL_INTERVAL: '1500ms' })),
    ).toBe(4);
  });

  it('gives each path 15 requests a minute per user sharing the room at 4 s', () => {
    expect(pathRequestsPerMinute(base, 'poll')).toBe(150);
    expect(pathRequestsPerMinute(base, 'agents')).toBe(150);
    expect(pathRequestsPerMinute(config({ ROOM_MODE: 'per-user' }), 'poll')).toBe(15);
    // A path of its own (the room list) gets every user's requests, in either room mode.
    expect(pathRequestsPerMinute(config({ ROOM_MODE: 'per-user' }), 'rooms')).toBe(150);
  });

  it('derives VUs from the planned rate, one seed VU per 2,000 requests/s, at most one per user', () => {
    expect(defaultVuCount(base)).toBe(1);
    expect(defaultVuCount(config({ USERS: '10000' }))).toBe(5);
    expect(defaultVuCount(config({ USERS: '4000', ROOMS: '1' }))).toBe(1);
    expect(defaultVuCount(config({ USERS: '8000', ROOMS: '1' }))).toBe(2);
    expect(defaultVuCount(config({ USERS: '8001', ROOMS: '1' }))).toBe(3);
    expect(defaultVuCount(config({ USERS: '20000', ROOMS: '1' }))).toBe(5);
    expect(defaultVuCount(config({ USERS: '3', ROOMS: '1000', POLL_INTERVAL: '1s' }))).toBe(3);
  });

  it('gives the chat and game models, whose VUs also hold streams, one VU per 1,000 requests/s', () => {
    for (const CLIENT of ['chat', 'game']) {
      const c = config({ CLIENT, USERS: '10000' });
      expect(defaultVuCount(c, 2500)).toBe(3);
      expect(defaultVuCount(c, 2500)).toBe(
        Math.ceil(2500 / PLANNED_REQUESTS_PER_SECOND_PER_VU.game),
      );
    }
  });

  it('gives a run with RUN_ID enough VUs for the segments of up to 16 instances', () => {
    expect(defaultVuCount(config({ USERS: '40', RUN_ID: 'r' }))).toBe(DISTRIBUTED_MIN_VUS);
    expect(defaultVuCount(config({ USERS: '6', RUN_ID: 'r' }))).toBe(6);
    expect(defaultVuCount(config({ USERS: '10000', RUN_ID: 'r' }))).toBe(DISTRIBUTED_MIN_VUS);
    expect(defaultVuCount(config({ USERS: '80000', RUN_ID: 'r' }))).toBe(40);
  });
});

describe('batches', () => {
  it('fits half a second of the VU plan, at least 100 requests and one user, in a batch', () => {
    expect(maxRequestsPerBatch(config({ USERS: '8000', ROOMS: '1' }), 4)).toBe(500);
    expect(maxRequestsPerBatch(config({ USERS: '8000', ROOMS: '1' }), 2)).toBe(1000);
    expect(maxRequestsPerBatch(config({ USERS: '8000', ROOMS: '1' }), 40)).toBe(100);
    expect(usersPerBatch(config({ ROOMS: '1' }), 1)).toBe(50);
    expect(usersPerBatch(config({ USERS: '8000', ROOMS: '1' }), 4)).toBe(250);
    expect(usersPerBatch(config({ ROOMS: '3' }), 1)).toBe(16);
    expect(usersPerBatch(config({ ROOMS: '80' }), 1)).toBe(1);
  });
});

describe('schedule', () => {
  it('spreads first polls over the interval, or bursts them at 0', () => {
    expect([0, 1, 5, 9].map((u) => userPhaseMs(base, u))).toEqual([0, 400, 2000, 3600]);
    expect(userPhaseMs(config({ START_PHASE: 'burst' }), 7)).toBe(0);
  });

  it('gives shared rooms to everyone and own rooms in per-user mode', () => {
    expect(userRoomIndexes(base, 3)).toEqual([0, 1]);
    expect(userRoomIndexes(config({ ROOM_MODE: 'per-user' }), 3)).toEqual([6, 7]);
  });

  it('shards users over VUs without overlap or gaps', () => {
    const shards = [0, 1, 2].map((vu) => shardUsers(10, vu, 3));
    expect(shards).toEqual([
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ]);
    expect(shards.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('orders a shard round-robin by due time', () => {
    const shard = shardUsers(10, 1, 3);
    expect([0, 1, 2, 3, 4].map((n) => nthShardPoll(base, shard, n))).toEqual([
      { user: 1, round: 0, dueMs: 400 },
      { user: 4, round: 0, dueMs: 1600 },
      { user: 7, round: 0, dueMs: 2800 },
      { user: 1, round: 1, dueMs: 4400 },
      { user: 4, round: 1, dueMs: 5600 },
    ]);
  });
});

/** Every poll the pure pacer makes for `vus` VUs over a whole run, each 5 ms after its wait. */
function stepThrough(run: ReturnType<typeof config>, vus: number): (DuePoll & { atMs: number })[] {
  const made: (DuePoll & { atMs: number })[] = [];
  for (let vu = 0; vu < vus; vu++) {
    const vuShard = shardUsers(run.users, vu, vus, run);
    let done = 0;
    let now = 0;
    for (;;) {
      const step = nextPacerStep(run, vuShard, done, now);
      if (step.kind === 'done') break;
      if (step.kind === 'wait') now = step.untilMs;
      else {
        done += step.slots;
        for (const poll of step.polls) made.push({ ...poll, atMs: now });
        now += 5;
      }
    }
  }
  return made;
}

describe('nextPacerStep', () => {
  const shard = shardUsers(10, 0, 2); // users 0, 2, 4, 6, 8: due at 0, 800, 1600, 2400, 3200

  it('waits for the next due poll', () => {
    expect(nextPacerStep(base, shard, 1, 100)).toEqual({ kind: 'wait', untilMs: 800 });
  });

  it('polls what is due now, late ones included, at most one round', () => {
    expect(nextPacerStep(base, shard, 0, 0)).toEqual({
      kind: 'poll',
      polls: [{ user: 0, round: 0, dueMs: 0 }],
      slots: 1,
    });
    expect(nextPacerStep(base, shard, 1, 1700)).toEqual({
      kind: 'poll',
      polls: [
        { user: 2, round: 0, dueMs: 800 },
        { user: 4, round: 0, dueMs: 1600 },
      ],
      slots: 2,
    });
    const late = nextPacerStep(base, shard, 0, 60_000);
    expect(late.kind === 'poll' && late.polls.length).toBe(5);
  });

  it('polls at most maxPolls users, the earliest due first, so a late VU catches up in bounded batches', () => {
    expect(nextPacerStep(base, shard, 0, 60_000, 2)).toEqual({
      kind: 'poll',
      polls: [
        { user: 0, round: 0, dueMs: 0 },
        { user: 2, round: 0, dueMs: 800 },
      ],
      slots: 2,
    });
    expect(nextPacerStep(base, shard, 2, 60_000, 2)).toMatchObject({
      polls: [
        { user: 4, round: 0, dueMs: 1600 },
        { user: 6, round: 0, dueMs: 2400 },
      ],
    });
  });

  it('is done once the next poll would be due at or after the end', () => {
    const short = config({ DURATION: '4s' });
    expect(nextPacerStep(short, shard, 4, 3300)).toEqual({
      kind: 'poll',
      polls: [{ user: 8, round: 0, dueMs: 3200 }],
      slots: 1,
    });
    expect(nextPacerStep(short, shard, 5, 3300)).toEqual({ kind: 'done' });
    expect(nextPacerStep(short, [], 0, 0)).toEqual({ kind: 'done' });
  });

  it('performs exactly the planned polls when stepped through a whole run', () => {
    const run = config({ USERS: '7', ROOMS: '3', DURATION: '20s', POLL_INTERVAL: '3s' });
    expect(stepThrough(run, 3).length).toBe(plannedPollCount(run));
    expect(plannedPollCount(run)).toBe(47);
    expect(plannedRequestCount(run)).toBe(47 * 3 * 2);
  });

  it('plans USERS x DURATION/POLL_INTERVAL polls when the duration is whole intervals', () => {
    expect(plannedPollCount(config({ USERS: '4', DURATION: '20s' }))).toBe(20);
    expect(plannedRequestCount(config({ USERS: '4', DURATION: '20s' }))).toBe(80);
    expect(plannedRequestCount(config({ USERS: '4', DURATION: '20s', START_PHASE: 'burst' }))).toBe(
      80,
    );
  });
});

describe('RAMP_UP', () => {
  const ramp = config({ USERS: '6', ROOMS: '1', DURATION: '20s', RAMP_UP: '12s' });

  it('joins users evenly over the ramp', () => {
    expect([0, 1, 2, 3, 4, 5].map((u) => userJoinMs(ramp, u))).toEqual([
      0, 2000, 4000, 6000, 8000, 10_000,
    ]);
    expect([0, 1, 2, 3, 4, 5].map((u) => userPhaseMs(ramp, u))).toEqual([
      0, 2000, 0, 2000, 0, 2000,
    ]);
    expect([-1, 0, 1999, 2000, 9999, 10_000, 60_000].map((t) => activeUsersAt(ramp, t))).toEqual([
      0, 1, 1, 2, 5, 6, 6,
    ]);
    expect(activeUsersAt(base, 0)).toBe(10);
  });

  it('plans each user from its join: ceil((DURATION - join) / POLL_INTERVAL) polls', () => {
    // Joins at 0, 2, 4, 6, 8, 10 s of 20 s, every 4 s: 5 + 5 + 4 + 4 + 3 + 3.
    expect(plannedPollCount(ramp)).toBe(24);
    expect(plannedRequestCount(ramp)).toBe(48);
    // Without the ramp the same run plans 6 x 5.
    expect(plannedPollCount(config({ USERS: '6', ROOMS: '1', DURATION: '20s' }))).toBe(30);
  });

  it('keeps the schedule exact: every poll at join + k x interval, none before the join', () => {
    for (const vus of [1, 2, 4]) {
      const made = stepThrough(ramp, vus);
      expect(made.length).toBe(plannedPollCount(ramp));
      for (const poll of made) {
        const join = userJoinMs(ramp, poll.user);
        expect(poll.dueMs).toBeGreaterThanOrEqual(join);
        expect((poll.dueMs - join) % ramp.pollIntervalMs).toBe(0);
        expect(poll.atMs).toBe(poll.dueMs);
      }
    }
  });

  it('a ramp longer than the interval on a big run still makes the planned polls', () => {
    const big = config({ USERS: '97', DURATION: '37s', POLL_INTERVAL: '3s', RAMP_UP: '29s' });
    expect(stepThrough(big, 5).length).toBe(plannedPollCount(big));
  });

  it('is refused when not shorter than DURATION or with START_PHASE=burst', () => {
    expect(() => config({ RAMP_UP: '60s' })).toThrow(/^RAMP_UP: got "60s"; expected less than/);
    expect(() => config({ RAMP_UP: '10s', START_PHASE: 'burst' })).toThrow(/^RAMP_UP: .*burst/);
    expect(config({}).rampUpMs).toBe(0);
  });
});

describe("an instance's share of the plan", () => {
  it('is every user without a segment', () => {
    const c = config({ USERS: '4', DURATION: '20s' });
    expect(instanceShare(c, 2, { executionSegment: null, executionSegmentSequence: null })).toEqual(
      {
        users: 4,
        plannedRequests: plannedRequestCount(c),
      },
    );
  });

  it('is the users of the VUs k6 gives the segment, and the shares add up to the plan', () => {
    // 10 users on 3 VUs: shards {0,3,6,9}, {1,4,7}, {2,5,8}; 3 equal segments take a VU each.
    const c = config({ USERS: '10', DURATION: '20s', RAMP_UP: '10s', VUS: '3' });
    const sequence = '0,1/3,2/3,1';
    const shares = ['0:1/3', '1/3:2/3', '2/3:1'].map((segment) =>
      instanceShare(c, 3, { executionSegment: segment, executionSegmentSequence: sequence }),
    );
    expect(shares.map((s) => s.users)).toEqual([4, 3, 3]);
    expect(shares[0]?.plannedRequests).toBe(plannedPollCount(c, [0, 3, 6, 9]) * requestsPerPoll(c));
    expect(shares.reduce((n, s) => n + s.plannedRequests, 0)).toBe(plannedRequestCount(c));
  });

  it('is nothing for a segment k6 gives no VU', () => {
    const c = config({ USERS: '4', VUS: '1' });
    const sequence = '0,1/2,1';
    expect(
      instanceShare(c, 1, { executionSegment: '1/2:1', executionSegmentSequence: sequence }),
    ).toEqual({
      users: 0,
      plannedRequests: 0,
    });
  });
});

describe('the plan of every user, counted without a loop over users', () => {
  // Each user's polls due before `until`, one by one: what the counts must equal exactly.
  const oneByOne = (c: ReturnType<typeof config>, untilMs: number) => {
    let total = 0;
    for (let u = 0; u < c.users; u++) {
      const join = userJoinMs(c, u);
      if (join < untilMs) total += Math.ceil((untilMs - join) / c.pollIntervalMs);
    }
    return total;
  };
  const runs: Record<string, string>[] = [
    { USERS: '1', DURATION: '10s' },
    { USERS: '7', DURATION: '9s', POLL_INTERVAL: '3s' },
    { USERS: '8000', DURATION: '30s' },
    { USERS: '3', DURATION: '10s', POLL_INTERVAL: '4s' },
    { USERS: '9', DURATION: '17s', START_PHASE: 'burst', POLL_INTERVAL: '5s' },
    { USERS: '13', DURATION: '20s', RAMP_UP: '7s', POLL_INTERVAL: '3s' },
    { USERS: '1000', DURATION: '25s', RAMP_UP: '24999ms', POLL_INTERVAL: '1s' },
    { USERS: '4001', DURATION: '1m', RAMP_UP: '333ms', POLL_INTERVAL: '4s' },
    { USERS: '37', DURATION: '90s', POLL_INTERVAL: '7s' },
  ];

  it.each(runs)('equals the per-user count for the whole run and every slice: %o', (env) => {
    const c = config(env);
    expect(plannedPollCount(c)).toBe(oneByOne(c, c.durationMs));
    const layout = sliceLayout(c.durationMs);
    const whole = { executionSegment: null, executionSegmentSequence: null };
    const perSlice = plannedRequestsPerSlice(c, layout, 1, whole);
    perSlice.forEach((requests, i) => {
      const from = oneByOne(c, i * layout.sliceMs);
      const to = oneByOne(c, Math.min((i + 1) * layout.sliceMs, c.durationMs));
      expect(requests).toBe((to - from) * requestsPerPoll(c));
    });
  });
});

describe('the plan per time slice', () => {
  it('spreads every planned request over the slices, the ramp rising', () => {
    const c = config({ USERS: '10', DURATION: '20s', RAMP_UP: '10s', POLL_INTERVAL: '2s' });
    const whole = { executionSegment: null, executionSegmentSequence: null };
    const perSlice = plannedRequestsPerSlice(c, sliceLayout(c.durationMs), 2, whole);
    expect(perSlice).toHaveLength(10);
    expect(perSlice.reduce((x, y) => x + y, 0)).toBe(plannedRequestCount(c));
    // One user joins a second while ramping (2 s slices); then all ten poll every 2 s.
    expect(perSlice[0]).toBe(2 * requestsPerPoll(c));
    expect(perSlice.slice(6, 8)).toEqual([10 * requestsPerPoll(c), 10 * requestsPerPoll(c)]);
  });

  it("is an instance's own users in a segment, adding up to the whole plan", () => {
    const c = config({ USERS: '10', DURATION: '20s', VUS: '3' });
    const sequence = '0,1/3,2/3,1';
    const layout = sliceLayout(c.durationMs);
    const shares = ['0:1/3', '1/3:2/3', '2/3:1'].map((segment) =>
      plannedRequestsPerSlice(c, layout, 3, {
        executionSegment: segment,
        executionSegmentSequence: sequence,
      }),
    );
    const whole = plannedRequestsPerSlice(c, layout, 3, {
      executionSegment: null,
      executionSegmentSequence: null,
    });
    expect(whole.map((_, i) => shares.reduce((n, s) => n + (s[i] ?? 0), 0))).toEqual(whole);
    expect(shares[0]?.reduce((a, b) => a + b, 0)).toBe(
      plannedPollCount(c, [0, 3, 6, 9]) * requestsPerPoll(c),
    );
  });
});
