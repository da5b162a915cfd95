// Binds lib's HttpSeam to k6/http: parallel requests through http.batch.

import http, { type ObjectBatchRequest } from 'k6/http';
import type { HttpSeam, SeamRequest, SeamResponse } from '../http-seam';

function toBatchRequest(request: SeamRequest): ObjectBatchRequest {
  return {
    method: request.method,
    url: request.url,
    body: request.body,
    params: { headers: { ...request.headers }, tags: { ...request.tags } },
  };
}

/** The User-Agent k6 sent with the first request through the seam (it names k6's version). */
let sentUserAgent: string | undefined;

/** The User-Agent of this runtime's first request through the seam; undefined before one. */
export function firstUserAgent(): string | undefined {
  return sentUserAgent;
}

export const k6HttpSeam: HttpSeam = {
  send(requests) {
    if (requests.length === 0) return [];
    const batch: ObjectBatchRequest[] = requests.map(toBatchRequest);
    const responses = http.batch(batch);
    // k6 reports the headers it sent as arrays of strings (docs/k6-runtime.md).
    sentUserAgent ??= (
      responses[0]?.request.headers['User-Agent'] as unknown as string[] | undefined
    )?.[0];
    return responses.map(
      (r): SeamResponse => ({
        status: r.status,
        body: typeof r.body === 'string' ? r.body : null,
        error: r.error ?? '',
        errorCode: r.error_code ?? 0,
      }),
    );
  },
};
