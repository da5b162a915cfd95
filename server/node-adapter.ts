// The stand-in core over node:http: keep-alive connections, uvicorn-like headers, the
// injected latency applied as a delay, a body-size limit (413), and no crash on bad input.
// SSE streams are written as chunked answers, one chunk per frame; one interval for the whole
// server (not one per stream) runs the core's tick, which writes every keepalive and ping.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from './clock';
import { type CoreStream, createStandIn, type StandIn } from './core';
import type { ServerOptions } from './options';
import { detail, internalServerError } from './responses';
import { ANIMATION_STEP_MS } from './streams';
import type { Clock, CoreRequest, CoreResponse } from './types';

export interface StandInServer {
  /** `http://host:port` with the bound port (useful with port 0). */
  url: string;
  port: number;
  /** Stops listening and closes every connection, idle keep-alive ones included. */
  close(): Promise<void>;
  core: StandIn;
}

/** uvicorn's default keep-alive timeout. */
const KEEP_ALIVE_TIMEOUT_MS = 5000;
/** uvicorn's default `--backlog`. */
const LISTEN_BACKLOG = 2048;

let cachedDate = '';
let cachedDateSecond = -1;

/** The `date` header, formatted at most once a second. */
function httpDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== cachedDateSecond) {
    cachedDateSecond = second;
    cachedDate = new Date(now).toUTCString();
  }
  return cachedDate;
}

/** Percent-decodes a path as Starlette does; malformed escapes stay as they are. */
function decodePath(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** Splits a request target (origin form or absolute form) into path and query. */
export function splitTarget(target: string): { path: string; query: string } {
  const withoutOrigin = target.startsWith('/')
    ? target
    : target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const hash = withoutOrigin.indexOf('#');
  const withoutFragment = hash === -1 ? withoutOrigin : withoutOrigin.slice(0, hash);
  const mark = withoutFragment.indexOf('?');
  const rawPath = mark === -1 ? withoutFragment : withoutFragment.slice(0, mark);
  return {
    path: decodePath(rawPath === '' ? '/' : rawPath),
    query: mark === -1 ? '' : withoutFragment.slice(mark + 1),
  };
}

export function clientIpOf(socket: Socket): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

function headersOf(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  const source = req.headers;
  for (const name in source) {
    const value = source[name];
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

/** Sends status and headers without a length (so chunked), then lets the stream write. */
function startStream(req: IncomingMessage, res: ServerResponse, response: CoreResponse) {
  const stream = response.stream as CoreStream;
  const headers: Record<string, string> = { date: httpDate(), server: 'uvicorn' };
  for (const name in response.headers) headers[name] = response.headers[name] ?? '';
  res.writeHead(response.status, headers);
  if (req.method === 'HEAD') {
    stream.close();
    res.end();
    return;
  }
  stream.open({
    write: (frame) => {
      res.write(frame);
    },
    end: () => {
      res.end();
    },
  });
}

function send(req: IncomingMessage, res: ServerResponse, response: CoreResponse, close = false) {
  if (res.writableEnded || res.destroyed) {
    response.stream?.close();
    return;
  }
  if (response.dropConnection === true) {
    res.socket?.destroy();
    return;
  }
  if (response.stream !== undefined) {
    startStream(req, res, response);
    return;
  }
  const headers: Record<string, string | number> = {
    date: httpDate(),
    server: 'uvicorn',
    'content-length': Buffer.byteLength(response.body),
  };
  for (const name in response.headers) headers[name] = response.headers[name] ?? '';
  if (close) headers.connection = 'close';
  // As uvicorn: no Connection or Keep-Alive header on an answer that keeps the connection
  // (HTTP/1.1 keeps it by default); Node would add both, 47 bytes per answer.
  else res.removeHeader('connection');
  res.writeHead(response.status, headers);
  res.end(response.body);
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startStandInServer(
  options: ServerOptions,
  clock: Clock = systemClock,
): Promise<StandInServer> {
  const core = createStandIn(options, clock);
  const delayed = new Set<NodeJS.Timeout>();

  function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const { path, query } = splitTarget(req.url ?? '/');
    const request: CoreRequest = {
      method: req.method ?? 'GET',
      path,
      query,
      headers: headersOf(req),
      body,
      clientIp: clientIpOf(req.socket),
    };
    let response: CoreResponse;
    try {
      response = core.handle(request);
    } catch (error) {
      // A bug in the core must cost one request, not the server.
      console.error('stand-in: unhandled error', error);
      response = internalServerError();
    }
    const stream = response.stream;
    // The client may go away before the stream opens (a delay) or while it is open.
    if (stream !== undefined) res.once('close', () => stream.close());
    if (response.delayMs <= 0) {
      send(req, res, response);
      return;
    }
    const timer = setTimeout(() => {
      delayed.delete(timer);
      send(req, res, response);
    }, response.delayMs);
    delayed.add(timer);
  }

  const tooLarge = () => detail(413, 'Request body too large');

  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    const length = req.headers['content-length'];
    // No body (most requests: the polls): answered at once, without waiting for its end.
    // Node discards the empty rest of the request once the answer is sent.
    if (length === undefined && req.headers['transfer-encoding'] === undefined) {
      answer(req, res, '');
      return;
    }
    const declared = Number(length ?? 0);
    if (declared > options.maxBodyBytes) {
      send(req, res, tooLarge(), true);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > options.maxBodyBytes) {
        refused = true;
        send(req, res, tooLarge(), true);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) answer(req, res, Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => res.destroy());
  });

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = 'Invalid HTTP request received.';
    socket.end(
      `HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: thousands of streams may connect at once.
    server.listen({ port: options.port, host: options.host, backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const ticker = setInterval(() => core.tick(), ANIMATION_STEP_MS);
  ticker.unref();

  return {
    url: `http://${hostForUrl(options.host)}:${port}`,
    port,
    core,
    close: () =>
      new Promise<void>((resolve, reject) => {
        clearInterval(ticker);
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        core.endStreams();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
