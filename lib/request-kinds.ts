// Request kinds as a VU sends them: everything about a kind of the table of endpoints
// (lib/endpoints.ts) that is the same for all its requests, built once after setup (which
// gives the API key) and shared by every request of the kind, so that no request looks
// anything up. Used by the seed VU and the chat and game VUs.

import {
  type Cursor,
  ENDPOINTS,
  type Endpoint,
  endpointNameTag,
  type HeaderSet,
  type RequestMethod,
} from './endpoints';

export interface RequestKind {
  readonly endpoint: Endpoint;
  readonly method: RequestMethod;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * `{ name: <path template>, endpoint }`, one object for all the kind's requests: k6's `name`
   * tag, and the `endpoint` tag that k6's own http_* metrics of the request then carry (its
   * http_req_failed is the kind's error rate, lib/metric-names.ts).
   */
  readonly tags: Readonly<Record<string, string>>;
  /** The script reads the answer's body (a cursor); otherwise k6 need not copy it. */
  readonly readsBody: boolean;
  /** The cursor its answer moves; null: none. */
  readonly cursor: Cursor | null;
  /** `?since_id=`: what precedes the cursor in the URL; null when the kind sends none. */
  readonly cursorQuery: string | null;
  /** The URL is `urlPrefix` + id + `urlSuffix` (+ a query); a path without id is `urlPrefix`. */
  readonly urlPrefix: string;
  readonly urlSuffix: string;
}

/** The headers of each header set (see {@link HeaderSet}), one object per set. */
export function requestHeaders(
  apiKey: string,
): Readonly<Record<HeaderSet, Record<string, string>>> {
  return {
    client: { 'X-API-Key': apiKey, 'ngrok-skip-browser-warning': 'true' },
    ticket: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
    'event-source': { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' },
  };
}

/** The kinds of `endpoints` against `baseUrl`, sending `apiKey` where the client does. */
export function requestKinds(
  endpoints: readonly Endpoint[],
  baseUrl: string,
  apiKey: string,
): RequestKind[] {
  const headers = requestHeaders(apiKey);
  return endpoints.map((endpoint) => {
    const spec = ENDPOINTS[endpoint];
    const [prefix, suffix = ''] = spec.path.split('{id}');
    return {
      endpoint,
      method: spec.method,
      headers: headers[spec.headers],
      tags: { name: endpointNameTag(endpoint), endpoint },
      readsBody: spec.readsBody,
      cursor: spec.cursor,
      cursorQuery: spec.cursor?.query == null ? null : `?${spec.cursor.query}=`,
      urlPrefix: `${baseUrl}${prefix}`,
      urlSuffix: suffix,
    };
  });
}
