// The `k6/http` double: requests go through the VU's transport on its virtual clock and come
// back as k6-shaped responses; every request emits k6's built-in http_* samples with k6's tags.

import type * as K6Http from 'k6/http';
import { parseDuration } from '../../../lib/env';
import { requestWireBytes, responseWireBytes, utf8ByteLength } from '../../../lib/wire-bytes';
import { type BodyMode, buildResponse, type K6Response, responseErrorCode } from '../response';
import type { VuRuntime } from '../runtime';
import type { TransportRequest, TransportResult, TransportStream } from '../types';

export type HttpModule = Pick<
  typeof K6Http,
  | 'request'
  | 'get'
  | 'head'
  | 'post'
  | 'put'
  | 'patch'
  | 'del'
  | 'options'
  | 'batch'
  | 'asyncRequest'
  | 'expectedStatuses'
>;

/** The User-Agent k6 1.3.0 sends unless the script sets one (2.2.0: `Grafana k6/2.2.0`). */
export const K6_USER_AGENT = 'Grafana k6/1.3.0';
const DEFAULT_TIMEOUT_MS = 60_000;

/** Which statuses a response callback expects; `null`: the request has none (k6's `null`). */
type ExpectedStatus = ((status: number) => boolean) | null;

interface Prepared {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
  tags: Record<string, string>;
  timeoutMs: number;
  bodyMode: BodyMode;
  /** params.throw: a failed request throws (rejects) k6's error instead of answering. */
  throws: boolean;
  expected: ExpectedStatus;
}

type Body = K6Http.RequestBody | null | undefined;
type Params = K6Http.Params | null | undefined;

function formEncode(body: K6Http.StructuredRequestBody): string {
  return Object.entries(body)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');
}

/** k6's default: 200-399 expected. */
function isExpected(status: number): boolean {
  return status >= 200 && status < 400;
}

/** The callbacks `expectedStatuses` made, by the opaque object the script holds. */
const responseCallbacks = new WeakMap<object, (status: number) => boolean>();

type StatusRange = { min: number; max: number };

/** `http.expectedStatuses(200, { min: 300, max: 399 })`: whole numbers or ranges of them. */
function expectedStatuses(rt: VuRuntime, args: readonly unknown[]): object {
  const ranges: StatusRange[] = args.map((arg) => {
    if (Number.isInteger(arg)) return { min: arg as number, max: arg as number };
    const range = arg as Partial<StatusRange> | null;
    if (
      typeof range === 'object' &&
      range !== null &&
      Number.isInteger(range.min) &&
      Number.isInteger(range.max)
    ) {
      return { min: range.min as number, max: range.max as number };
    }
    throw new rt.realm.TypeError(
      `http.expectedStatuses: ${JSON.stringify(arg)} is neither a status nor {min, max}`,
    );
  });
  const callback = Object.freeze({});
  responseCallbacks.set(callback, (status) =>
    ranges.some((r) => status >= r.min && status <= r.max),
  );
  return callback;
}

function responseCallbackOf(rt: VuRuntime, value: unknown): ExpectedStatus {
  if (value === undefined) return isExpected;
  if (value === null) return null;
  const callback = typeof value === 'object' ? responseCallbacks.get(value) : undefined;
  if (callback === undefined) {
    throw new rt.realm.TypeError('http: responseCallback must come from http.expectedStatuses');
  }
  return callback;
}

function prepare(
  rt: VuRuntime,
  method: string,
  url: unknown,
  body: Body,
  params: Params,
): Prepared {
  const fail = (message: string) => new rt.realm.TypeError(message);
  if (typeof url !== 'string') throw fail('http: only string URLs are imitated (not http.url)');
  if (!/^https?:\/\/[^/?#]+/i.test(url)) throw fail(`invalid URL: ${url}`);
  const p = params ?? {};
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(p.headers ?? {})) headers[name] = String(value);
  let text: string | null = null;
  if (typeof body === 'string') text = body;
  else if (Object.prototype.toString.call(body) === '[object ArrayBuffer]')
    throw fail('http: ArrayBuffer bodies are not imitated');
  else if (body !== null && body !== undefined) {
    text = formEncode(body as K6Http.StructuredRequestBody);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
  }
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) {
    headers['User-Agent'] = K6_USER_AGENT;
  }
  const timeoutMs =
    p.timeout === undefined
      ? DEFAULT_TIMEOUT_MS
      : typeof p.timeout === 'number'
        ? p.timeout
        : parseDuration(p.timeout);
  if (timeoutMs === undefined || !(timeoutMs > 0)) throw fail(`invalid timeout: ${p.timeout}`);
  if (p.responseType === 'binary') throw fail("http: responseType 'binary' is not imitated");
  const discard = rt.state.options.discardResponseBodies === true;
  const bodyMode: BodyMode =
    p.responseType === 'none' || (discard && p.responseType !== 'text') ? 'none' : 'text';
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(p.tags ?? {})) {
    if (typeof v !== 'string') throw fail(`http: tag ${k} must be a string`);
    tags[k] = v;
  }
  const throws = (p as { throw?: unknown }).throw === true;
  return {
    method: method.toUpperCase(),
    url,
    headers,
    body: text,
    tags,
    timeoutMs,
    bodyMode,
    throws,
    expected: responseCallbackOf(rt, p.responseCallback),
  };
}

