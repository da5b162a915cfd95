// Transports for the http double: one bound in-process to the stand-in server's core (no
// socket), and a scripted one for unit tests. Unknown host:port is "connection refused".

import type { CoreStream } from '../../server/core';
import type { CoreRequest, CoreResponse } from '../../server/types';
import type { Transport, TransportRequest, TransportResult, TransportStream } from './types';

/** What a transport needs from the stand-in server's core (server/core.ts `StandIn`). */
export interface CoreHandler {
  handle(request: CoreRequest): CoreResponse;
}

export function refusedResult(): TransportResult {
  return {
    status: 0,
    headers: {},
    body: null,
    error: 'dial: connection refused',
    errorCode: 1212,
    durationMs: 0,
  };
}

/** `host:port` of an http(s) URL (default ports filled in), lower case. */
export function urlAddress(url: string): string {
  const match = /^([a-z]+):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/i.exec(url);
  if (match === null) return '';
  const port = match[3] ?? ((match[1] ?? '').toLowerCase() === 'https' ? '443' : '80');
  return `${(match[2] ?? '').toLowerCase()}:${port}`;
}

function pathAndQuery(url: string): { path: string; query: string } {
  const rest = /^[a-z]+:\/\/[^/?#]*([^#]*)/i.exec(url)?.[1] ?? '/';
  const mark = rest.indexOf('?');
  const path = (mark === -1 ? rest : rest.slice(0, mark)) || '/';
  return { path, query: mark === -1 ? '' : rest.slice(mark + 1) };
}

export interface StandInTransportOptions {
  /** The `host:port` the stand-in answers on, e.g. `standin.test:8000`. */
  address: string;
  /** Virtual ms every exchange takes before any injected latency. Default 1. */
  baseLatencyMs?: number;
  /** The clock a stream's end is read from (the test's shared virtual clock). */
  now?: () => number;
}

/**
 * Sends requests to the stand-in's core in-process. The core sees lower-case header names,
 * the VU's source address as client IP and the raw body; its `delayMs` adds to the latency.
 */
/** The stand-in's stream as the sandbox's client sees it: frames collected, its end noted. */
function openStream(stream: CoreStream, now: () => number): TransportStream {
  let body = '';
  let endedAtMs: number | undefined;
  let closed = false;
  stream.open({
    write: (frame) => {
      if (!closed) body += frame;
    },
    end: () => {
      endedAtMs ??= now();
    },
  });
  return {
    get body() {
      return body;
    },
    get endedAtMs() {
      return endedAtMs;
    },
    close() {
      closed = true;
      stream.close();
    },
  };
}

export function standInTransport(core: CoreHandler, o: StandInTransportOptions): Transport {
  const address = o.address.toLowerCase();
  const base = o.baseLatencyMs ?? 1;
  return (request) => {
    if (urlAddress(request.url) !== address) return refusedResult();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      headers[name.toLowerCase()] = value;
    }
    const response = core.handle({
      method: request.method,
      ...pathAndQuery(request.url),
      headers,
      body: request.body ?? '',
      clientIp: request.localIp,
    });
    if (response.stream !== undefined) {
      return {
        status: response.status,
        headers: { ...response.headers, 'transfer-encoding': 'chunked' },
        body: '',
        error: '',
        errorCode: 0,
        durationMs: base + response.delayMs,
        stream: openStream(response.stream, o.now ?? Date.now),
      };
    }
    if (response.dropConnection === true) {
      // FAULT_STREAM_REFUSAL=close: no answer, the connection closed (k6 reads EOF).
      return {
        status: 0,
        headers: {},
        body: null,
        error: 'EOF',
        errorCode: 1000,
        durationMs: base,
      };
    }
    const responseHeaders = { ...response.headers };
    responseHeaders['content-length'] ??= String(Buffer.byteLength(response.body));
    return {
      status: response.status,
      headers: responseHeaders,
      body: response.body,
      error: '',
      errorCode: 0,
      durationMs: base + response.delayMs,
    };
  };
}

/** A scripted answer: a full result, or status/body (objects become JSON) with defaults. */
export type ScriptedReply =
  | TransportResult
  | {
      status: number;
      body?: unknown;
      headers?: Readonly<Record<string, string>>;
      durationMs?: number;
    };

export interface ScriptedRoute {
  method?: string;
  /** Matched against the URL's path (without query): exact string or RegExp. */
  path: string | RegExp;
  /** One reply, a function of the request, or a list used in order (the last one repeats). */
  reply: ScriptedReply | readonly ScriptedReply[] | ((request: TransportRequest) => ScriptedReply);
}

function toResult(reply: ScriptedReply): TransportResult {
  if ('errorCode' in reply) return reply;
  const json = typeof reply.body !== 'string' && reply.body !== undefined;
  const body =
    reply.body === undefined ? '' : json ? JSON.stringify(reply.body) : String(reply.body);
  return {
    status: reply.status,
    headers: { 'content-type': json ? 'application/json' : 'text/plain', ...reply.headers },
    body,
    error: '',
    errorCode: 0,
    durationMs: reply.durationMs ?? 1,
  };
}

/** Answers from the first matching route; anything unmatched is refused (nothing listens). */
export function scriptedTransport(routes: readonly ScriptedRoute[]): Transport {
  const used = new Map<ScriptedRoute, number>();
  return (request) => {
    const { path } = pathAndQuery(request.url);
    const route = routes.find(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === request.method) &&
        (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
    );
    if (route === undefined) return refusedResult();
    if (typeof route.reply === 'function') return toResult(route.reply(request));
    if (!Array.isArray(route.reply)) return toResult(route.reply as ScriptedReply);
    const n = used.get(route) ?? 0;
    used.set(route, n + 1);
    const list = route.reply as readonly ScriptedReply[];
    const reply = list[Math.min(n, list.length - 1)];
    return reply === undefined ? refusedResult() : toResult(reply);
  };
}
