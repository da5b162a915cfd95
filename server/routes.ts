// The route table: which handler a method and path reach, the template used in /_stats, and
// which fault-injection endpoint it belongs to. Path parameters match any non-empty segment,
// as in Starlette; turning them into integers is validation (a 422), not routing. A path no
// route has, whose twin with or without the trailing slash has one, is Starlette's 307.

import type { FaultEndpoint } from './options';

export type RouteName =
  | 'login'
  | 'health'
  | 'listRooms'
  | 'createRoom'
  | 'getRoom'
  | 'deleteRoom'
  | 'listMessages'
  | 'poll'
  | 'agents'
  | 'roomAgents'
  | 'send'
  | 'ticket'
  | 'stream'
  | 'listAgents'
  | 'createWorld'
  | 'listWorlds'
  | 'getWorld'
  | 'deleteWorld'
  | 'worldState'
  | 'worldLocations'
  | 'worldPoll'
  | 'worldSuggestions'
  | 'worldItems'
  | 'worldCharacters'
  | 'worldChattingAgents'
  | 'startOnboarding'
  | 'stats';

export interface Route {
  name: RouteName;
  method: string;
  /** The path with `{id}` for the room or world id, e.g. `/rooms/{id}/messages/poll`. */
  template: string;
  /** Fault-injection target; undefined for routes faults never touch. */
  faultEndpoint: FaultEndpoint | undefined;
}

function route(
  name: RouteName,
  method: string,
  template: string,
  faultEndpoint: FaultEndpoint | undefined,
): Route {
  return { name, method, template, faultEndpoint };
}

const ROUTES: readonly Route[] = [
  route('login', 'POST', '/auth/login', 'login'),
  route('health', 'GET', '/auth/health', 'health'),
  route('listRooms', 'GET', '/rooms', 'rooms'),
  route('createRoom', 'POST', '/rooms', 'rooms'),
  route('getRoom', 'GET', '/rooms/{id}', 'rooms'),
  route('deleteRoom', 'DELETE', '/rooms/{id}', 'rooms'),
  route('listMessages', 'GET', '/rooms/{id}/messages', 'rooms'),
  route('poll', 'GET', '/rooms/{id}/messages/poll', 'poll'),
  route('agents', 'GET', '/rooms/{id}/chatting-agents', 'agents'),
  route('roomAgents', 'GET', '/rooms/{id}/agents', 'rooms'),
  route('send', 'POST', '/rooms/{id}/messages/send', 'send'),
  route('ticket', 'POST', '/rooms/{id}/stream/ticket', 'stream'),
  route('stream', 'GET', '/rooms/{id}/stream', 'stream'),
  route('listAgents', 'GET', '/agents', 'rooms'),
  route('createWorld', 'POST', '/worlds/', 'worlds'),
  route('listWorlds', 'GET', '/worlds/', 'worlds'),
  route('getWorld', 'GET', '/worlds/{id}', 'worlds'),
  route('deleteWorld', 'DELETE', '/worlds/{id}', 'worlds'),
  route('worldState', 'GET', '/worlds/{id}/state', 'worlds'),
  route('worldLocations', 'GET', '/worlds/{id}/locations', 'worlds'),
  route('worldPoll', 'GET', '/worlds/{id}/poll', 'worlds'),
  route('worldSuggestions', 'GET', '/worlds/{id}/action/suggestions', 'worlds'),
  route('worldItems', 'GET', '/worlds/{id}/items', 'worlds'),
  route('worldCharacters', 'GET', '/worlds/{id}/characters', 'worlds'),
  route('worldChattingAgents', 'GET', '/worlds/{id}/chatting-agents', 'worlds'),
  route('startOnboarding', 'POST', '/worlds/{id}/start-onboarding', 'worlds'),
  route('stats', 'GET', '/_stats', undefined),
];

const BY_TEMPLATE = new Map<string, Route[]>();
for (const r of ROUTES) {
  const list = BY_TEMPLATE.get(r.template) ?? [];
  list.push(r);
  BY_TEMPLATE.set(r.template, list);
}

/** Prefixes whose second segment is the `{id}` path parameter. */
const ID_PREFIXES = ['/rooms/', '/worlds/'] as const;

const PUBLIC_PATHS = new Set([
  '/',
  '/docs',
  '/openapi.json',
  '/redoc',
  '/auth/login',
  '/auth/health',
]);
const PUBLIC_EXTENSIONS = /\.(css|js|svg|png|jpg|jpeg|gif|ico|woff|woff2|ttf|eot|map)$/;

/**
 * Requests the auth middleware lets through without a token: the login and health routes,
 * the web app's own files, and every GET under /rooms/ containing `/stream` (the SSE stream
 * authenticates with its ticket). OPTIONS is let through by the caller.
 */
export function isPublic(method: string, path: string): boolean {
  if (PUBLIC_PATHS.has(path)) return true;
  if (path.startsWith('/mcp') || path.startsWith('/assets')) return true;
  if (PUBLIC_EXTENSIONS.test(path)) return true;
  return method === 'GET' && path.startsWith('/rooms/') && path.includes('/stream');
}

export type RouteMatch =
  | { kind: 'found'; route: Route; pathId: string }
  | { kind: 'method-not-allowed'; template: string }
  | { kind: 'not-found' };

/** `/rooms/7/messages/poll` -> template `/rooms/{id}/messages/poll`, id `7`. */
function templateOf(path: string): { template: string; pathId: string } | undefined {
  if (BY_TEMPLATE.has(path)) return { template: path, pathId: '' };
  for (const prefix of ID_PREFIXES) {
    if (!path.startsWith(prefix)) continue;
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const pathId = slash === -1 ? rest : rest.slice(0, slash);
    if (pathId === '') return undefined;
    const template = `${prefix}{id}${slash === -1 ? '' : rest.slice(slash)}`;
    return BY_TEMPLATE.has(template) ? { template, pathId } : undefined;
  }
  return undefined;
}

export function matchRoute(method: string, path: string): RouteMatch {
  const found = templateOf(path);
  if (found === undefined) return { kind: 'not-found' };
  // Starlette answers HEAD on every GET route.
  const wanted = method === 'HEAD' ? 'GET' : method;
  const route = BY_TEMPLATE.get(found.template)?.find((r) => r.method === wanted);
  return route === undefined
    ? { kind: 'method-not-allowed', template: found.template }
    : { kind: 'found', route, pathId: found.pathId };
}

/**
 * Where Starlette's redirect_slashes sends a path no route has: the same path with the
 * trailing slash toggled, when some route (any method) has that one; undefined otherwise.
 */
export function slashRedirect(path: string): string | undefined {
  if (path === '/') return undefined;
  const twin = path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
  return templateOf(twin) === undefined ? undefined : twin;
}

/** The HTTP methods allowed on a template, for the 405's `allow` header. */
export function allowedMethods(template: string): string[] {
  return (BY_TEMPLATE.get(template) ?? []).map((r) => r.method);
}
