// The one table of the requests the simulated clients send: for each request kind its path,
// method, the server's rate limit (if any), whether its answer moves a message cursor, and how
// often each client model sends it, by the state of the user's stream. Requests, planned
// counts, `name` tags, sub-metric declarations, the rate-limit model, the scaling estimates
// and the report's rows are derived from it; adding an endpoint is one entry here plus its
// tests (lib/endpoints.test.ts), and the compiler points at anything else (checklist:
// docs/architecture.md, "Adding an endpoint"). Pure: nothing here touches k6.
//
// Cadences are read from the web client's public source (sorryhyun/claudeworld-public,
// frontend/src; each entry names its file): `seed` is the old script's model, `chat` the
// chat-room view, `game` the game view.

/** The client models: `seed` (the old script), `chat` (chat-room view), `game` (game view). */
export const CLIENT_MODELS = ['seed', 'chat', 'game'] as const;
export type ClientModel = (typeof CLIENT_MODELS)[number];

/** What the `{id}` of a path is: a room's id, a world's id, or nothing (one path for all). */
export type PathScope = 'room' | 'world' | 'none';

export type RequestMethod = 'GET' | 'POST';

/** The server's limit per client IP and exact path, per minute, and the variable that sets it. */
export interface RateLimit {
  readonly env: string;
  readonly perMinute: number;
}

/** A message list whose newest id the client keeps, so that its next poll asks only for newer ones. */
export interface Cursor {
  /** The query parameter that sends the cursor (`since_id`); null when the request sends none. */
  readonly query: string | null;
  /** Where the answer's messages are: a bare JSON array, or the `messages` field of an object. */
  readonly messagesIn: 'array' | 'messages';
}

/** In which states of the user's stream a timer sends its request when it fires. */
export type SendsWhile = 'always' | 'stream-down';

/**
 * How a request repeats. Periods are in ms, for the stream up and down.
 * - `poll-interval`: every POLL_INTERVAL on a drift-free schedule (the old script's model).
 * - `timeout-chain`: a setTimeout armed again after each answer (and after a tick that sent
 *   nothing), with the period of the stream's state when it is armed; the first is armed when
 *   the view opens.
 * - `interval`: a setInterval that the answer of `rearmedBy` restarts with the period of the
 *   stream's state then; a failed answer does not restart it, so it keeps its old period.
 * - `per-connection`: once per stream connection attempt (the ticket, then the stream).
 */
export type Timer<E extends string = Endpoint> =
  | { readonly kind: 'poll-interval' }
  | {
      readonly kind: 'timeout-chain';
      readonly upMs: number;
      readonly downMs: number;
      readonly sendsWhile: SendsWhile;
    }
  | {
      readonly kind: 'interval';
      readonly upMs: number;
      readonly downMs: number;
      readonly rearmedBy: E;
      readonly sendsWhile: SendsWhile;
    }
  | { readonly kind: 'per-connection' };

/**
 * When one client model sends a request kind. A kind is the view's (each room open in the chat
 * view, the world of the game view, each polled room of the seed model) unless it is the
 * user's: the app's own, sent once per user whatever the user has open (the room list).
 */
export interface ModelCadence<E extends string = Endpoint> {
  readonly per?: 'user';
  /** Sent once when it starts: a user's kind at login, a view's kind when the view opens. */
  readonly opening?: true;
  /** How it repeats, armed when it starts; absent: only at opening. */
  readonly timer?: Timer<E>;
  /** A query the timer's requests add (`poll_onboarding=true`: a test world stays in onboarding). */
  readonly timerQuery?: string;
}

/**
 * The headers a request kind is sent with: `client`, the web client's fetch options (`X-API-Key`
 * and `ngrok-skip-browser-warning`, services/apiClient.ts); `ticket`, the SSE ticket's
 * (`Content-Type: application/json` and `X-API-Key`, hooks/useSSE.ts); `event-source`, what a
 * browser's EventSource sends (`Accept: text/event-stream`; the ticket is the credential).
 */
export type HeaderSet = 'client' | 'ticket' | 'event-source';

export interface EndpointSpec<E extends string = Endpoint> {
  /** The path with `{id}` for the room or world id: the `name` tag and the report's row. */
  readonly path: string;
  readonly method: RequestMethod;
  readonly headers: HeaderSet;
  readonly scope: PathScope;
  readonly limit: RateLimit | null;
  /** The answer is a message list that moves the user's cursor of the room or world. */
  readonly cursor: Cursor | null;
  /** The script reads the answer's body (a cursor, a ticket); otherwise k6 need not copy it. */
  readonly readsBody: boolean;
  /** A server-sent-events stream held open, not a request and answer. */
  readonly held: boolean;
  /** Per client model; a model without an entry never sends it. */
  readonly cadence: { readonly [M in ClientModel]?: ModelCadence<E> };
}

