// The stand-in ClaudeWorld backend as a pure function of request and clock: no sockets, no
// timers. The Node adapter, the tests and the k6 sandbox all drive this same core.
//
// Order per request, as in the real app: CORS preflight, then the auth middleware (401 before
// routing; public paths and OPTIONS pass), then routing (404/405), then the handler
// (validation 422, rate limit 429, room checks 404/403). Injected latency is returned as
// `delayMs` for the transport to apply.

import { Activity } from './activity';
import { Sessions } from './auth';
import { CapacityQueue } from './capacity';
import { Faults } from './faults';
import { handleRoute, type StandInState } from './handlers';
import type { ServerOptions } from './options';
import { FixedWindowLimiter } from './rate-limiter';
import { detail, text, UNAUTHORIZED } from './responses';
import { allowedMethods, isPublicPath, matchRoute, type RouteMatch } from './routes';
import { RequestStats, type StandInStats } from './stats';
import { Store } from './store';
import type { Clock, CoreRequest, CoreResponse } from './types';

export type { StandInStats } from './stats';

export interface StandIn {
  handle(req: CoreRequest): CoreResponse;
  /** What GET /_stats returns: request and status counts since start. */
  stats(): StandInStats;
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

function routeTemplate(match: RouteMatch): string | undefined {
  if (match.kind === 'found') return match.route.template;
  return match.kind === 'method-not-allowed' ? match.template : undefined;
}

export function createStandIn(options: ServerOptions, clock: Clock): StandIn {
  const store = new Store();
  const state: StandInState = {
    options,
    store,
    sessions: new Sessions(options.adminPassword, options.guestPassword),
    limiter: new FixedWindowLimiter(options.rateLimit.windowMs),
    activity: new Activity(options.activity, store),
    faults: new Faults(options.faults),
    stats: new RequestStats(clock.now()),
  };
  const capacity = new CapacityQueue(options.faults.capacityRps, options.faults.maxQueueWaitMs);

  function respond(req: CoreRequest, match: RouteMatch, now: number): CoreResponse {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return preflight(req);
    }
    const open = req.method === 'OPTIONS' || isPublicPath(req.path);
    const identity = open ? undefined : state.sessions.verify(req.headers['x-api-key'], now);
    if (!open && identity === undefined) return detail(401, UNAUTHORIZED);
    if (match.kind === 'not-found') return detail(404, 'Not Found');
    if (match.kind === 'method-not-allowed') {
      const response = detail(405, 'Method Not Allowed');
      const methods = allowedMethods(match.template);
      if (methods.includes('GET')) methods.push('HEAD');
      response.headers.allow = methods.join(', ');
      return response;
    }
    return handleRoute(state, { route: match.route, req, identity, roomId: match.roomId, now });
  }

  return {
    handle(req) {
      const now = clock.now();
      const match = matchRoute(req.method, req.path);
      if (match.kind === 'found' && match.route.name === 'stats') return respond(req, match, now);
      // A shed request never reaches the app: no auth, no quota, no state change.
      const queued = capacity.admit(now);
      const response = queued.admitted
        ? respond(req, match, now)
        : text(503, 'Service Unavailable');
      state.stats.record(req.method, routeTemplate(match), req.path, response.status);
      const faultEndpoint = match.kind === 'found' ? match.route.faultEndpoint : undefined;
      response.delayMs =
        state.faults.delayMs(faultEndpoint) + (queued.admitted ? queued.delayMs : 0);
      return response;
    },
    stats: () => state.stats.snapshot(),
  };
}
