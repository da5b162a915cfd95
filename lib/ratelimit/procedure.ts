// The check itself, from one client address: a first burst (its window may hold an earlier
// run's requests), a wait until every window it touched has ended, a burst in a clean window
// (the measurement), one request to another room's path (isolation), then recovery probes and,
// if asked, a sustained load, all endpoints side by side. Pure: k6 is injected as a runtime.

import type { HttpSeam, SeamRequest } from '../http-seam';
import type { EndpointExpectation, RateLimitConfig } from './config';
import {
  ENDPOINT_LABELS,
  endpointMethod,
  endpointNameTag,
  expectedRejection,
  hasRoomPaths,
  type RateLimitedEndpoint,
  rateLimitedPath,
} from './endpoints';
import type { EndpointObservation } from './observation';
import { probeOffsetsMs, requestCap, settleMs, sustainedOffsetsMs } from './schedule';
import { countResponse, emptyTally, isAccepted, type Tally } from './tally';

export interface CheckRuntime {
  http: HttpSeam;
  /** Epoch ms. */
  now(): number;
  sleep(ms: number): void;
  log(message: string): void;
}

export interface CheckTarget {
  baseUrl: string;
  apiKey: string;
  /** For the login endpoint's requests. */
  password: string;
  /** Rooms made for this run: the measured one, the isolation one, the sustained one. */
  rooms: { measured: number; other: number; sustained: number | undefined };
}

export type CheckPhase = 'first-window' | 'clean-window' | 'isolation' | 'recovery' | 'sustained';

/** The text each message carries when `send` is checked. */
export const CHECK_MESSAGE = 'rate-limit check';

export function checkRequest(
  target: CheckTarget,
  endpoint: RateLimitedEndpoint,
  roomId: number,
  phase: CheckPhase,
): SeamRequest {
  const tags = { name: endpointNameTag(endpoint), phase: 'ratelimit', ratelimit_phase: phase };
  const url = `${target.baseUrl}${rateLimitedPath(endpoint, roomId)}`;
  const json = { 'Content-Type': 'application/json' };
  switch (endpoint) {
    case 'login':
      return {
        method: 'POST',
        url,
        body: JSON.stringify({ password: target.password }),
        headers: json,
        tags,
      };
    case 'send':
      return {
        method: endpointMethod(endpoint),
        url,
        body: JSON.stringify({ content: CHECK_MESSAGE, role: 'user' }),
        headers: { ...json, 'X-API-Key': target.apiKey },
        tags,
      };
    default:
      return {
        method: endpointMethod(endpoint),
        url,
        body: null,
        headers: { 'X-API-Key': target.apiKey },
        tags,
      };
  }
}

interface Burst {
  expectation: EndpointExpectation;
  count: number;
}

/** Sends every burst in one parallel batch and counts each endpoint's answers into `tallies`. */
function sendBursts(
  runtime: CheckRuntime,
  target: CheckTarget,
  windowMs: number,
  bursts: readonly Burst[],
  phase: CheckPhase,
  tallies: Map<RateLimitedEndpoint, Tally>,
): void {
  const owners: EndpointExpectation[] = [];
  const requests: SeamRequest[] = [];
  for (const { expectation, count } of bursts) {
    for (let i = 0; i < count; i++) {
      owners.push(expectation);
      requests.push(checkRequest(target, expectation.endpoint, target.rooms.measured, phase));
    }
  }
  runtime.http.send(requests).forEach((response, i) => {
    const expectation = owners[i] as EndpointExpectation;
    const tally = tallies.get(expectation.endpoint) ?? emptyTally();
    tallies.set(expectation.endpoint, tally);
    countResponse(tally, response, expectedRejection(expectation.limit, windowMs));
  });
}

function sleepUntil(runtime: CheckRuntime, epochMs: number): void {
  const wait = epochMs - runtime.now();
  if (wait > 0) runtime.sleep(wait);
}

function describeTally(endpoint: RateLimitedEndpoint, tally: Tally | undefined): string {
  const t = tally ?? emptyTally();
  return `${ENDPOINT_LABELS[endpoint]} ${t.accepted} accepted, ${t.rejected} refused${t.other > 0 ? `, ${t.other} other` : ''} of ${t.sent}`;
}

interface TimedRequest {
  dueMs: number;
  endpoint: RateLimitedEndpoint;
  kind: 'recovery' | 'sustained';
}

