// Builds response objects shaped like k6's (docs/k6-runtime.md): canonical header names, timings,
// status 0 with a null body on connection errors, error_code 1000 + status for 4xx/5xx, and
// json() that throws on a null or non-JSON body.

import type { Response } from 'k6/http';
import type { Realm } from './runtime';
import type { TransportRequest, TransportResult } from './types';

/** Go's http.CanonicalHeaderKey: `x-ratelimit-limit` -> `X-Ratelimit-Limit`. */
export function canonicalHeaderName(name: string): string {
  return name
    .toLowerCase()
    .split('-')
    .map((part) => (part === '' ? part : part[0]?.toUpperCase() + part.slice(1)))
    .join('-');
}

export function canonicalHeaders(
  headers: Readonly<Record<string, string>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = canonicalHeaderName(name);
    out[key] = out[key] === undefined ? value : `${out[key]}, ${value}`;
  }
  return out;
}

/** The fields k6 fills in; TLS, OCSP, cookies and HTML helpers are not imitated. */
export type K6Response = Pick<
  Response,
  | 'status'
  | 'status_text'
  | 'body'
  | 'headers'
  | 'timings'
  | 'proto'
  | 'error'
  | 'error_code'
  | 'url'
  | 'remote_ip'
  | 'remote_port'
  | 'request'
  | 'json'
>;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The error code k6 gives a response: the transport's for status 0, 1000 + status for >= 400. */
export function responseErrorCode(result: TransportResult): number {
  if (result.status === 0) return result.errorCode;
  return result.status >= 400 ? 1000 + result.status : 0;
}

function responseError(result: TransportResult): string {
  if (result.status === 0) return result.error;
  return result.status >= 400 ? `${result.status} ${STATUS_TEXT[result.status] ?? ''}`.trim() : '';
}

function hostPort(url: string): { host: string; port: number } {
  const match = /^([a-z]+):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#]+)(?::(\d+))?/i.exec(url);
  const scheme = (match?.[1] ?? 'http').toLowerCase();
  const port = match?.[3] === undefined ? (scheme === 'https' ? 443 : 80) : Number(match[3]);
  return { host: match?.[2] ?? '', port };
}

/** `responseType: 'none'` drops the body as k6 does; 'binary' is not imitated (strict). */
export type BodyMode = 'text' | 'none';

export function buildResponse(
  realm: Realm,
  request: TransportRequest,
  requestHeaders: Readonly<Record<string, string>>,
  result: TransportResult,
  bodyMode: BodyMode,
): K6Response {
  const failed = result.status === 0;
  const body = failed || bodyMode === 'none' ? null : (result.body ?? '');
  const { host, port } = hostPort(request.url);
  const request_headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(canonicalHeaders(requestHeaders))) {
    request_headers[name] = [value];
  }
  return {
    status: result.status,
    status_text: failed ? '' : `${result.status} ${STATUS_TEXT[result.status] ?? ''}`.trim(),
    body,
    headers: failed ? {} : canonicalHeaders(result.headers),
    timings: {
      duration: failed ? 0 : result.durationMs,
      blocked: 0,
      connecting: 0,
      tls_handshaking: 0,
      sending: 0,
      waiting: failed ? 0 : result.durationMs,
      receiving: 0,
    },
    proto: failed ? ('' as Response['proto']) : 'HTTP/1.1',
    error: responseError(result),
    error_code: responseErrorCode(result),
    url: request.url,
    remote_ip: failed ? '' : host.replace(/^\[|\]$/g, ''),
    remote_port: failed ? 0 : port,
    request: {
      method: request.method,
      url: request.url,
      body: request.body ?? '',
      headers: request_headers,
      cookies: {},
    },
    json(selector?: string) {
      if (selector !== undefined) throw new realm.Error('json(selector) is not imitated');
      if (body === null) {
        throw new realm.Error(
          "GoError: the body is null so we can't transform it to JSON - this likely was because of a request error getting the response",
        );
      }
      try {
        return realm.JSON.parse(body);
      } catch (e) {
        throw new realm.Error(
          `GoError: cannot parse json due to an error: ${(e as Error).message}`,
        );
      }
    },
  };
}
