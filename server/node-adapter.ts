// The stand-in core over node:http: keep-alive connections, uvicorn-like headers, the
// injected latency applied as a delay, a body-size limit (413), and no crash on bad input.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from './clock';
import { createStandIn, type StandIn } from './core';
import type { ServerOptions } from './options';
import { detail, internalServerError } from './responses';
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

function send(res: ServerResponse, response: CoreResponse, close = false): void {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string | number> = {
    date: httpDate(),
    server: 'uvicorn',
    'content-length': Buffer.byteLength(response.body),
  };
  for (const name in response.headers) headers[name] = response.headers[name] ?? '';
  if (close) headers.connection = 'close';
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
    if (response.delayMs <= 0) {
      send(res, response);
      return;
    }
    const timer = setTimeout(() => {
      delayed.delete(timer);
      send(res, response);
    }, response.delayMs);
    delayed.add(timer);
  }

  const tooLarge = () => detail(413, 'Request body too large');

  const server = createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, (req, res) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > options.maxBodyBytes) {
      send(res, tooLarge(), true);
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
        send(res, tooLarge(), true);
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
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${hostForUrl(options.host)}:${port}`,
    port,
    core,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of delayed) clearTimeout(timer);
        delayed.clear();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