function transportRequest(p: Prepared) {
  return {
    method: p.method,
    url: p.url,
    headers: p.headers,
    body: p.body,
    tags: p.tags,
    timeoutMs: p.timeoutMs,
  };
}

function send(rt: VuRuntime, prepared: readonly Prepared[]): K6Response[] {
  const startMs = rt.elapsedMs;
  const exchanges = rt.exchange(prepared.map(transportRequest));
  return exchanges.map(({ request, result }, i) => {
    const p = prepared[i] as Prepared;
    if (result.stream === undefined) return record(rt, p, request, result);
    // A synchronous request for a stream blocks the VU until the stream ends or times out.
    const stream = result.stream;
    const ending = rt.waitOnStream(stream, startMs + p.timeoutMs);
    const heldMs = rt.elapsedMs - startMs;
    if (ending === 'ended')
      return record(rt, p, request, { ...result, body: stream.body, durationMs: heldMs });
    const timedOut = timeoutOf(result, heldMs);
    const response = record(rt, p, request, timedOut, stream.body, result);
    if (p.throws) throw thrownError(rt, p, timedOut, true);
    return response;
  });
}

/** What a stream held to its timeout gives: k6's timeout error, its headers dropped. */
function timeoutOf(result: TransportResult, heldMs: number): TransportResult {
  return {
    ...result,
    status: 0,
    headers: {},
    error: 'request timeout',
    errorCode: 1050,
    durationMs: heldMs,
  };
}

/**
 * k6's error for a failed request sent with `throw: true`: a Go error handed to the script.
 * A timeout after the headers is k6's K6Error, whose `code` is a Go value (an object that
 * only converts to 1050); any other is a url.Error, without a code.
 */
function thrownError(rt: VuRuntime, p: Prepared, result: TransportResult, afterHeaders: boolean) {
  const error = rt.realm.JSON.parse('{}') as Record<string, unknown>;
  if (afterHeaders && result.errorCode === 1050) {
    error.code = Object(1050);
    error.message = 'request timeout';
  } else {
    error.message = `${p.method.charAt(0)}${p.method.slice(1).toLowerCase()} "${p.url}": ${result.error}`;
  }
  error.toString = () => String(error.message);
  return error;
}

/**
 * An asyncRequest whose answer is a stream: the VU goes on; the Promise settles when the
 * server ends the stream (200 and the body) or at the request's timeout (status 0, 1050 and
 * the body so far; with `throw: true` a rejection with k6's error instead).
 */
function holdStream(
  rt: VuRuntime,
  p: Prepared,
  request: TransportRequest,
  result: TransportResult,
) {
  const stream = result.stream as TransportStream;
  const startMs = rt.elapsedMs;
  return new rt.realm.Promise<K6Response>((resolve, reject) => {
    rt.holdStream(stream, p.timeoutMs, (reason) => {
      const heldMs = rt.elapsedMs - startMs;
      if (reason === 'ended') {
        resolve(record(rt, p, request, { ...result, durationMs: heldMs }, stream.body, result));
        return;
      }
      const timedOut = timeoutOf(result, heldMs);
      const response = record(rt, p, request, timedOut, stream.body, result);
      if (p.throws) reject(thrownError(rt, p, timedOut, true));
      else resolve(response);
    });
  });
}

/**
 * Builds the response and emits k6's samples for it. `heldBody` and `answered`: a stream's
 * body and its answer (status, headers, time to first byte), also when it timed out (status
 * 0): its headers and these bytes still came.
 */
