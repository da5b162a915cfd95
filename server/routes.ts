// The route table: which handler a method and path reach, the template used in /_stats, and
// which fault-injection endpoint it belongs to. Path parameters match any segment, as in
// Starlette; turning them into integers is validation (a 422), not routing.

import type { FaultEndpoint } from './options';

export type RouteName =
  | 'login'
  | 'health'
  | 'listRooms'
  | 'createRoom'
  | 'getRoom'
  | 'deleteRoom'
  | 'poll'
  | 'agents'
  | 'send'
  | 'stats';

export interface Route {
  name: RouteName;
  method: string;
  /** The path with `{id}` for the room id, e.g. `/rooms/{id}/messages/poll`. */
  template: string;
  /** Fault-injection target; undefined for routes faults never touch. */
  faultEndpoint: FaultEndpoint | undefined;
}

const ROUTES: readonly Route[] = [
  { name: 'login', method: 'POST', template: '/auth/login', faultEndpoint: 'login' },
  { name: 'health', method: 'GET', template: '/auth/health', faultEndpoint: 'health' },
  { name: 'listRooms', method: 'GET', template: '/rooms', faultEndpoint: 'rooms' },
  { name: 'createRoom', method: 'POST', template: '/rooms', faultEndpoint: 'rooms' },
  { name: 'getRoom', method: 'GET', template: '/rooms/{id}', faultEndpoint: 'rooms' },
  { name: 'deleteRoom', method: 'DELETE', template: '/rooms/{id}', faultEndpoint: 'rooms' },
  { name: 'poll', method: 'GET', template: '/rooms/{id}/messages/poll', faultEndpoint: 'poll' },
  {
    name: 'agents',
    method: 'GET',
    template: '/rooms/{id}/chatting-agents',
    faultEndpoint: 'agents',
  },
  { name: 'send', method: 'POST', template: '/rooms/{id}/messages/send', faultEndpoint: 'send' },
  { name: 'stats', method: 'GET', template: '/_stats', faultEndpoint: undefined },
];

/** Paths the auth middleware lets through without a token (whatever the method). */
export function isPublicPath(path: string): boolean {
  return path === '/auth/login' || path === '/auth/health';
}

export type RouteMatch =
  | { kind: 'found'; route: Route; roomId: string }
  | { kind: 'method-not-allowed'; template: string }
  | { kind: 'not-found' };

/** `/rooms/7/messages/poll` -> template `/rooms/{id}/messages/poll`, id `7`. */
function templateOf(path: string): { template: string; roomId: string } | undefined {
  if (!path.startsWith('/rooms/')) {
    return ROUTES.some((r) => r.template === path) ? { template: path, roomId: '' } : undefined;
  }
  const rest = path.slice('/rooms/'.length);
  const slash = rest.indexOf('/');
  const roomId = slash === -1 ? rest : rest.slice(0, slash);
  if (roomId === '') return undefined;
  const template = `/rooms/{id}${slash === -1 ? '' : rest.slice(slash)}`;
  return ROUTES.some((r) => r.template === template) ? { template, roomId } : undefined;
}

export function matchRoute(method: string, path: string): RouteMatch {
  const found = templateOf(path);
  if (found === undefined) return { kind: 'not-found' };
  // Starlette answers HEAD on every GET route.
  const wanted = method === 'HEAD' ? 'GET' : method;
  const route = ROUTES.find((r) => r.template === found.template && r.method === wanted);
  return route === undefined
    ? { kind: 'method-not-allowed', template: found.template }
    : { kind: 'found', route, roomId: found.roomId };
}

/** The HTTP methods allowed on a template, for the 405's `allow` header. */
export function allowedMethods(template: string): string[] {
  return ROUTES.filter((r) => r.template === template).map((r) => r.method);
}
