// The poll scenario's custom metrics (created at init, as k6 requires) and how responses and
// polls' lateness are recorded into them. Per response only the samples k6 cannot sum for us
// are added (cw_latency, cw_errors); the exact-sum counters go through a ResponseTally and
// reach k6 once per flush.

import type { RefinedResponse, ResponseType } from 'k6/http';
import { Counter, Gauge, Rate, Trend } from 'k6/metrics';
import type { Endpoint } from '../endpoints';
import { METRIC } from '../metric-names';
import {
  type CounterSink,
  type EndpointSeries,
  ResponseTally,
  type TallyMetric,
} from '../poll/response-tally';
import { classifyResponse } from '../response-outcome';
import { requestWireBytes, responseWireBytesFromHeaders } from '../wire-bytes';

const counters: Record<TallyMetric, Counter> = {
  [METRIC.requests]: new Counter(METRIC.requests),
  [METRIC.rateLimited]: new Counter(METRIC.rateLimited),
  [METRIC.bytesReceived]: new Counter(METRIC.bytesReceived),
  [METRIC.bytesSent]: new Counter(METRIC.bytesSent),
  [METRIC.connectionErrors]: new Counter(METRIC.connectionErrors),
};
const latency = new Trend(METRIC.latency, true);
const errors = new Rate(METRIC.errors);
const scheduleLag = new Trend(METRIC.scheduleLag, true);
const loadPhase = new Gauge(METRIC.loadPhase, true);

const toCounters: CounterSink = (metric, value, tags) => counters[metric].add(value, tags);

type AnyResponse = RefinedResponse<ResponseType | undefined>;

/** What a VU records of one request kind: its series, and its request size measured once. */
export interface RecordedEndpoint {
  readonly series: EndpointSeries;
  /** Request bytes other than the URL: the same for every request of the kind from a VU. */
  requestBytesBesidesUrl: number | undefined;
}

/** One VU's recording of its poll responses. */
export class PollRecorder {
  readonly #tally: ResponseTally;

  /** For the request kinds `endpoints` (the run's model), rooms broken down as the report's. */
  constructor(endpoints: readonly Endpoint[], roomBreakdown: number) {
    this.#tally = new ResponseTally(endpoints, roomBreakdown);
  }

  /** A kind's recording state, asked once per VU and kind so that no response looks it up. */
  endpoint(endpoint: Endpoint): RecordedEndpoint {
    return { series: this.#tally.endpoint(endpoint), requestBytesBesidesUrl: undefined };
  }

  record(recorded: RecordedEndpoint, roomIndex: number, url: string, response: AnyResponse): void {
    const series = recorded.series.of(roomIndex);
    const outcome = classifyResponse(response.status, response.error_code);
    errors.add(outcome.error, series.endpointTags);
    if (outcome.connectionError !== undefined) {
      this.#tally.count(series, outcome, 0, 0);
      return;
    }
    latency.add(response.timings.duration, series.tags);
    const received = responseWireBytesFromHeaders(
      response.status,
      response.headers,
      typeof response.body === 'string' ? response.body : null,
    );
    this.#tally.count(series, outcome, received, requestBytes(recorded, url, response));
  }

  /**
   * Adds the sums counted since the last flush to k6's counters; `sinceStartMs` (ms from the
   * scenario's start) marks how far the load phase has got.
   */
  flush(sinceStartMs: number): void {
    this.#tally.flush(toCounters);
    loadPhase.add(sinceStartMs);
  }
}

/** Only the URL (since_id) varies between a VU's requests of a kind: measure the rest once. */
function requestBytes(recorded: RecordedEndpoint, url: string, response: AnyResponse): number {
  let besidesUrl = recorded.requestBytesBesidesUrl;
  if (besidesUrl === undefined) {
    const { method, url: sentUrl, headers } = response.request;
    besidesUrl = requestWireBytes(method, sentUrl, headers, null) - sentUrl.length;
    recorded.requestBytesBesidesUrl = besidesUrl;
  }
  return besidesUrl + url.length;
}

/** How late a poll started against its due time, in ms. */
export function recordScheduleLag(lagMs: number): void {
  scheduleLag.add(Math.max(0, lagMs));
}
