// The stand-in server's core is a pure request -> response mapping plus a clock, so the
// Node adapter, the in-process tests and the k6 sandbox all drive the same code.

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
  /** Header names in lower case; `content-type` is always set. */
  headers: Record<string, string>;
  body: string;
  /** Injected latency the transport must add before answering (0 when none). */
  delayMs: number;
}

/** Milliseconds since the epoch; tests and the sandbox pass a virtual clock. */
export interface Clock {
  now(): number;
}
