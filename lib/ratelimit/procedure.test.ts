import { describe, expect, it } from 'vitest';
import type { HttpSeam, SeamRequest, SeamResponse } from '../http-seam';
import { parseRateLimitConfig } from './config';
import { type CheckRuntime, type CheckTarget, runRateLimitCheck } from './procedure';

interface FakeServerOptions {
  /** Limit per path, by path suffix; absent: unlimited. */
  limits: Record<string, number>;
  windowMs: number;
  /** Key buckets on the endpoint only, not the room (a limiter that is not per path). */
  ignoreRoom?: boolean;
  /** Requests an earlier run left in each path's current window at the start. */
  leftover?: number;
}

/** A fixed-window limiter behind a fake seam, on a virtual clock that `sleep` advances. */
function fakeBackend(options: FakeServerOptions) {
  let now = 1_000_000;
  const buckets = new Map<string, { count: number; endsAt: number }>();
  const sent: SeamRequest[] = [];
  const handle = (request: SeamRequest): SeamResponse => {
    const path = new URL(request.url).pathname;
    const suffix = Object.keys(options.limits).find((s) => path.endsWith(s));
    if (suffix === undefined) return { status: 200, body: '[]', error: '', errorCode: 0 };
    const limit = options.limits[suffix] as number;
    const key = options.ignoreRoom === true ? suffix : path;
    let bucket = buckets.get(key);
    if (bucket === undefined && options.leftover !== undefined) {
      bucket = { count: options.leftover, endsAt: now + options.windowMs / 2 };
      buckets.set(key, bucket);
    }
    if (bucket === undefined || bucket.endsAt <= now) {
      bucket = { count: 0, endsAt: now + options.windowMs };
      buckets.set(key, bucket);
    }
    bucket.count += 1;
    if (bucket.count <= limit) return { status: 200, body: '[]', error: '', errorCode: 0 };
    const body = JSON.stringify({ error: `Rate limit exceeded: ${limit} per 2 second` });
    return { status: 429, body, error: '429', errorCode: 1429 };
  };
  const http: HttpSeam = {
    send(requests) {
      sent.push(...requests);
      return requests.map(handle);
    },
  };
  const logs: string[] = [];
  const runtime: CheckRuntime = {
    http,
    now: () => now,
    sleep: (ms) => {
      now += ms;
    },
    log: (message) => logs.push(message),
  };
  return { runtime, sent, logs, startedAt: now };
}

const TARGET: CheckTarget = {
  baseUrl: 'http://backend',
  apiKey: 'key',
  password: 'pw',
  rooms: { measured: 1, other: 2, sustained: 3 },
};

const CONFIG = parseRateLimitConfig({ WINDOW: '2s' });

