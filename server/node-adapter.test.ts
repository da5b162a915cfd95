import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { clientIpOf, type StandInServer, splitTarget, startStandInServer } from './node-adapter';
import { parseServerOptions } from './options';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(
  server: StandInServer,
  method: string,
  path: string,
  {
    token,
    body,
    agent,
    localAddress,
    headers = {},
  }: {
    token?: string;
    body?: string;
    agent?: Agent;
    localAddress?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      {
        method,
        agent,
        localAddress,
        headers: { ...headers, ...(token === undefined ? {} : { 'x-api-key': token }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes and returns whatever the server answers before closing. */
function raw(server: StandInServer, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(server.port, '127.0.0.1', () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

const servers: StandInServer[] = [];
const agents: Agent[] = [];

async function start(env: Record<string, string> = {}): Promise<StandInServer> {
  const server = await startStandInServer(parseServerOptions({ PORT: '0', ...env }));
  servers.push(server);
  return server;
}

function keepAliveAgent(): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: 100 });
  agents.push(agent);
  return agent;
}

async function login(server: StandInServer): Promise<string> {
  const reply = await send(server, 'POST', '/auth/login', { body: '{"password":"loadtest"}' });
  return JSON.parse(reply.body).api_key;
}

async function createRoom(server: StandInServer, token: string, name: string): Promise<number> {
  const reply = await send(server, 'POST', '/rooms', { token, body: JSON.stringify({ name }) });
  return JSON.parse(reply.body).id;
}

function tally(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of replies) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

afterEach(async () => {
  for (const agent of agents.splice(0)) agent.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('the stand-in over a real socket', () => {
  test('binds port 0 and answers with uvicorn-like headers', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const reply = await send(server, 'GET', '/auth/health');
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"status":"healthy"}');
    expect(reply.headers.server).toBe('uvicorn');
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.headers['content-length']).toBe('20');
    expect(Date.parse(String(reply.headers.date))).not.toBeNaN();
  });

  test("uvicorn's header lines exactly, no Connection header, and the connection kept", async () => {
    const server = await start();
    const health = 'GET /auth/health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n';
    const exchange = rawExchange(server, `${health}${health}`);
    const text = await exchange.until((t) => t.split('HTTP/1.1 200 OK').length === 3);
    const [first = ''] = text.split('\r\n\r\n');
    expect(first.split('\r\n').map((line) => line.replace(/^date: .*$/, 'date: <date>'))).toEqual([
      'HTTP/1.1 200 OK',
      'date: <date>',
      'server: uvicorn',
      'content-length: 20',
      'content-type: application/json',
    ]);
    // Both answers came on the one connection: it was kept.
    exchange.socket.destroy();
  });

  test('100 concurrent polls of one room: exactly 60 succeed, 40 get the 429', async () => {
    const server = await start();
    const token = await login(server);
    const room = await createRoom(server, token, 'busy');
    const agent = keepAliveAgent();
    const replies = await Promise.all(
      Array.from({ length: 100 }, () =>
        send(server, 'GET', `/rooms/${room}/messages/poll?since_id=0`, {
          token,
          agent,
          headers: { 'ngrok-skip-browser-warning': 'true' },
        }),
      ),
    );
    expect(tally(replies)).toEqual({ 200: 60, 429: 40 });
    const refused = replies.find((r) => r.status === 429);
    expect(refused?.body).toBe('{"error":"Rate limit exceeded: 60 per 1 minute"}');
    expect(refused?.headers['content-type']).toBe('application/json');
    expect(refused?.headers['retry-after']).toBeUndefined();
    expect(Object.keys(refused?.headers ?? {}).filter((h) => h.startsWith('x-ratelimit'))).toEqual(
      [],
    );
  });

  test('two loopback source addresses get separate buckets', async () => {
    const server = await start({ LIMIT_POLL: '5' });
    const token = await login(server);
    const room = await createRoom(server, token, 'shared');
    const path = `/rooms/${room}/messages/poll`;
    const burst = (localAddress: string) =>
      Promise.all(
        Array.from({ length: 7 }, () => send(server, 'GET', path, { token, localAddress })),
      );
    expect(tally(await burst('127.0.0.1'))).toEqual({ 200: 5, 429: 2 });
    expect(tally(await burst('127.0.0.2'))).toEqual({ 200: 5, 429: 2 });
    const stats = await send(server, 'GET', '/_stats', { token });
    expect(JSON.parse(stats.body).paths[`GET ${path}`]).toEqual({
      requests: 14,
      statuses: { 200: 10, 429: 4 },
    });
  });

  test('a body over MAX_BODY_BYTES is a 413, declared or streamed', async () => {
    const server = await start({ MAX_BODY_BYTES: '64' });
    const token = await login(server);
    const big = JSON.stringify({ name: 'x'.repeat(100) });
    const declared = await send(server, 'POST', '/rooms', { token, body: big });
    expect(declared.status).toBe(413);
    const chunked = await send(server, 'POST', '/rooms', {
      token,
      body: big,
      headers: { 'transfer-encoding': 'chunked' },
    });
    expect(chunked.status).toBe(413);
    expect((await send(server, 'POST', '/rooms', { token, body: '{"name":"ok"}' })).status).toBe(
      200,
    );
  });

  test('malformed input gets a 4xx and the server keeps serving', async () => {
    const server = await start();
    const token = await login(server);
    expect(await raw(server, 'NONSENSE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    const badJson = await send(server, 'POST', '/rooms', { token, body: '{"name": ' });
    expect(badJson.status).toBe(422);
    const badLogin = await send(server, 'POST', '/auth/login', { body: '\u0000{' });
    expect(badLogin.status).toBe(400);
    expect((await send(server, 'GET', '/auth/health')).status).toBe(200);
  });

  test('the path is percent-decoded before routing and rate limiting', async () => {
    const server = await start({ LIMIT_AGENTS: '1' });
    const token = await login(server);
    const room = await createRoom(server, token, 'r');
    expect((await send(server, 'GET', `/rooms/${room}/chatting-agents`, { token })).status).toBe(
      200,
    );
    const encoded = `/rooms/%${(48 + room).toString(16)}/chatting-agents`;
    expect((await send(server, 'GET', encoded, { token })).status).toBe(429);
  });

  test('injected errors come back as 500s', async () => {
    const server = await start({ FAULT_ERROR_RATE: 'poll=1', RATELIMIT_ENABLED: 'false' });
    const token = await login(server);
    const room = await createRoom(server, token, 'r');
    const reply = await send(server, 'GET', `/rooms/${room}/messages/poll`, { token });
    expect(reply.status).toBe(500);
    expect(reply.body).toBe('Internal Server Error');
    expect((await send(server, 'GET', `/rooms/${room}/chatting-agents`, { token })).status).toBe(
      200,
    );
  });

  test('injected latency holds the response back; close() cancels it', async () => {
    const server = await startStandInServer(
      parseServerOptions({ PORT: '0', FAULT_LATENCY_MS: 'health=60000' }),
    );
    const pending = send(server, 'GET', '/auth/health');
    while (server.core.stats().requests === 0) await new Promise((r) => setImmediate(r));
    await server.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });

  test('close() ends idle keep-alive connections and frees the port', async () => {
    const server = await startStandInServer(parseServerOptions({ PORT: '0' }));
    const agent = keepAliveAgent();
    await send(server, 'GET', '/auth/health', { agent });
    await server.close();
    await expect(send(server, 'GET', '/auth/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});

/** A raw HTTP/1.1 exchange on its own socket: what arrived so far, and waits for more. */
function rawExchange(server: StandInServer, request: string) {
  const socket = connect(server.port, '127.0.0.1', () => socket.write(request));
  let received = '';
  let closed = false;
  const waiters: (() => void)[] = [];
  const wake = () => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString('latin1');
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  socket.on('error', () => {});
  /** Resolves once `done(received, closed)` holds. */
  const until = (done: (text: string, isClosed: boolean) => boolean) =>
    new Promise<string>((resolve) => {
      const check = () => {
        if (done(received, closed)) resolve(received);
        else waiters.push(check);
      };
      check();
    });
  return { socket, until };
}

async function ticketFor(server: StandInServer, token: string, roomId: number): Promise<string> {
  const reply = await send(server, 'POST', `/rooms/${roomId}/stream/ticket`, { token });
  return JSON.parse(reply.body).ticket;
}

function streamRequest(roomId: number, ticket: string): string {
  return `GET /rooms/${roomId}/stream?ticket=${ticket} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`;
}

async function waitForStats(
  server: StandInServer,
  done: (stats: ReturnType<StandInServer['core']['stats']>) => boolean,
): Promise<void> {
  while (!done(server.core.stats())) await new Promise((r) => setTimeout(r, 5));
}

describe('SSE streams over a real socket', () => {
  test('headers, chunked CRLF frames byte for byte; a client that leaves is counted', async () => {
    const server = await start();
    const token = await login(server);
    const exchange = rawExchange(server, streamRequest(1, await ticketFor(server, token, 1)));
    const text = await exchange.until((t) => t.includes('\r\n\r\n2a\r\n'));
    const [head = '', body = ''] = text.split('\r\n\r\n2a\r\n');
    const lines = head.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 200 OK');
    expect(lines.slice(2)).toEqual([
      'server: uvicorn',
      'cache-control: no-store',
      'connection: keep-alive',
      'x-accel-buffering: no',
      'content-type: text/event-stream; charset=utf-8',
      'Transfer-Encoding: chunked',
    ]);
    const frame = await exchange.until((t) => t.endsWith('\r\n\r\n\r\n'));
    expect(frame.slice(head.length)).toBe(
      '\r\n\r\n2a\r\nevent: connected\r\ndata: {"room_id": 1}\r\n\r\n\r\n',
    );
    expect(body.length).toBeGreaterThan(0);
    expect(server.core.stats().streams).toMatchObject({ open: 1, opened: 1 });
    exchange.socket.destroy();
    await waitForStats(server, (s) => s.streams.open === 0);
    expect(server.core.stats().streams).toMatchObject({ closed_by_client: 1, peak_open: 1 });
  });

  test('FAULT_STREAM_DROP ends the answer cleanly (the last chunk), and the socket stays usable', async () => {
    const server = await start({ FAULT_STREAM_DROP: '100ms' });
    const token = await login(server);
    const exchange = rawExchange(server, streamRequest(1, await ticketFor(server, token, 1)));
    const text = await exchange.until((t) => t.endsWith('\r\n0\r\n\r\n'));
    expect(text).toContain('event: connected');
    exchange.socket.write('GET /auth/health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n');
    await exchange.until((t) => t.endsWith('{"status":"healthy"}'));
    expect(server.core.stats().streams).toMatchObject({ open: 0, dropped_by_fault: 1 });
    exchange.socket.destroy();
  });

  test('FAULT_STREAM_LIMIT: a 503 beyond the limit; with FAULT_STREAM_REFUSAL=close, no bytes', async () => {
    for (const refusal of ['503', 'close']) {
      const server = await start({ FAULT_STREAM_LIMIT: '1', FAULT_STREAM_REFUSAL: refusal });
      const token = await login(server);
      const held = rawExchange(server, streamRequest(1, await ticketFor(server, token, 1)));
      await held.until((t) => t.includes('event: connected'));
      const refused = rawExchange(server, streamRequest(1, await ticketFor(server, token, 1)));
      const answer = await refused.until(
        (t, closed) => closed || t.endsWith('Service Unavailable'),
      );
      if (refusal === '503') expect(answer).toMatch(/^HTTP\/1\.1 503 [\s\S]*Service Unavailable$/);
      else expect(answer).toBe('');
      refused.socket.destroy();
      expect(server.core.stats().streams.refused_by_fault).toBe(1);
      held.socket.destroy();
    }
  });

  test('HEAD of a stream: the headers only, and no stream is left open', async () => {
    const server = await start();
    const token = await login(server);
    const ticket = await ticketFor(server, token, 1);
    const reply = await send(server, 'HEAD', `/rooms/1/stream?ticket=${ticket}`, { token });
    expect([reply.status, reply.headers['content-type'], reply.body]).toEqual([
      200,
      'text/event-stream; charset=utf-8',
      '',
    ]);
    expect(server.core.stats().streams).toMatchObject({ open: 0, opened: 0 });
  });

  test('close() ends every open stream', async () => {
    const server = await startStandInServer(parseServerOptions({ PORT: '0' }));
    const token = await login(server);
    const exchange = rawExchange(server, streamRequest(3, await ticketFor(server, token, 3)));
    await exchange.until((t) => t.includes('event: connected'));
    await server.close();
    await exchange.until((_, closed) => closed);
    expect(server.core.stats().streams).toMatchObject({ open: 0, ended_at_shutdown: 1 });
  });
});

describe('FAULT_ROOM_NAME_RACE over a real socket', () => {
  test('two POSTs with one name at the same moment both get 200; the next gets 409', async () => {
    const server = await start({ FAULT_ROOM_NAME_RACE: '1500' });
    const token = await login(server);
    const create = () =>
      send(server, 'POST', '/rooms', { token, body: JSON.stringify({ name: 'shared' }) });
    const pair = await Promise.all([create(), create()]);
    expect(pair.map((r) => r.status)).toEqual([200, 200]);
    expect(new Set(pair.map((r) => JSON.parse(r.body).id)).size).toBe(2);
    const after = await create();
    expect(after.status).toBe(409);
  });
});

describe('request plumbing', () => {
  test.each([
    ['/rooms/1/messages/poll?since_id=3', '/rooms/1/messages/poll', 'since_id=3'],
    ['http://host:8000/rooms?x=1#frag', '/rooms', 'x=1'],
    ['/rooms/%31/chatting-agents', '/rooms/1/chatting-agents', ''],
    ['/bad%zz', '/bad%zz', ''],
    ['*', '*', ''],
  ])('%s -> path %s, query %s', (target, path, query) => {
    expect(splitTarget(target)).toEqual({ path, query });
  });

  test('IPv4-mapped addresses lose the ::ffff: prefix', () => {
    const ip = (remoteAddress: string | undefined) => clientIpOf({ remoteAddress } as Socket);
    expect(ip('::ffff:127.0.0.2')).toBe('127.0.0.2');
    expect(ip('::1')).toBe('::1');
    expect(ip(undefined)).toBe('');
  });
});
