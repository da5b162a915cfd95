// What all VUs of one test share: the transport, the metric registry and samples, logs, every
// request sent, env, secrets, the abort flag and the counters k6/execution reports.

import type {
  LogEntry,
  LogLevel,
  MetricContains,
  MetricDefinition,
  MetricType,
  Sample,
  Transport,
  TransportRequest,
  TransportResult,
} from './types';

/** k6 1.x accepts Prometheus-compatible metric names only. */
const METRIC_NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

export interface SentRequest {
  request: TransportRequest;
  result: TransportResult;
  /** The VU that sent it (0: setup/teardown). */
  vu: number;
}

export interface TestStateOptions {
  transport: Transport;
  env?: Readonly<Record<string, string>>;
  /** Secrets by name; undefined means k6 ran without `--secret-source`. */
  secrets?: Readonly<Record<string, string>>;
  /** Source addresses VUs send from (k6 `--local-ips`); VU n uses entry (n-1) mod length. */
  localIps?: readonly string[];
  /** Virtual epoch ms at which the test starts. */
  startEpochMs?: number;
  /** The consolidated options `exec.test.options` shows. */
  options?: Record<string, unknown>;
}

export class TestState {
  readonly transport: Transport;
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>> | undefined;
  readonly localIps: readonly string[];
  readonly startEpochMs: number;
  options: Record<string, unknown>;
  readonly metrics = new Map<string, MetricDefinition>();
  readonly samples: Sample[] = [];
  readonly logs: LogEntry[] = [];
  readonly requests: SentRequest[] = [];
  /** Group paths entered with group(), in order of first entry (for `root_group`). */
  readonly groupsSeen = new Set<string>();
  /** Set by exec.test.abort(); every VU stops at its next call into k6. */
  abortMessage: string | undefined;
  /** Set by exec.test.fail(); the test goes on and exits 110. */
  failMessage: string | undefined;
  iterationsCompleted = 0;
  iterationsInterrupted = 0;
  vusActive = 0;
  vusInitialized = 0;
  /** Virtual ms since the start of the VU that currently runs (the shared clock). */
  currentElapsedMs = 0;
  /** Lets a server write what is due by the shared clock (the stand-in's streams). */
  serverTick: (() => void) | undefined;
  /** The VUs' turns on the virtual clock while the scenarios run (sandbox/turns.ts). */
  turns: { turn(atMs: number, rank: number): Promise<void> } | undefined;

  constructor(o: TestStateOptions) {
    this.transport = o.transport;
    this.env = o.env ?? {};
    this.secrets = o.secrets;
    this.localIps = o.localIps ?? ['127.0.0.1'];
    this.startEpochMs = o.startEpochMs ?? Date.now();
    this.options = o.options ?? {};
  }

  /** The shared virtual clock (epoch ms), for a stand-in server's rate-limit windows. */
  now(): number {
    return this.startEpochMs + this.currentElapsedMs;
  }

  /** Registers a metric like k6's registry: a valid name, one type per name. */
  defineMetric(name: string, type: MetricType, contains: MetricContains): MetricDefinition {
    if (typeof name !== 'string' || !METRIC_NAME.test(name)) {
      throw new TypeError(
        `Invalid metric name: '${String(name)}'. A metric name must match ${METRIC_NAME.source}`,
      );
    }
    const known = this.metrics.get(name);
    if (known !== undefined) {
      if (known.type !== type || known.contains !== contains) {
        throw new TypeError(
          `metric '${name}' already exists but with type ${known.type}, instead of ${type}`,
        );
      }
      return known;
    }
    const definition = { name, type, contains };
    this.metrics.set(name, definition);
    return definition;
  }

  log(level: LogLevel, message: string, vu: number): void {
    this.logs.push({ level, message, time: this.now(), vu });
  }

  /** Samples of one metric whose tags include all of `tags` (how k6 matches sub-metrics). */
  samplesOf(metric: string, tags: Readonly<Record<string, string>> = {}): Sample[] {
    const wanted = Object.entries(tags);
    return this.samples.filter(
      (s) => s.metric === metric && wanted.every(([k, v]) => s.tags[k] === v),
    );
  }
}
