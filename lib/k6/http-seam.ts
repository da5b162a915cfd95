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

export const k6HttpSeam: HttpSeam = {
  send(requests) {
    if (requests.length === 0) return [];
    const batch: ObjectBatchRequest[] = requests.map(toBatchRequest);
    return http.batch(batch).map(
      (r): SeamResponse => ({
        status: r.status,
        body: typeof r.body === 'string' ? r.body : null,
        error: r.error ?? '',
        errorCode: r.error_code ?? 0,
      }),
    );
  },
};