/** Runs the whole check and returns one observation per configured endpoint, in order. */
export function runRateLimitCheck(
  config: Pick<RateLimitConfig, 'endpoints' | 'windowMs' | 'sustained'>,
  target: CheckTarget,
  runtime: CheckRuntime,
): EndpointObservation[] {
  const { endpoints, windowMs } = config;
  const fullBursts = endpoints.map((e) => ({ expectation: e, count: e.limit + e.margin }));

  const first = new Map<RateLimitedEndpoint, Tally>();
  sendBursts(runtime, target, windowMs, fullBursts, 'first-window', first);
  runtime.log(
    `First window: ${endpoints.map((e) => describeTally(e.endpoint, first.get(e.endpoint))).join('; ')}`,
  );
  sleepUntil(runtime, runtime.now() + windowMs + settleMs(windowMs));

  // The measurement: a burst of limit + margin, extended while no 429 has come, up to the cap.
  const start = runtime.now();
  const clean = new Map<RateLimitedEndpoint, Tally>();
  const spanMs = new Map<RateLimitedEndpoint, number>();
  let bursts: Burst[] = fullBursts;
  while (bursts.length > 0) {
    sendBursts(runtime, target, windowMs, bursts, 'clean-window', clean);
    const elapsed = runtime.now() - start;
    for (const { expectation } of bursts) spanMs.set(expectation.endpoint, elapsed);
    bursts = endpoints.flatMap((e) => {
      const tally = clean.get(e.endpoint) ?? emptyTally();
      const room = requestCap(e.limit, e.margin) - tally.sent;
      return tally.rejected === 0 && room > 0
        ? [{ expectation: e, count: Math.min(e.limit, room) }]
        : [];
    });
  }
  runtime.log(
    `Clean window: ${endpoints.map((e) => describeTally(e.endpoint, clean.get(e.endpoint))).join('; ')}`,
  );
  for (const e of endpoints) {
    const wrong = clean.get(e.endpoint)?.wrongBody;
    if (wrong !== undefined) {
      runtime.log(
        `${ENDPOINT_LABELS[e.endpoint]}: unexpected 429 body ${wrong === null ? '(none)' : wrong.slice(0, 200)}`,
      );
    }
  }

  const isolated = endpoints.filter((e) => hasRoomPaths(e.endpoint));
  const isolation = new Map<RateLimitedEndpoint, number>();
  runtime.http
    .send(isolated.map((e) => checkRequest(target, e.endpoint, target.rooms.other, 'isolation')))
    .forEach((response, i) => {
      isolation.set((isolated[i] as EndpointExpectation).endpoint, response.status);
    });

  const timed: TimedRequest[] = [];
  for (const e of endpoints) {
    for (const dueMs of probeOffsetsMs(windowMs))
      timed.push({ dueMs, endpoint: e.endpoint, kind: 'recovery' });
    if (config.sustained && target.rooms.sustained !== undefined && hasRoomPaths(e.endpoint)) {
      for (const dueMs of sustainedOffsetsMs(e.limit, windowMs)) {
        timed.push({ dueMs, endpoint: e.endpoint, kind: 'sustained' });
      }
    }
  }
  timed.sort((a, b) => a.dueMs - b.dueMs);
  const recovery = runTimedRequests(runtime, target, start, timed);
  runtime.log(
    `Recovery: ${endpoints
      .map((e) => {
        const ms = recovery.recoveredAtMs.get(e.endpoint);
        return `${ENDPOINT_LABELS[e.endpoint]} ${ms === undefined ? 'none' : `after ${ms} ms`}`;
      })
      .join('; ')}`,
  );

  return endpoints.map(
    (e): EndpointObservation => ({
      endpoint: e.endpoint,
      firstWindow: first.get(e.endpoint) ?? emptyTally(),
      cleanWindow: clean.get(e.endpoint) ?? emptyTally(),
      cleanSpanMs: spanMs.get(e.endpoint) ?? 0,
      isolationStatus: isolation.get(e.endpoint),
      recoveryMs: recovery.recoveredAtMs.get(e.endpoint),
      probedUntilMs: recovery.probedUntilMs.get(e.endpoint) ?? 0,
      sustained: recovery.sustained.get(e.endpoint),
    }),
  );
}

interface TimedOutcome {
  recoveredAtMs: Map<RateLimitedEndpoint, number>;
  probedUntilMs: Map<RateLimitedEndpoint, number>;
  sustained: Map<RateLimitedEndpoint, { sent: number; accepted: number }>;
}

/**
 * Sends each request at its offset from `start` (those due together in one batch). Probes of
 * an endpoint stop at its first accepted one.
 */
function runTimedRequests(
  runtime: CheckRuntime,
  target: CheckTarget,
  start: number,
  timed: readonly TimedRequest[],
): TimedOutcome {
  const outcome: TimedOutcome = {
    recoveredAtMs: new Map(),
    probedUntilMs: new Map(),
    sustained: new Map(),
  };
  const needed = (r: TimedRequest) =>
    r.kind === 'sustained' || !outcome.recoveredAtMs.has(r.endpoint);
  let next = 0;
  while (next < timed.length) {
    const head = timed[next] as TimedRequest;
    if (!needed(head)) {
      next += 1;
      continue;
    }
    sleepUntil(runtime, start + head.dueMs);
    const sentAtMs = runtime.now() - start;
    const due: TimedRequest[] = [];
    for (; next < timed.length && (timed[next] as TimedRequest).dueMs <= sentAtMs; next++) {
      const request = timed[next] as TimedRequest;
      if (needed(request)) due.push(request);
    }
    const requests = due.map((r) =>
      r.kind === 'recovery'
        ? checkRequest(target, r.endpoint, target.rooms.measured, 'recovery')
        : checkRequest(target, r.endpoint, target.rooms.sustained as number, 'sustained'),
    );
    runtime.http.send(requests).forEach((response, i) => {
      const request = due[i] as TimedRequest;
      if (request.kind === 'sustained') {
        const tally = outcome.sustained.get(request.endpoint) ?? { sent: 0, accepted: 0 };
        tally.sent += 1;
        if (isAccepted(response.status)) tally.accepted += 1;
        outcome.sustained.set(request.endpoint, tally);
        return;
      }
      outcome.probedUntilMs.set(request.endpoint, sentAtMs);
      if (isAccepted(response.status)) outcome.recoveredAtMs.set(request.endpoint, sentAtMs);
    });
  }
  return outcome;
}
