// Helpers for driving the core in-process: a virtual clock and a request builder.

import type { Clock, CoreRequest } from './types';

export interface VirtualClock extends Clock {
  advance(ms: number): void;
}

export function virtualClock(startMs = Date.UTC(2025, 0, 1)): VirtualClock {
  let now = startMs;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
  };
}

/** A request with defaults: GET, no query, no body, from 127.0.0.1; `token` sets X-API-Key. */
export function coreRequest(
  method: string,
  pathAndQuery: string,
  {
    token,
    body,
    clientIp = '127.0.0.1',
    headers = {},
  }: {
    token?: string;
    body?: unknown;
    clientIp?: string;
    headers?: Record<string, string>;
  } = {},
): CoreRequest {
  const mark = pathAndQuery.indexOf('?');
  return {
    method,
    path: mark === -1 ? pathAndQuery : pathAndQuery.slice(0, mark),
    query: mark === -1 ? '' : pathAndQuery.slice(mark + 1),
    headers: { ...headers, ...(token === undefined ? {} : { 'x-api-key': token }) },
    body: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
    clientIp,
  };
}

export interface RecordingSink {
  write(frame: string): void;
  end(): void;
  /** Every frame written, in order. */
  frames: string[];
  ended: boolean;
  text(): string;
  /** The event name of each frame; `ping` for the ping comment. */
  events(): string[];
  /** Each frame's data parsed as JSON (null for a comment, '' for empty data). */
  data(): unknown[];
}

/** A stream sink that keeps what it is given, for assertions. */
export function recordingSink(): RecordingSink {
  const frames: string[] = [];
  const sink: RecordingSink = {
    frames,
    ended: false,
    write: (frame) => {
      frames.push(frame);
    },
    end: () => {
      sink.ended = true;
    },
    text: () => frames.join(''),
    events: () =>
      frames.map((f) => (f.startsWith(': ping') ? 'ping' : (/^event: (\S+)/.exec(f)?.[1] ?? '?'))),
    data: () =>
      frames.map((f) => {
        const data = /\r\ndata: (.*)\r\n/.exec(f)?.[1];
        if (data === undefined) return null;
        return data === '' ? '' : JSON.parse(data);
      }),
  };
  return sink;
}
