// Estimates of HTTP/1.1 wire bytes per request and response (status or request line, headers,
// body), so bandwidth can be split per endpoint and room; k6's data_sent/data_received stay
// the measured totals. k6 has no TextEncoder, so UTF-8 length is counted from char codes, but
// only off the hot path: per response, `responseWireBytesFromHeaders` reads lengths alone
// (a per-character loop in k6's interpreter cost more than the request itself).

/** Bytes of `text` encoded as UTF-8 (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

const REASON_PHRASES: Readonly<Record<number, string>> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

type HeaderValues = Readonly<Record<string, string | readonly string[]>>;

const statusLineBytes = new Map<number, number>();

/** Bytes of `HTTP/1.1 <status> <reason>\r\n` (ASCII), computed once per status. */
function statusLineLength(status: number): number {
  let bytes = statusLineBytes.get(status);
  if (bytes === undefined) {
    bytes = `HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? ''}\r\n`.length;
    statusLineBytes.set(status, bytes);
  }
  return bytes;
}

/**
 * The response's wire bytes from lengths only, for the per-response path: the status line,
 * each header as `name: value\r\n` (HTTP header text is ASCII, so one byte per character),
 * and the body's `Content-Length`; without that header, the body's length in UTF-16 code
 * units (exact for ASCII JSON, a lower bound otherwise). 0 when no response arrived.
 */
export function responseWireBytesFromHeaders(
  status: number,
  headers: Readonly<Record<string, string>>,
  body: string | null,
): number {
  if (status === 0) return 0;
  let bytes = statusLineLength(status) + 2;
  let contentLength = -1;
  // Object.keys and an indexed loop: k6's headers are a Go map, and a for...in over it cost
  // a third more per response (measured in k6 1.3.0 and 2.2.0).
  const names = Object.keys(headers);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const value = headers[name] ?? '';
    bytes += name.length + value.length + 4;
    if (name === 'Content-Length') contentLength = Number(value);
  }
  if (contentLength >= 0 && Number.isFinite(contentLength)) return bytes + contentLength;
  return bytes + (body === null ? 0 : body.length);
}

function headerBytes(headers: HeaderValues): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers)) {
    for (const one of typeof value === 'string' ? [value] : value) {
      bytes += utf8ByteLength(`${name}: ${one}\r\n`);
    }
  }
  return bytes;
}

/** Status line, headers, blank line and body of a response; 0 when none arrived (status 0). */
export function responseWireBytes(
  status: number,
  headers: HeaderValues,
  body: string | null,
): number {
  if (status === 0) return 0;
  const statusLine = `HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? ''}\r\n`;
  return (
    utf8ByteLength(statusLine) +
    headerBytes(headers) +
    2 +
    (body === null ? 0 : utf8ByteLength(body))
  );
}

/** Request line, Host, headers, blank line and body of a request that reached the server. */
export function requestWireBytes(
  method: string,
  url: string,
  headers: HeaderValues,
  body: string | null,
): number {
  const match = /^[a-z]+:\/\/([^/?#]+)([^#]*)/i.exec(url);
  const host = match?.[1] ?? '';
  const target = match?.[2] || '/';
  const hasHost = Object.keys(headers).some((name) => name.toLowerCase() === 'host');
  return (
    utf8ByteLength(`${method} ${target} HTTP/1.1\r\n`) +
    (hasHost ? 0 : utf8ByteLength(`Host: ${host}\r\n`)) +
    headerBytes(headers) +
    2 +
    (body === null ? 0 : utf8ByteLength(body))
  );
}