describe('runRateLimitCheck', () => {
  it('measures each limit in a clean window, then isolation and recovery', () => {
    const { runtime, startedAt } = fakeBackend({
      limits: { '/messages/poll': 60, '/chatting-agents': 120 },
      windowMs: 2000,
    });
    const [poll, agents] = runRateLimitCheck(CONFIG, TARGET, runtime);
    expect(poll).toEqual({
      endpoint: 'poll',
      firstWindow: {
        sent: 66,
        accepted: 60,
        rejected: 6,
        other: 0,
        bodyOk: true,
        bodyLimit: 60,
        wrongBody: undefined,
      },
      cleanWindow: {
        sent: 66,
        accepted: 60,
        rejected: 6,
        other: 0,
        bodyOk: true,
        bodyLimit: 60,
        wrongBody: undefined,
      },
      cleanSpanMs: 0,
      isolationStatus: 200,
      recoveryMs: 2000,
      probedUntilMs: 2000,
      sustained: undefined,
    });
    expect(agents).toMatchObject({
      cleanWindow: { sent: 132, accepted: 120 },
      isolationStatus: 200,
      recoveryMs: 2000,
    });
    // First burst at 0, clean burst after the window and 5 % settle, recovery one window later.
    expect(runtime.now() - startedAt).toBe(2100 + 2000);
  });

  it('keeps sending past the margin until the first 429 to measure a looser limit', () => {
    const { runtime } = fakeBackend({
      limits: { '/messages/poll': 90, '/chatting-agents': 120 },
      windowMs: 2000,
    });
    const [poll] = runRateLimitCheck(CONFIG, TARGET, runtime);
    expect(poll?.cleanWindow).toMatchObject({
      sent: 126,
      accepted: 90,
      rejected: 36,
      bodyLimit: 90,
    });
  });

  it('stops at ten times the limit when nothing is refused', () => {
    const { runtime } = fakeBackend({ limits: {}, windowMs: 2000 });
    const [poll, agents] = runRateLimitCheck(CONFIG, TARGET, runtime);
    expect(poll?.cleanWindow).toMatchObject({
      sent: 600,
      accepted: 600,
      rejected: 0,
      bodyOk: undefined,
    });
    expect(agents?.cleanWindow).toMatchObject({ sent: 1200, accepted: 1200 });
    expect(poll?.recoveryMs).toBe(1600);
  });

  it('sees the other room refused when the limiter ignores the path', () => {
    const { runtime } = fakeBackend({
      limits: { '/messages/poll': 60 },
      windowMs: 2000,
      ignoreRoom: true,
    });
    const [poll] = runRateLimitCheck(CONFIG, TARGET, runtime);
    expect(poll?.isolationStatus).toBe(429);
  });

  it('reports a first window that an earlier run had partly used, and measures after it', () => {
    const { runtime } = fakeBackend({
      limits: { '/messages/poll': 60 },
      windowMs: 2000,
      leftover: 40,
    });
    const [poll] = runRateLimitCheck(CONFIG, TARGET, runtime);
    expect(poll?.firstWindow).toMatchObject({ sent: 66, accepted: 20 });
    expect(poll?.cleanWindow).toMatchObject({ sent: 66, accepted: 60 });
  });

  it('probes for 1.5 windows and finds no recovery while the window lasts much longer', () => {
    const { runtime } = fakeBackend({ limits: { '/messages/poll': 60 }, windowMs: 100_000 });
    const [poll] = runRateLimitCheck(CONFIG, TARGET, runtime);
    expect(poll).toMatchObject({
      cleanWindow: { sent: 66, accepted: 0 },
      recoveryMs: undefined,
      probedUntilMs: 3000,
    });
  });

  it('spreads 1.5x the limit over one window on a third room when sustained', () => {
    const { runtime, sent } = fakeBackend({
      limits: { '/messages/poll': 60, '/chatting-agents': 120 },
      windowMs: 2000,
    });
    const [poll, agents] = runRateLimitCheck({ ...CONFIG, sustained: true }, TARGET, runtime);
    expect(poll?.sustained).toEqual({ sent: 90, accepted: 60 });
    expect(agents?.sustained).toEqual({ sent: 180, accepted: 120 });
    expect(
      sent
        .filter((r) => r.tags.ratelimit_phase === 'sustained')
        .every((r) => r.url.includes('/rooms/3/')),
    ).toBe(true);
  });

  it('sends messages and logins with their bodies, the key only to rooms', () => {
    const { runtime, sent } = fakeBackend({ limits: {}, windowMs: 2000 });
    const config = parseRateLimitConfig({
      WINDOW: '2s',
      CHECK_SEND: 'true',
      CHECK_LOGIN: 'true',
      LIMIT_POLL: '1',
      LIMIT_AGENTS: '1',
      LIMIT_SEND: '1',
      LIMIT_LOGIN: '1',
    });
    runRateLimitCheck(config, TARGET, runtime);
    const send = sent.find((r) => r.url.endsWith('/messages/send'));
    const login = sent.find((r) => r.url.endsWith('/auth/login'));
    expect(send).toMatchObject({
      method: 'POST',
      url: 'http://backend/rooms/1/messages/send',
      body: '{"content":"rate-limit check","role":"user"}',
      headers: { 'X-API-Key': 'key' },
      tags: { name: '/rooms/{id}/messages/send', ratelimit_phase: 'first-window' },
    });
    expect(login).toMatchObject({
      method: 'POST',
      body: '{"password":"pw"}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(login?.headers).not.toHaveProperty('X-API-Key');
    expect(
      sent.some((r) => r.url.endsWith('/auth/login') && r.tags.ratelimit_phase === 'isolation'),
    ).toBe(false);
  });
});
