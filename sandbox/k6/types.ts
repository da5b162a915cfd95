// The data the k6 doubles exchange with their runtime: requests a transport answers, metric
// samples, log lines. Plain records, so unit tests and the sandbox can assert on them.

/** One request as a transport sees it; header names as the script wrote them. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Readonly<Record<string, string>>;
  /** Body text; null when the request has none. */
  body: string | null;
  /** The request's tags (params.tags), before k6's system tags are added. */
  tags: Readonly<Record<string, string>>;
  /** Virtual epoch ms at which the request is sent. */
  time: number;
  /** Source address of the VU (k6 `--local-ips`), e.g. `127.0.0.1`. */
  localIp: string;
  /** The request timeout in ms (params.timeout, default 60 s). */
  timeoutMs: number;
}

/** What came back: a response, or status 0 with a k6 error for a failed connection. */
export interface TransportResult {
  /** 0 when no response arrived. */
  status: number;
  /** Header names in any case; the http double canonicalizes them like k6 (Go). */
  headers: Readonly<Record<string, string>>;
  /** null when no response arrived. */
  body: string | null;
  /** k6's error text for status 0, e.g. `dial: connection refused`; '' otherwise. */
  error: string;
  /** k6's error code for status 0 (1212 refused, 1050 timeout); 0 otherwise. */
  errorCode: number;
  /** Virtual ms the exchange takes, from sending to the last byte received. */
  durationMs: number;
  /**
   * A server-sent-events stream: the answer's status and headers came after `durationMs`, and
   * its body grows until the server ends it or the client goes away (its timeout).
   */
  stream?: TransportStream;
}

/** An open answer whose body the server keeps writing (an SSE stream). */
export interface TransportStream {
  /** Everything the server wrote so far. */
  readonly body: string;
  /** Virtual epoch ms at which the server ended it; undefined while it is open. */
  readonly endedAtMs: number | undefined;
  /** The client goes away: the server stops writing. */
  close(): void;
}

export type Transport = (request: TransportRequest) => TransportResult;

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type MetricContains = 'default' | 'time' | 'data';

export interface MetricDefinition {
  name: string;
  type: MetricType;
  contains: MetricContains;
}

/** One metric sample with all its tags (system tags included), at virtual epoch ms `time`. */
export interface Sample {
  metric: string;
  value: number;
  tags: Readonly<Record<string, string>>;
  time: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEntry {
  level: LogLevel;
  message: string;
  /** Virtual epoch ms. */
  time: number;
  /** 0 for setup, teardown and handleSummary; the VU id otherwise. */
  vu: number;
}
