// A VU's running sums of the counters that are exact sums (cw_requests, cw_rate_limited,
// cw_bytes_received, cw_bytes_sent, cw_connection_errors): counted in plain numbers per response
// and handed to k6 as one sample per series and flush, each series with one tags object for
// the whole run. A metric add costs k6's interpreter more than the arithmetic it replaces.
// Pure: the scenario binds the sink to k6 Counters, tests to an array.

import type { Endpoint } from '../endpoints';
import { type ErrorCodeTag, endpointRoomBreakdown, METRIC, type StatusTag } from '../metric-names';
import type { ResponseOutcome } from '../response-outcome';

type Tags = Readonly<Record<string, string>>;

export type TallyMetric =
  | typeof METRIC.requests
  | typeof METRIC.rateLimited
  | typeof METRIC.bytesReceived
  | typeof METRIC.bytesSent
  | typeof METRIC.connectionErrors
  | typeof METRIC.messagesReceived
  | typeof METRIC.cursorMoves;

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
  readonly #byStatus = new Map<StatusTag, TaggedCount>();
  rateLimited = 0;
  bytesReceived = 0;
  bytesSent = 0;
  /** Messages the answers' lists held (live rooms), and answers that moved a user's cursor. */
  messagesReceived = 0;
  cursorMoves = 0;

  constructor(endpointTags: Tags, room: string | undefined) {
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
    if (this.messagesReceived > 0) sink(METRIC.messagesReceived, this.messagesReceived, this.tags);
    if (this.cursorMoves > 0) sink(METRIC.cursorMoves, this.cursorMoves, this.tags);
    this.rateLimited = 0;
    this.bytesReceived = 0;
    this.bytesSent = 0;
    this.messagesReceived = 0;
    this.cursorMoves = 0;
  }
}

/** The series of one request kind: one per broken-down room index, one for the others. */
export class EndpointSeries {
  readonly #rooms: readonly ResponseSeries[];
  readonly #all: ResponseSeries;

  constructor(endpoint: Endpoint, roomBreakdown: number) {
    const endpointTags = { endpoint };
    this.#rooms = Array.from(
      { length: endpointRoomBreakdown(endpoint, roomBreakdown) },
      (_, room) => new ResponseSeries(endpointTags, `${room}`),
    );
    this.#all = new ResponseSeries(endpointTags, undefined);
  }

  /** The series of a room index: its own when broken down, else the kind's shared one. */
  of(roomIndex: number): ResponseSeries {
    return this.#rooms[roomIndex] ?? this.#all;
  }

  flush(sink: CounterSink): void {
    for (let i = 0; i < this.#rooms.length; i++) (this.#rooms[i] as ResponseSeries).flush(sink);
    this.#all.flush(sink);
  }
}

export class ResponseTally {
  readonly #series = new Map<Endpoint, EndpointSeries>();
  readonly #connectionErrors = new Map<ErrorCodeTag, TaggedCount>();

  /**
   * Series for each of `endpoints` (the request kinds of the run's model); room indexes below
   * `roomBreakdown` get series of their own, the others share one per kind.
   */
  constructor(endpoints: readonly Endpoint[], roomBreakdown: number) {
    for (const endpoint of endpoints) {
      this.#series.set(endpoint, new EndpointSeries(endpoint, roomBreakdown));
    }
  }

  /** A kind's series; looked up once per VU, not per response. */
  endpoint(endpoint: Endpoint): EndpointSeries {
    const series = this.#series.get(endpoint);
    if (series === undefined) throw new Error(`ResponseTally: unknown endpoint ${endpoint}`);
    return series;
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
    for (const series of this.#series.values()) series.flush(sink);
    for (const entry of this.#connectionErrors.values()) {
      if (entry.count > 0) sink(METRIC.connectionErrors, entry.count, entry.tags);
      entry.count = 0;
    }
  }
}
