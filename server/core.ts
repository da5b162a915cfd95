// The stand-in ClaudeWorld backend as a function of request and clock: no sockets, no
// timers. The Node adapter, the tests and the k6 sandbox all drive this same core.
//
// Order per request, as in the real app: CORS preflight, then the auth middleware (401 before
// routing; public paths and OPTIONS pass), then routing (404/405, or Starlette's 307 for a
// path that only lacks or has an extra trailing slash), then the handler (validation 422, rate
// limit 429, room checks 404/403). Injected latency is returned as `delayMs` for the transport
// to apply. A stream answer carries a `CoreStream` the transport opens with a sink; `tick()`
// (called by every request too) writes the keepalives, pings and agent output due by now.

import { Activity } from './activity';
import { Sessions } from './auth';
import { CapacityQueue } from './capacity';
import { Faults } from './faults';
import type { StandInState } from './handler-kit';
import { handleRoute } from './handlers';
import type { ServerOptions } from './options';
import { FixedWindowLimiter } from './rate-limiter';
import { detail, text, UNAUTHORIZED } from './responses';
import { allowedMethods, isPublic, matchRoute, type RouteMatch, slashRedirect } from './routes';
import { EventCounts, RequestStats, type StandInStats } from './stats';
import { Store } from './store';
import { StreamHub } from './streams';
import { TicketBook } from './tickets';
import type { Clock, CoreRequest, CoreResponse } from './types';

export type { StandInStats } from './stats';
export type { CoreStream, StreamSink } from './streams';

export interface StandIn {
  handle(req: CoreRequest): CoreResponse;
  /** What GET /_stats returns: request and status counts since start, streams, tickets... */
  stats(): StandInStats;
  /** Writes every stream frame due by the clock's now (the transport calls it on a timer). */
  tick(): void;
  /** Ends every open stream, as the server does when it stops. */
  endStreams(): void;
}

/** The CORS preflight answer of Starlette's CORSMiddleware with every origin allowed. */
function preflight(req: CoreRequest): CoreResponse {
  const response = text(200, 'OK');
  response.headers['access-control-allow-origin'] = req.headers.origin ?? '*';
  response.headers['access-control-allow-methods'] = 'DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT';
  response.headers['access-control-allow-credentials'] = 'true';
  response.headers['access-control-max-age'] = '600';
  const requested = req.headers['access-control-request-headers'];
  if (requested !== undefined) response.headers['access-control-allow-headers'] = requested;
  response.headers.vary = 'Origin';
  return response;
}

/** Starlette's redirect_slashes answer: 307, an absolute `location`, no body. */
function redirect(req: CoreRequest, path: string): CoreResponse {
  const host = req.headers.host ?? 'localhost';
  const query = req.query === '' ? '' : `?${req.query}`;
  return {
    status: 307,
    headers: { location: `http://${host}${encodeURI(path)}${query}` },
    body: '',
    delayMs: 0,
  };
}

function routeTemplate(match: RouteMatch): string | undefined {
  if (match.kind === 'found') return match.route.template;
  return match.kind === 'method-not-allowed' ? match.template : undefined;
}

/**
 * FAULT_STREAM_LIMIT's refusal, before the app sees the request (its ticket is kept): as a
 * proxy's connection limit answers (503), or as a server out of descriptors does (nothing).
 */
function refuseStream(options: ServerOptions): CoreResponse {
  if (options.faults.streamRefusal === '503') return text(503, 'Service Unavailable');
  return { status: 0, headers: {}, body: '', delayMs: 0, dropConnection: true };
}

export function createStandIn(options: ServerOptions, clock: Clock): StandIn {
  const store = new Store(clock.now());
  const activity = new Activity(options.activity, store);
  const streams = new StreamHub(clock, store, activity, options.faults);
  const stats = new RequestStats(clock.now());
  const counts = new EventCounts();
  const snapshot = (): StandInStats => ({
    ...stats.snapshot(),
    streams: streams.counts(),
    tickets: { ...counts.tickets },
    worlds: { ...counts.worlds, existing: store.worlds.size },
    model_calls: { ...counts.modelCalls },
  });
  const state: StandInState = {
    options,
    store,
    sessions: new Sessions(options.adminPassword, options.guestPassword),
    limiter: new FixedWindowLimiter(options.rateLimit.windowMs),
    activity,
    faults: new Faults(options.faults),
    stats,
    counts,
    tickets: new TicketBook(clock.now()),
    streams,
    statsSnapshot: snapshot,
  };
  const capacity = new CapacityQueue(options.faults.capacityRps, options.faults.maxQueueWaitMs);

  function respond(req: CoreRequest, match: RouteMatch, now: number): CoreResponse {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return preflight(req);
    }
    const open = req.method === 'OPTIONS' || isPublic(req.method, req.path);
    const identity = open ? undefined : state.sessions.verify(req.headers['x-api-key'], now);
    if (!open && identity === undefined) return detail(401, UNAUTHORIZED);
    if (match.kind === 'not-found') {
      const twin = slashRedirect(req.path);
      return twin === undefined ? detail(404, 'Not Found') : redirect(req, twin);
    }
    if (match.kind === 'method-not-allowed') {
      const response = detail(405, 'Method Not Allowed');
      const methods = allowedMethods(match.template);
      if (methods.includes('GET')) methods.push('HEAD');
      response.headers.allow = methods.join(', ');
      return response;
    }
    return handleRoute(state, { route: match.route, req, identity, pathId: match.pathId, now });
  }

  function admit(req: CoreRequest, match: RouteMatch, now: number): CoreResponse {
    if (match.kind === 'found' && match.route.name === 'stream' && !streams.hasCapacity()) {
      streams.countRefusal();
      return refuseStream(options);
    }
    // A shed request never reaches the app: no auth, no quota, no state change.
    const queued = capacity.admit(now);
    if (!queued.admitted) return text(503, 'Service Unavailable');
    const response = respond(req, match, now);
    response.delayMs += queued.delayMs;
    return response;
  }

  return {
    handle(req) {
      streams.tick();
      const now = clock.now();
      const match = matchRoute(req.method, req.path);
      if (match.kind === 'found' && match.route.name === 'stats') return respond(req, match, now);
      const response = admit(req, match, now);
      state.stats.record(req.method, routeTemplate(match), req.path, response.status);
      const faultEndpoint = match.kind === 'found' ? match.route.faultEndpoint : undefined;
      response.delayMs += state.faults.delayMs(faultEndpoint);
      return response;
    },
    stats: snapshot,
    tick: () => streams.tick(),
    endStreams: () => streams.endAll(),
  };
}
