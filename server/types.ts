// The stand-in server's core is a pure request -> response mapping plus a clock, so the
// Node adapter, the in-process tests and the k6 sandbox all drive the same code.

import type { CoreStream } from './streams';

/** One HTTP request as the core sees it. */
export interface CoreRequest {
  method: string;
  /** Path without the query string, e.g. `/rooms/1/messages/poll`. */
  path: string;
  /** Raw query string without the leading `?` (may be empty). */
  query: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Raw body text ('' when there is none). */
  body: string;
  /** Client IP address, e.g. `127.0.0.1`; the rate limiter keys on it. */
  clientIp: string;
}

/** One HTTP response from the core. */
export interface CoreResponse {
  status: number;
  /** Header names in lower case; `content-type` is set on every answer with a body. */
  headers: Record<string, string>;
  body: string;
  /** Injected latency the transport must add before answering (0 when none). */
  delayMs: number;
  /**
   * An SSE stream (`body` is then empty): the transport sends status and headers without a
   * length (chunked), calls `open` with a sink for the frames, and `close` when the client
   * goes away (also when it goes before `open`).
   */
  stream?: CoreStream;
  /** Answer nothing and close the connection (FAULT_STREAM_REFUSAL=close); status is 0. */
  dropConnection?: true;
}

/** Milliseconds since the epoch; tests and the sandbox pass a virtual clock. */
export interface Clock {
  now(): number;
}
