// k6 logs one `Request Failed` warning for each request that ends without an answer (a
// timeout, a refused or reset connection): thousands of lines when a server gives way. A script
// cannot stop that at no cost (docs/k6-runtime.md#http-responses), so the npm commands relay
// k6's log through this: the first few of those lines as k6 wrote them, then one line saying
// the rest are counted, and at the end the count by error. Every other line passes unchanged.

import { formatInt, plural } from './format';

/** `Request Failed` lines shown as k6 wrote them, before the rest are only counted. */
export const REQUEST_FAILED_SHOWN = 3;

/**
 * The error of a k6 `Request Failed` log line, text or JSON format; undefined for any other
 * line. Text: `time="..." level=warning msg="Request Failed" error="Get \"http://h/x\": request
 * timeout"` (k6 1.3.0 and 2.2.0 on a pipe), `WARN[0003] Request Failed  error="..."` on a
 * terminal, `warn: Request Failed error="..."` from the sandbox; JSON: `{"error":"...","level":"warning","msg":"Request Failed",...}`.
 */
export function requestFailedError(line: string): string | undefined {
  if (!line.includes('Request Failed')) return undefined;
  const trimmed = line.trim();
  if (trimmed.startsWith('{')) {
    try {
      const entry = JSON.parse(trimmed) as { msg?: unknown; error?: unknown };
      if (entry.msg !== 'Request Failed') return undefined;
      return typeof entry.error === 'string' ? entry.error : '';
    } catch {
      return undefined;
    }
  }
  const isK6Line = /\bmsg=/.test(trimmed)
    ? /\bmsg="Request Failed"/.test(trimmed)
    : /^(?:\S*\[\d+\]|warn:)\s+Request Failed(?:\s|$)/.test(trimmed);
  if (!isK6Line) return undefined;
  const quoted = /\berror="((?:[^"\\]|\\.)*)"/.exec(trimmed);
  if (quoted !== null) return (quoted[1] as string).replace(/\\(.)/g, '$1');
  return /\berror=(\S+)/.exec(trimmed)?.[1] ?? '';
}

/**
 * What kind of failure a k6 request error is: the text after its last `: `, without the
 * request and the addresses (`Get "http://h/x": dial tcp 127.0.0.1:1: connect: connection
 * refused` is `connection refused`; `... read: connection reset by peer` is `connection reset
 * by peer`; `request timeout`, `EOF`, `no such host`).
 */
export function failureKind(error: string): string {
  const last = error.lastIndexOf(': ');
  const kind = (last < 0 ? error : error.slice(last + 2)).trim();
  return kind === '' ? 'unknown error' : kind;
}

/** Counts the `Request Failed` lines of one k6 run and says which of its lines to print. */
export class RequestFailedLog {
  readonly #shown: number;
  #seen = 0;
  readonly #byKind = new Map<string, number>();

  constructor(shown: number = REQUEST_FAILED_SHOWN) {
    this.#shown = shown;
  }

  /** The `Request Failed` lines k6 wrote so far. */
  get seen(): number {
    return this.#seen;
  }

  /** What to print for one of k6's log lines (without its newline): the lines, maybe none. */
  line(text: string): string[] {
    const error = requestFailedError(text);
    if (error === undefined) return [text];
    this.#seen++;
    const kind = failureKind(error);
    this.#byKind.set(kind, (this.#byKind.get(kind) ?? 0) + 1);
    if (this.#seen <= this.#shown) return [text];
    if (this.#seen === this.#shown + 1) {
      return [
        `More requests failed: k6's "Request Failed" line for each is counted, not printed; the count by error follows when k6 ends, and the report counts every failed request by error code (Errors by Type)`,
      ];
    }
    return [];
  }

  /** The closing line: how many were not printed, by error; null when all were. */
  summary(): string | null {
    if (this.#seen <= this.#shown) return null;
    const kinds = [...this.#byKind.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([kind, n]) => `${kind} ${formatInt(n)}`)
      .join(', ');
    return `k6 logged ${plural(this.#seen, '"Request Failed" line')}, ${formatInt(this.#shown)} printed: ${kinds}`;
  }
}

/**
 * Splits a stream's chunks into lines for `RequestFailedLog` and writes what it keeps;
 * `write` gets whole lines with their newline. `end()` writes a last line without a newline.
 */
export function relayLines(log: RequestFailedLog, write: (text: string) => void) {
  let pending = '';
  return {
    chunk(text: string): void {
      pending += text;
      let nl = pending.indexOf('\n');
      while (nl >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        for (const out of log.line(line)) write(`${out}\n`);
        nl = pending.indexOf('\n');
      }
    },
    end(): void {
      if (pending === '') return;
      for (const out of log.line(pending)) write(`${out}\n`);
      pending = '';
    },
  };
}
