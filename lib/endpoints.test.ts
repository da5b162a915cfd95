import { describe, expect, it } from 'vitest';
import {
  ALL_ENDPOINTS,
  CLIENT_MODELS,
  ENDPOINTS,
  type Endpoint,
  endpointNameTag,
  endpointPath,
  modelEndpoints,
  RATE_LIMITED_ENDPOINTS,
  rateLimitOf,
  SEED_ENDPOINTS,
  STREAM_BACKOFF_MS,
  type Timer,
  VIEW_OPENS_AFTER,
} from './endpoints';

function timerOf(endpoint: Endpoint, model: 'seed' | 'chat' | 'game'): Timer | undefined {
  return ENDPOINTS[endpoint].cadence[model]?.timer;
}

describe('the table of endpoints', () => {
  it('builds the server paths and the grouped name tags', () => {
    expect(endpointPath('poll', 17)).toBe('/rooms/17/messages/poll');
    expect(endpointPath('agents', 17)).toBe('/rooms/17/chatting-agents');
    expect(endpointPath('worldPoll', 3)).toBe('/worlds/3/poll');
    expect(endpointPath('rooms', 3)).toBe('/rooms');
    expect(endpointNameTag('poll')).toBe('/rooms/{id}/messages/poll');
    expect(endpointNameTag('ticket')).toBe('/rooms/{id}/stream/ticket');
  });

  it('gives every path with an id a scope, and none to a path without', () => {
    for (const endpoint of ALL_ENDPOINTS) {
      const { path, scope } = ENDPOINTS[endpoint];
      expect(path.includes('{id}'), endpoint).toBe(scope !== 'none');
      expect(path.startsWith(scope === 'world' ? '/worlds/' : '/'), endpoint).toBe(true);
    }
  });

  it('is the old script for seed: both room paths every POLL_INTERVAL, nothing else', () => {
    expect(SEED_ENDPOINTS).toEqual(['poll', 'agents']);
    for (const endpoint of SEED_ENDPOINTS) {
      // The seed load model (requests per poll = ROOMS x kinds) relies on room paths only.
      expect(ENDPOINTS[endpoint].scope).toBe('room');
      expect(ENDPOINTS[endpoint].cadence.seed).toEqual({ timer: { kind: 'poll-interval' } });
    }
  });

  it('has the rate limits of docs/backend.md, each with the variable that sets it', () => {
    expect(RATE_LIMITED_ENDPOINTS).toEqual(['poll', 'agents']);
    expect(rateLimitOf('poll')).toEqual({ env: 'LIMIT_POLL', perMinute: 60 });
    expect(rateLimitOf('agents')).toEqual({ env: 'LIMIT_AGENTS', perMinute: 120 });
  });

  it('moves cursors with the message lists: the room poll, the room opening, the world poll', () => {
    const cursors = ALL_ENDPOINTS.filter((e) => ENDPOINTS[e].cursor !== null);
    expect(cursors).toEqual(['poll', 'roomMessages', 'worldPoll']);
    expect(ENDPOINTS.poll.cursor).toEqual({ query: 'since_id', messagesIn: 'array' });
    expect(ENDPOINTS.worldPoll.cursor).toEqual({
      query: 'since_message_id',
      messagesIn: 'messages',
    });
    for (const endpoint of cursors) expect(ENDPOINTS[endpoint].readsBody, endpoint).toBe(true);
  });

  it('holds only the stream, opened once per connection with its ticket', () => {
    expect(ALL_ENDPOINTS.filter((e) => ENDPOINTS[e].held)).toEqual(['stream']);
    for (const model of ['chat', 'game'] as const) {
      expect(timerOf('stream', model)).toEqual({ kind: 'per-connection' });
      expect(timerOf('ticket', model)).toEqual({ kind: 'per-connection' });
    }
    expect(ENDPOINTS.ticket.method).toBe('POST');
  });

  it('times the chat-room view as usePolling.ts and useRooms.ts do', () => {
    expect(modelEndpoints('chat')).toEqual([
      'poll',
      'agents',
      'rooms',
      'roomMessages',
      'room',
      'roomAgents',
      'agentList',
      'ticket',
      'stream',
    ]);
    expect(timerOf('rooms', 'chat')).toEqual({
      kind: 'timeout-chain',
      upMs: 5000,
      downMs: 5000,
      sendsWhile: 'always',
    });
    expect(timerOf('poll', 'chat')).toEqual({
      kind: 'timeout-chain',
      upMs: 30_000,
      downMs: 5000,
      sendsWhile: 'always',
    });
    expect(timerOf('agents', 'chat')).toEqual({
      kind: 'timeout-chain',
      upMs: 3000,
      downMs: 3000,
      sendsWhile: 'stream-down',
    });
    for (const opening of [
      'rooms',
      'roomMessages',
      'room',
      'roomAgents',
      'agentList',
      'ticket',
    ] as const) {
      expect(ENDPOINTS[opening].cadence.chat?.opening, opening).toBe(true);
    }
    // The room list is the app's, once per user; the rest is each open room's.
    expect(modelEndpoints('chat').filter((e) => ENDPOINTS[e].cadence.chat?.per === 'user')).toEqual(
      ['rooms'],
    );
    expect(VIEW_OPENS_AFTER.chat).toBeNull();
  });

  it('times the game view as SessionContext.tsx does', () => {
    expect(modelEndpoints('game')).toEqual([
      'rooms',
      'ticket',
      'stream',
      'world',
      'worldState',
      'worldLocations',
      'worldSuggestions',
      'worldPoll',
      'worldAgents',
    ]);
    // The world is loaded at login; its answer opens the view and everything else follows.
    expect(VIEW_OPENS_AFTER.game).toBe('world');
    expect(modelEndpoints('game').filter((e) => ENDPOINTS[e].cadence.game?.per === 'user')).toEqual(
      ['rooms', 'world'],
    );
    for (const opening of [
      'world',
      'worldState',
      'worldLocations',
      'worldSuggestions',
      'worldPoll',
      'ticket',
    ] as const) {
      expect(ENDPOINTS[opening].cadence.game?.opening, opening).toBe(true);
    }
    // A test world stays in onboarding (nothing starts it), so its timers ask with the flag.
    expect(ENDPOINTS.worldPoll.cadence.game?.timerQuery).toBe('poll_onboarding=true');
    expect(ENDPOINTS.worldAgents.cadence.game?.timerQuery).toBe('poll_onboarding=true');
    expect(timerOf('worldPoll', 'game')).toEqual({
      kind: 'interval',
      upMs: 15_000,
      downMs: 2000,
      rearmedBy: 'worldPoll',
      sendsWhile: 'always',
    });
    expect(timerOf('worldAgents', 'game')).toEqual({
      kind: 'interval',
      upMs: 10_000,
      downMs: 1500,
      rearmedBy: 'worldPoll',
      sendsWhile: 'stream-down',
    });
    // No rate-limited path: none of the game view's requests is limited (docs/backend.md).
    expect(modelEndpoints('game').filter((e) => ENDPOINTS[e].limit !== null)).toEqual([]);
  });

  it('sends each kind with the headers of the client code that sends it', () => {
    expect(ALL_ENDPOINTS.filter((e) => ENDPOINTS[e].headers !== 'client')).toEqual([
      'ticket',
      'stream',
    ]);
    expect(ENDPOINTS.ticket.headers).toBe('ticket');
    expect(ENDPOINTS.stream.headers).toBe('event-source');
  });

  it('reconnects a stream after 1, 2, 5, 10, then 30 s (useSSE.ts)', () => {
    expect(STREAM_BACKOFF_MS).toEqual([1000, 2000, 5000, 10_000, 30_000]);
  });

  it('refers only to kinds of the same model, and every model sends something', () => {
    for (const model of CLIENT_MODELS) {
      const own = modelEndpoints(model);
      expect(own.length, model).toBeGreaterThan(0);
      const root = VIEW_OPENS_AFTER[model];
      if (root !== null) expect(ENDPOINTS[root].cadence[model]?.per, `${model} root`).toBe('user');
      for (const endpoint of own) {
        const cadence = ENDPOINTS[endpoint].cadence[model];
        expect(cadence?.opening !== undefined || cadence?.timer !== undefined, endpoint).toBe(true);
        const timer = cadence?.timer;
        if (timer?.kind === 'interval')
          expect(own, `${endpoint} rearmedBy`).toContain(timer.rearmedBy);
        if (
          timer !== undefined &&
          timer.kind !== 'poll-interval' &&
          timer.kind !== 'per-connection'
        ) {
          expect(timer.upMs, endpoint).toBeGreaterThan(0);
          expect(timer.downMs, endpoint).toBeGreaterThan(0);
        }
      }
    }
  });
});