function record(
  rt: VuRuntime,
  p: Prepared,
  request: TransportRequest,
  result: TransportResult,
  heldBody?: string,
  answered?: TransportResult,
): K6Response {
  {
    const response = buildResponse(rt.realm, request, p.headers, result, p.bodyMode);
    if (heldBody !== undefined && answered !== undefined) {
      // k6 hands over what a stream received before its timeout, with the timings it took.
      response.body = p.bodyMode === 'none' ? null : heldBody;
      response.timings.duration = result.durationMs;
      response.timings.waiting = answered.durationMs;
    }
    // Without a callback (null) k6 adds no expected_response tag and no http_req_failed.
    const expected = p.expected === null ? undefined : p.expected(result.status);
    const tags: Record<string, string> = {
      ...rt.vuTags(),
      method: p.method,
      url: p.url,
      name: p.url,
      status: String(result.status),
      proto: response.proto,
      ...(expected === undefined ? {} : { expected_response: String(expected) }),
      ...p.tags,
    };
    const errorCode = responseErrorCode(result);
    if (errorCode !== 0) tags.error_code = String(errorCode);
    if (result.status === 0) {
      tags.error = result.error;
      // As k6 (lib/netext/httpext/request.go, 1.3.0 and 2.2.0): one warning per request that got
      // no answer, with Go's error (its Op is the method as `Get`); with `throw` the script
      // gets the error instead, and k6 logs nothing.
      if (!p.throws) {
        const op = `${p.method.slice(0, 1)}${p.method.slice(1).toLowerCase()}`;
        rt.log(
          'warn',
          `Request Failed error=${JSON.stringify(`${op} ${JSON.stringify(p.url)}: ${result.error}`)}`,
        );
      }
    }
    const t = response.timings;
    rt.emit('http_reqs', 1, tags);
    rt.emit('http_req_duration', t.duration, tags);
    rt.emit('http_req_blocked', t.blocked, tags);
    rt.emit('http_req_connecting', t.connecting, tags);
    rt.emit('http_req_tls_handshaking', t.tls_handshaking, tags);
    rt.emit('http_req_sending', t.sending, tags);
    rt.emit('http_req_waiting', t.waiting, tags);
    rt.emit('http_req_receiving', t.receiving, tags);
    if (expected !== undefined) rt.emit('http_req_failed', expected ? 0 : 1, tags);
    const wire = answered ?? result;
    if (wire.status !== 0) {
      const withLength =
        p.body === null
          ? p.headers
          : { ...p.headers, 'Content-Length': String(utf8ByteLength(p.body)) };
      rt.bytesSent += requestWireBytes(p.method, p.url, withLength, p.body);
      rt.bytesReceived += responseWireBytes(wire.status, wire.headers, heldBody ?? result.body);
    }
    return response;
  }
}

function one(rt: VuRuntime, method: string, url: unknown, body: Body, params: Params): K6Response {
  return send(rt, [prepare(rt, method, url, body, params)])[0] as K6Response;
}

type BatchItem = K6Http.BatchRequest;

function prepareBatchItem(rt: VuRuntime, item: BatchItem): Prepared {
  if (typeof item === 'string') return prepare(rt, 'GET', item, null, null);
  if (Array.isArray(item)) return prepare(rt, item[0], item[1], item[2], item[3]);
  if (typeof item === 'object' && item !== null && 'method' in item) {
    return prepare(rt, item.method, item.url, item.body, item.params);
  }
  throw new rt.realm.TypeError('http.batch: unsupported request (http.url is not imitated)');
}

export function createHttpModule(vu: () => VuRuntime): HttpModule {
  // The k6 signatures are generic in the response type; the double returns text responses.
  type Any = ReturnType<typeof K6Http.request>;
  const call = (method: string, url: unknown, body: Body, params: Params) =>
    one(vu(), method, url, body, params) as unknown as Any;
  return {
    request: (method, url, body, params) => call(method, url, body, params),
    get: (url, params) => call('GET', url, null, params),
    head: (url, params) => call('HEAD', url, null, params),
    post: (url, body, params) => call('POST', url, body, params),
    put: (url, body, params) => call('PUT', url, body, params),
    patch: (url, body, params) => call('PATCH', url, body, params),
    del: (url, body, params) => call('DELETE', url, body, params),
    options: (url, body, params) => call('OPTIONS', url, body, params),
    // The object is opaque to scripts, as k6's; the double knows its statuses.
    expectedStatuses: (...statuses) =>
      expectedStatuses(vu(), statuses) as ReturnType<typeof K6Http.expectedStatuses>,
    // Guess: a request answered in full completes before the Promise resolves, so parallel
    // asyncRequests are sequential in virtual time (their latencies add up). A stream (the
    // answer stays open) is held as k6 holds it: the VU goes on, the Promise settles later.
    asyncRequest: (method, url, body, params) => {
      const rt = vu();
      try {
        const p = prepare(rt, method, url, body, params);
        const { request, result } = rt.start(transportRequest(p));
        if (result.stream !== undefined) return holdStream(rt, p, request, result) as never;
        rt.advance(result.durationMs);
        const response = record(rt, p, request, result);
        if (p.throws && result.status === 0) {
          return rt.realm.Promise.reject(thrownError(rt, p, result, false));
        }
        return rt.realm.Promise.resolve(response as never);
      } catch (e) {
        return rt.realm.Promise.reject(e);
      }
    },
    batch<Q extends K6Http.BatchRequests>(requests: Q): K6Http.BatchResponses<Q> {
      const rt = vu();
      const entries: [string, BatchItem][] = Array.isArray(requests)
        ? requests.map((r, i) => [String(i), r])
        : Object.entries(requests);
      const responses = send(
        rt,
        entries.map(([, item]) => prepareBatchItem(rt, item)),
      );
      if (Array.isArray(requests)) return responses as unknown as K6Http.BatchResponses<Q>;
      const byName: Record<string, K6Response> = {};
      entries.forEach(([name], i) => {
        byName[name] = responses[i] as K6Response;
      });
      return byName as unknown as K6Http.BatchResponses<Q>;
    },
  };
}
