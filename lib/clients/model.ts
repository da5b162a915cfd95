// What the chat and game models send, as figures: the rates their timers give with the
// stream up (the plan's rate, the scaling estimates, the rate-limit model), when users log in,
// and the request timeout. Derived from the table of endpoints; pure.

import { ENDPOINTS, type Endpoint, modelEndpoints, type Timer } from '../endpoints';
import { formatInt } from '../format';
import type { PollConfig } from '../poll/config';
import { usersPerPath } from '../poll/load-model';
import type { EndpointRate, RateFormula } from '../scaling/estimates';
import type { StreamingModel, UserSpec, ViewSpec } from './session';

/**
 * Most requests a chat or game VU sends in one http.batch: of what fell due at once, the rest
 * waits for the next turn of the VU's loop.
 */
export const CLIENT_REQUESTS_PER_BATCH = 100;

/** Rooms or worlds a user has open: ROOMS chat rooms, or the game view's one world. */
export function viewsPerUser(c: Pick<PollConfig, 'rooms'>): number {
  return c.rooms;
}

function repeats(timer: Timer | undefined): timer is Extract<Timer, { upMs: number }> {
  return timer !== undefined && 'upMs' in timer;
}

/** The period of a kind's timer with the stream up, when it sends then; undefined otherwise. */
function upPeriodMs(model: StreamingModel, endpoint: Endpoint): number | undefined {
  const timer = ENDPOINTS[endpoint].cadence[model]?.timer;
  if (!repeats(timer) || timer.sendsWhile !== 'always') return undefined;
  return timer.upMs;
}

/** How many of a kind one user sends each time: one per open view, or one (the user's own). */
function perUserCopies(model: StreamingModel, endpoint: Endpoint, c: Pick<PollConfig, 'rooms'>) {
  return ENDPOINTS[endpoint].cadence[model]?.per === 'user' ? 1 : viewsPerUser(c);
}

/**
 * What one user sends of each kind with its streams up, its answers instant: the steady state
 * the plan's rate means (an answer's time only stretches a chain). Openings and tickets are
 * one-offs and not in it.
 */
export function clientRates(
  model: StreamingModel,
  c: Pick<PollConfig, 'rooms' | 'roomMode'>,
): EndpointRate[] {
  return modelEndpoints(model).map((endpoint) => {
    const period = upPeriodMs(model, endpoint);
    const perUserPerSecond =
      period === undefined ? 0 : (perUserCopies(model, endpoint, c) * 1000) / period;
    return {
      endpoint,
      perUserPerSecond,
      pathPerMinute: (users: number) =>
        period === undefined
          ? 0
          : (usersPerPath({ users, roomMode: c.roomMode }, endpoint) * 60_000) / period,
    };
  });
}

/** The rates in the report's words: `/rooms every 5 s, /worlds/{id}/poll every 15 s`. */
export function clientRateFormula(
  model: StreamingModel,
  c: Pick<PollConfig, 'rooms'>,
): RateFormula {
  const parts = modelEndpoints(model).flatMap((endpoint) => {
    const period = upPeriodMs(model, endpoint);
    if (period === undefined) return [];
    const copies = perUserCopies(model, endpoint, c);
    return [
      `${copies === 1 ? '' : `${formatInt(copies)} x `}${ENDPOINTS[endpoint].path} every ${period / 1000} s`,
    ];
  });
  return {
    perUser: `${parts.join(', ')}, with the stream up`,
    requestsPerSecond: `users x what one user's timers send with the stream up (docs/clients.md)`,
  };
}

/**
 * Users log in over this window when START_PHASE is spread (and RAMP_UP is 0): the longest
 * period the model repeats with its stream up, so that each timer's first ticks are spread
 * evenly (15 s for the game view's poll, 30 s for the chat view's).
 */
export function loginWindowMs(model: StreamingModel): number {
  let longest = 0;
  for (const endpoint of modelEndpoints(model)) {
    longest = Math.max(longest, upPeriodMs(model, endpoint) ?? 0);
  }
  return longest;
}

/** When a user logs in: over RAMP_UP, over the login window (spread), or at once (burst). */
export function clientJoinMs(
  model: StreamingModel,
  c: Pick<PollConfig, 'users' | 'startPhase' | 'rampUpMs'>,
  user: number,
): number {
  if (c.rampUpMs > 0) return Math.floor((user * c.rampUpMs) / c.users);
  if (c.startPhase === 'burst') return 0;
  return Math.floor((user * loginWindowMs(model)) / c.users);
}

/**
 * The shortest period a model's timers have, in either state: a generator later than a tenth
 * of it fell behind (the seed's rule is a tenth of POLL_INTERVAL).
 */
export function shortestPeriodMs(model: StreamingModel): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (const endpoint of modelEndpoints(model)) {
    const timer = ENDPOINTS[endpoint].cadence[model]?.timer;
    if (repeats(timer)) shortest = Math.min(shortest, timer.upMs, timer.downMs);
  }
  return shortest;
}

/**
 * The request timeout: an answer slower than this counts as a timeout (k6 code 1050). The
 * browser waits longer, but one slow answer must not hold a VU's other users: 5 s, the room
 * list's period, the one every view repeats.
 */
export const CLIENT_REQUEST_TIMEOUT_MS = 5000;

/** The stream's room of each view, from setup: the room itself (chat), the world's (game). */
export interface ClientTargets {
  /** By room index (chat) or world index (game): the id in the view's paths. */
  readonly viewIds: readonly number[];
  readonly streamRoomIds: readonly number[];
}

/** The users one VU runs, with their login times and views, from setup's rooms or worlds. */
export function clientUsers(
  model: StreamingModel,
  c: Pick<PollConfig, 'users' | 'rooms' | 'roomMode' | 'startPhase' | 'rampUpMs'>,
  shard: readonly number[],
  targets: ClientTargets,
): UserSpec[] {
  return shard.map((user) => {
    const first = c.roomMode === 'shared' ? 0 : user * viewsPerUser(c);
    const views: ViewSpec[] = [];
    for (let index = first; index < first + viewsPerUser(c); index++) {
      const id = targets.viewIds[index];
      const streamRoomId = targets.streamRoomIds[index];
      if (id === undefined || streamRoomId === undefined) {
        throw new Error(`clientUsers: setup has no room or world for index ${index}`);
      }
      views.push({ index, id, streamRoomId });
    }
    return { user, joinMs: clientJoinMs(model, c, user), views };
  });
}
