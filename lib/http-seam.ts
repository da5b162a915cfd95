// The seam between pure request logic (login, rooms) and k6/http: lib code sends requests
// through this interface, lib/k6/http-seam.ts binds it to k6, tests bind it to a fake.

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface SeamRequest {
  method: HttpMethod;
  url: string;
  /** JSON text, or null for no body. */
  body: string | null;
  headers: Readonly<Record<string, string>>;
  /** k6 tags; `name` groups dynamic URLs into one time series. */
  tags: Readonly<Record<string, string>>;
}

export interface SeamResponse {
  /** 0 when no response arrived (connection refused, timeout, ...). */
  status: number;
  /** null on connection errors (k6 gives null there, never ''). */
  body: string | null;
  /** k6's error text, '' when none. */
  error: string;
  /** k6's error code, 0 when none. */
  errorCode: number;
}

export interface HttpSeam {
  /** Sends the requests in parallel (k6 http.batch) and returns responses in the same order. */
  send(requests: readonly SeamRequest[]): SeamResponse[];
}

/** Parses a JSON body; undefined for null, empty or invalid JSON (never throws). */
export function parseJsonBody(body: string | null): unknown {
  if (body === null || body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** FastAPI's `detail`, the limiter's `error`, or the start of the body: for error messages. */
export function describeErrorBody(body: string | null): string {
  const parsed = parseJsonBody(body);
  if (typeof parsed === 'object' && parsed !== null) {
    const record = parsed as Record<string, unknown>;
    for (const key of ['detail', 'error', 'message']) {
      const value = record[key];
      if (typeof value === 'string') return value;
      if (value !== undefined) return JSON.stringify(value);
    }
  }
  if (body === null || body === '') return '(no body)';
  return body.length > 120 ? `${body.slice(0, 120)}...` : body;
}
