// sse-starlette 3.0.3's wire format, as routers/sse.py uses it: CRLF line ends, every event
// ended by an empty line, `event:` then one `data:` line per line of data, a keepalive event
// after 15 s without one, and a `: ping - <str(datetime)>` comment every 15 s regardless.

import { pythonUtcStr } from './python';

/** The stream's answer headers (sse-starlette's, with Starlette's charset). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
  'content-type': 'text/event-stream; charset=utf-8',
};

/** routers/sse.py's KEEPALIVE_INTERVAL: the longest the event queue is waited on. */
export const KEEPALIVE_INTERVAL_MS = 15_000;
/** sse-starlette's DEFAULT_PING_INTERVAL. */
export const PING_INTERVAL_MS = 15_000;

const LINE_BREAK = /\r\n|\r|\n/;

export function eventFrame(event: string, data: string): string {
  if (!LINE_BREAK.test(data)) return `event: ${event}\r\ndata: ${data}\r\n\r\n`;
  const lines = data.split(LINE_BREAK).map((line) => `data: ${line}\r\n`);
  return `event: ${event}\r\n${lines.join('')}\r\n`;
}

export const KEEPALIVE_FRAME = eventFrame('keepalive', '');

/** The ping comment sent at `ms` (its text is the server's clock at that moment). */
export function pingFrame(ms: number): string {
  return `: ping - ${pythonUtcStr(ms)}\r\n\r\n`;
}