const TABLE = {
  // usePolling.ts: POLL_INTERVAL 5 s, POLL_INTERVAL_SSE 30 s (setTimeout chain).
  poll: {
    path: '/rooms/{id}/messages/poll',
    method: 'GET',
    headers: 'client',
    scope: 'room',
    limit: { env: 'LIMIT_POLL', perMinute: 60 },
    cursor: { query: 'since_id', messagesIn: 'array' },
    readsBody: true,
    held: false,
    cadence: {
      seed: { timer: { kind: 'poll-interval' } },
      chat: { timer: { kind: 'timeout-chain', upMs: 30_000, downMs: 5000, sendsWhile: 'always' } },
    },
  },
  // usePolling.ts: STATUS_POLL_INTERVAL 3 s, skipped while the stream is connected.
  agents: {
    path: '/rooms/{id}/chatting-agents',
    method: 'GET',
    headers: 'client',
    scope: 'room',
    limit: { env: 'LIMIT_AGENTS', perMinute: 120 },
    cursor: null,
    readsBody: false,
    held: false,
    cadence: {
      seed: { timer: { kind: 'poll-interval' } },
      chat: {
        timer: { kind: 'timeout-chain', upMs: 3000, downMs: 3000, sendsWhile: 'stream-down' },
      },
    },
  },
  // useRooms.ts: once at login, then every 5 s after the previous answer, in every view.
  rooms: {
    path: '/rooms',
    method: 'GET',
    headers: 'client',
    scope: 'none',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: {
      chat: {
        per: 'user',
        opening: true,
        timer: { kind: 'timeout-chain', upMs: 5000, downMs: 5000, sendsWhile: 'always' },
      },
      game: {
        per: 'user',
        opening: true,
        timer: { kind: 'timeout-chain', upMs: 5000, downMs: 5000, sendsWhile: 'always' },
      },
    },
  },
  // usePolling.ts fetchAllMessages: all messages when the room opens; sets the poll's cursor.
  roomMessages: {
    path: '/rooms/{id}/messages',
    method: 'GET',
    headers: 'client',
    scope: 'room',
    limit: null,
    cursor: { query: null, messagesIn: 'array' },
    readsBody: true,
    held: false,
    cadence: { chat: { opening: true } },
  },
  // ChatRoom.tsx (the room) and AgentManager.tsx (its agents, all agents) when the room opens.
  room: {
    path: '/rooms/{id}',
    method: 'GET',
    headers: 'client',
    scope: 'room',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { chat: { opening: true } },
  },
  roomAgents: {
    path: '/rooms/{id}/agents',
    method: 'GET',
    headers: 'client',
    scope: 'room',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { chat: { opening: true } },
  },
  agentList: {
    path: '/agents',
    method: 'GET',
    headers: 'client',
    scope: 'none',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { chat: { opening: true } },
  },
  // useSSE.ts: a single-use ticket when the view opens and before each reconnection.
  ticket: {
    path: '/rooms/{id}/stream/ticket',
    method: 'POST',
    headers: 'ticket',
    scope: 'room',
    limit: null,
    cursor: null,
    readsBody: true,
    held: false,
    cadence: {
      chat: { opening: true, timer: { kind: 'per-connection' } },
      game: { opening: true, timer: { kind: 'per-connection' } },
    },
  },
  // useSSE.ts: the EventSource on the room shown, after each ticket; reconnected with
  // STREAM_BACKOFF_MS.
  stream: {
    path: '/rooms/{id}/stream',
    method: 'GET',
    headers: 'event-source',
    scope: 'room',
    limit: null,
    cursor: null,
    readsBody: true,
    held: true,
    cadence: {
      chat: { timer: { kind: 'per-connection' } },
      game: { timer: { kind: 'per-connection' } },
    },
  },
  // SessionContext.tsx loadWorld: the world at login (the user's); its answer opens the view,
  // whose state, locations, a poll and the suggestions go together (loadWorldData).
  world: {
    path: '/worlds/{id}',
    method: 'GET',
    headers: 'client',
    scope: 'world',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { game: { per: 'user', opening: true } },
  },
  worldState: {
    path: '/worlds/{id}/state',
    method: 'GET',
    headers: 'client',
    scope: 'world',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { game: { opening: true } },
  },
  worldLocations: {
    path: '/worlds/{id}/locations',
    method: 'GET',
    headers: 'client',
    scope: 'world',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { game: { opening: true } },
  },
  worldSuggestions: {
    path: '/worlds/{id}/action/suggestions',
    method: 'GET',
    headers: 'client',
    scope: 'world',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: { game: { opening: true } },
  },
  // SessionContext.tsx startPolling: setInterval 15 s with the stream up, 2 s down, restarted
  // by each answer (a new playerState re-creates the callback).
  worldPoll: {
    path: '/worlds/{id}/poll',
    method: 'GET',
    headers: 'client',
    scope: 'world',
    limit: null,
    cursor: { query: 'since_message_id', messagesIn: 'messages' },
    readsBody: true,
    held: false,
    cadence: {
      game: {
        opening: true,
        timer: {
          kind: 'interval',
          upMs: 15_000,
          downMs: 2000,
          rearmedBy: 'worldPoll',
          sendsWhile: 'always',
        },
        timerQuery: 'poll_onboarding=true',
      },
    },
  },
  // SessionContext.tsx: setInterval 10 s up, 1.5 s down, restarted with the poll's; sends only
  // while the stream is down.
  worldAgents: {
    path: '/worlds/{id}/chatting-agents',
    method: 'GET',
    headers: 'client',
    scope: 'world',
    limit: null,
    cursor: null,
    readsBody: false,
    held: false,
    cadence: {
      game: {
        timer: {
          kind: 'interval',
          upMs: 10_000,
          downMs: 1500,
          rearmedBy: 'worldPoll',
          sendsWhile: 'stream-down',
        },
        timerQuery: 'poll_onboarding=true',
      },
    },
  },
} as const satisfies Record<string, EndpointSpec<string>>;

