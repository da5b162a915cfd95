// A VU's running sums of the counters that are exact sums (cw_requests, cw_rate_limited,
// cw_bytes_received, cw_bytes_sent, cw_connection_errors): counted in plain numbers per response
// and handed to k6 as one sample per series and flush, each series with one tags object for
// the whole run. A metric add costs k6's interpreter more than the arithmetic it replaces.
// Pure: the scenario binds the sink to k6 Counters, tests to an array.

import {
  ENDPOINTS,
  type Endpoint,
  type ErrorCodeTag,
  METRIC,
  type StatusTag,
} from '../metric-names';
import type { ResponseOutcome } from '../response-outcome';

type Tags = Readonly<Record<string, string>>;

export type TallyMetric =
  | typeof METRIC.requests
  | typeof METRIC.rateLimited
  | typeof METRIC.bytesReceived
  | typeof METRIC.bytesSent
  | typeof METRIC.connectionErrors;

/** Where flushed sums go: k6 Counters in the scenario. */
export type CounterSink = (metric: TallyMetric, value: number, tags: Tags) => void;

interface TaggedCount {
  readonly tags: Tags;
  count: number;
}

/** One endpoint, or one endpoint of one broken-down room: its tags and its sums since the last flush. */
export class ResponseSeries {
  /** `{endpoint}` or `{endpoint, room}`: tags of latency, bytes and 429 samples. */
  readonly tags: Tags;
  /** `{endpoint}`: tags of cw_errors, which is per endpoint only. */
  readonly endpointTags: Tags;
  readonly #byStatus = new Map<StatusTag, TaggedCount>();
  rateLimited = 0;
  bytesReceived = 0;
  bytesSent = 0;

  constructor(endpointTags: Tags, room: string | undefined) {
    this.endpointTags = endpointTags;
    this.tags = room === undefined ? endpointTags : { ...endpointTags, room };
  }

  countStatus(status: StatusTag): void {
    const entry = this.#byStatus.get(status);
    if (entry === undefined)
      this.#byStatus.set(status, { tags: { ...this.tags, status }, count: 1 });
    else entry.count++;
  }

  flush(sink: CounterSink): void {
    for (const entry of this.#byStatus.values()) {
      if (entry.count > 0) sink(METRIC.requests, entry.count, entry.tags);
      entry.count = 0;
    }
    if (this.rateLimited > 0) sink(METRIC.rateLimited, this.rateLimited, this.tags);
    if (this.bytesReceived > 0) sink(METRIC.bytesReceived, this.bytesReceived, this.tags);
    if (this.bytesSent > 0) sink(METRIC.bytesSent, this.bytesSent, this.tags);
    this.rateLimited = 0;
    this.bytesReceived = 0;
    this.bytesSent = 0;
  }
}

export class ResponseTally {
  readonly #series = new Map<Endpoint, { rooms: ResponseSeries[]; all: ResponseSeries }>();
  readonly #connectionErrors = new Map<ErrorCodeTag, TaggedCount>();

  /** Room indexes below `roomBreakdown` get series of their own; the others share one per endpoint. */
  constructor(roomBreakdown: number) {
    for (const endpoint of ENDPOINTS) {
      const endpointTags = { endpoint };
      this.#series.set(endpoint, {
        rooms: Array.from(
          { length: roomBreakdown },
          (_, room) => new ResponseSeries(endpointTags, `${room}`),
        ),
        all: new ResponseSeries(endpointTags, undefined),
      });
    }
  }

  series(endpoint: Endpoint, roomIndex: number): ResponseSeries {
    const of = this.#series.get(endpoint);
    if (of === undefined) throw new Error(`ResponseTally: unknown endpoint ${endpoint}`);
    return of.rooms[roomIndex] ?? of.all;
  }

  /** Counts one response; bytes only when an answer arrived (no connection error). */
  count(
    series: ResponseSeries,
    outcome: ResponseOutcome,
    receivedBytes: number,
    sentBytes: number,
  ): void {
    series.countStatus(outcome.status);
    if (outcome.rateLimited) series.rateLimited++;
    if (outcome.connectionError === undefined) {
      series.bytesReceived += receivedBytes;
      series.bytesSent += sentBytes;
      return;
    }
    const code = outcome.connectionError;
    const entry = this.#connectionErrors.get(code);
    if (entry === undefined)
      this.#connectionErrors.set(code, { tags: { error_code: code }, count: 1 });
    else entry.count++;
  }

  /** Hands every non-zero sum to `sink`, one sample per series, and starts again from 0. */
  flush(sink: CounterSink): void {
    for (const { rooms, all } of this.#series.values()) {
      for (const series of rooms) series.flush(sink);
      all.flush(sink);
    }
    for (const entry of this.#connectionErrors.values()) {
      if (entry.count > 0) sink(METRIC.connectionErrors, entry.count, entry.tags);
      entry.count = 0;
    }
  }
}
