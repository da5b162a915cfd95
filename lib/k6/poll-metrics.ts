// The poll scenario's custom metrics (created at init, as k6 requires) and how one response
// or one poll's lateness is recorded into them.

import type { RefinedResponse, ResponseType } from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import { type Endpoint, METRIC } from '../metric-names';
import { classifyResponse } from '../response-outcome';
import { requestWireBytes, responseWireBytes } from '../wire-bytes';

const requests = new Counter(METRIC.requests);
const latency = new Trend(METRIC.latency, true);
const bytesReceived = new Counter(METRIC.bytesReceived);
const bytesSent = new Counter(METRIC.bytesSent);
const rateLimited = new Counter(METRIC.rateLimited);
const errors = new Rate(METRIC.errors);
const connectionErrors = new Counter(METRIC.connectionErrors);
const scheduleLag = new Trend(METRIC.scheduleLag, true);

/** Which series a response belongs to; `room` only when rooms are broken down one by one. */
export interface ResponseSeries {
  endpoint: Endpoint;
  room: string | undefined;
}

type AnyResponse = RefinedResponse<ResponseType | undefined>;

export function recordResponse(series: ResponseSeries, response: AnyResponse): void {
  const outcome = classifyResponse(response.status, response.error_code);
  const tags: Record<string, string> =
    series.room === undefined
      ? { endpoint: series.endpoint }
      : { endpoint: series.endpoint, room: series.room };
  requests.add(1, { ...tags, status: outcome.status });
  errors.add(outcome.error, { endpoint: series.endpoint });
  if (outcome.rateLimited) rateLimited.add(1, tags);
  if (outcome.connectionError !== undefined) {
    connectionErrors.add(1, { error_code: outcome.connectionError });
    return;
  }
  const body = typeof response.body === 'string' ? response.body : null;
  latency.add(response.timings.duration, tags);
  bytesReceived.add(responseWireBytes(response.status, response.headers, body), tags);
  bytesSent.add(
    requestWireBytes(response.request.method, response.request.url, response.request.headers, null),
    tags,
  );
}

/** How late a poll started against its due time, in ms. */
export function recordScheduleLag(lagMs: number): void {
  scheduleLag.add(Math.max(0, lagMs));
}