/** A request kind of the table. */
export type Endpoint = keyof typeof TABLE;

/** The table, checked against {@link EndpointSpec}: a `rearmedBy` must name an entry. */
export const ENDPOINTS: { readonly [E in Endpoint]: EndpointSpec } = TABLE;

/** Every request kind, in the table's order (the order of the report's rows). */
export const ALL_ENDPOINTS = Object.keys(TABLE) as Endpoint[];

/** The request kinds with a rate limit. */
export type RateLimitedEndpoint = {
  [E in Endpoint]: (typeof TABLE)[E]['limit'] extends null ? never : E;
}[Endpoint];

export function isRateLimitedEndpoint(endpoint: Endpoint): endpoint is RateLimitedEndpoint {
  return ENDPOINTS[endpoint].limit !== null;
}

export const RATE_LIMITED_ENDPOINTS = ALL_ENDPOINTS.filter(isRateLimitedEndpoint);

/** The variables that set the rate-limited kinds' limits: `LIMIT_POLL`, `LIMIT_AGENTS`. */
export type LimitEnvName = (typeof TABLE)[RateLimitedEndpoint]['limit']['env'];

/** The limit of a rate-limited request kind (it has one by its type). */
export function rateLimitOf(endpoint: RateLimitedEndpoint): RateLimit {
  const limit = ENDPOINTS[endpoint].limit;
  if (limit === null) throw new Error(`endpoints: ${endpoint} has no rate limit`);
  return limit;
}

export const LIMIT_ENV_NAMES = RATE_LIMITED_ENDPOINTS.map(
  (e) => rateLimitOf(e).env,
) as LimitEnvName[];

/**
 * When a model's view opens: at login, or when the answer (200) of this user's kind arrived
 * (the game view opens with its world).
 */
export const VIEW_OPENS_AFTER: { readonly [M in ClientModel]: Endpoint | null } = {
  seed: null,
  chat: null,
  game: 'world',
};

/** useSSE.ts BACKOFF_DELAYS: a stream reconnects after 1, 2, 5, 10, then every 30 s. */
export const STREAM_BACKOFF_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000];

/** The request kinds a client model sends, in the table's order. */
export function modelEndpoints(model: ClientModel): Endpoint[] {
  return ALL_ENDPOINTS.filter((e) => ENDPOINTS[e].cadence[model] !== undefined);
}

/** The request kinds of the old script's model: those it sends every POLL_INTERVAL. */
export const SEED_ENDPOINTS = modelEndpoints('seed');

/** The path of a request kind for a room or world id, as the server sees (and limits) it. */
export function endpointPath(endpoint: Endpoint, id: number | string): string {
  return ENDPOINTS[endpoint].path.replace('{id}', `${id}`);
}

/** The `name` tag of k6's built-in http metrics: one time series per kind, not per URL. */
export function endpointNameTag(endpoint: Endpoint): string {
  return ENDPOINTS[endpoint].path;
}

/** The shortest period of any timer of any client model: the fastest a real client repeats a request. */
export function fastestClientPeriodMs(): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (const endpoint of ALL_ENDPOINTS) {
    for (const cadence of Object.values(ENDPOINTS[endpoint].cadence)) {
      const timer = cadence?.timer;
      if (timer !== undefined && 'upMs' in timer) {
        fastest = Math.min(fastest, timer.upMs, timer.downMs);
      }
    }
  }
  return fastest;
}
