// One VU as the k6 doubles see it: its virtual clock, phase (init, setup, iteration...), group
// path, execution info and timers, over the test's shared state. Every double calls into this.

import type { SentRequest, TestState } from './test-state';
import type { LogLevel, TransportRequest, TransportResult } from './types';

export type Phase = 'init' | 'setup' | 'iteration' | 'teardown' | 'summary';

/** The constructors scripts compare against (`instanceof Error`), from the script's realm. */
export interface Realm {
  Error: ErrorConstructor;
  TypeError: TypeErrorConstructor;
  JSON: JSON;
  Promise: PromiseConstructor;
}

/** The scenario a VU runs, as k6/execution reports it. */
export interface ScenarioInfo {
  name: string;
  executor: string;
  /** Virtual epoch ms at which the scenario started. */
  startEpochMs: number;
  /** Tags the scenario adds to every sample (`scenario` plus its own `tags`). */
  tags: Readonly<Record<string, string>>;
  /** Counts an iteration start across all VUs of the scenario; returns its 0-based index. */
  nextIterationInTest(): number;
  /** 0..1, as exec.scenario.progress. */
  progress(): number;
}

interface Timer {
  id: number;
  dueMs: number;
  seq: number;
  run: () => void;
  /** Set for setInterval: the timer comes back this many ms after it fired. */
  intervalMs: number | undefined;
}

export interface VuIdentity {
  /** 0 for the VU that runs setup, teardown and handleSummary. */
  idInInstance: number;
  idInTest: number;
}

/** A request after the VU's clock and k6's timeout rule were applied. */
export interface Exchange {
  request: TransportRequest;
  result: TransportResult;
}

export class VuRuntime {
  readonly state: TestState;
  readonly id: VuIdentity;
  readonly realm: Realm;
  phase: Phase = 'init';
  /** Virtual ms since the test started. */
  elapsedMs = 0;
  /** `::a::b` while inside group('a', () => group('b', ...)); '' at the root. */
  groupPath = '';
  scenario: ScenarioInfo | undefined;
  iterationInInstance = -1;
  iterationInScenario = -1;
  iterationInTest = -1;
  /** The VU may not run past this elapsed ms (a scenario's hard stop); Infinity when none. */
  deadlineMs = Number.POSITIVE_INFINITY;
  /** Set when the VU hit its deadline mid-iteration; the runner counts it as interrupted. */
  interrupted = false;
  /** Every sleep() in seconds, in order. */
  readonly sleeps: number[] = [];
  /** Wire-byte estimates of the current iteration, emitted by the runner as data_sent/received. */
  bytesSent = 0;
  bytesReceived = 0;
  private readonly timers: Timer[] = [];
  private timerSeq = 0;

  constructor(state: TestState, id: VuIdentity, realm: Realm) {
    this.state = state;
    this.id = id;
    this.realm = realm;
  }

  now(): number {
    return this.state.startEpochMs + this.elapsedMs;
  }

  /** Makes this VU's clock the shared one (the runner runs one VU at a time). */
  activate(): void {
    this.state.currentElapsedMs = this.elapsedMs;
  }

  localIp(): string {
    const ips = this.state.localIps;
    return ips[(Math.max(this.id.idInTest, 1) - 1) % ips.length] ?? '127.0.0.1';
  }

  /**
   * Throws when the test was aborted or the VU passed its hard stop: k6 stops it there. After
   * an abort, teardown and handleSummary still run with working modules.
   */
  checkRunning(): void {
    const stoppable = this.phase === 'setup' || this.phase === 'iteration';
    if (this.state.abortMessage !== undefined && stoppable) {
      throw new this.realm.Error(`test aborted: ${this.state.abortMessage}`);
    }
    if (this.interrupted) throw new this.realm.Error('iteration interrupted (graceful stop)');
  }

  /** Advances the virtual clock, stopping at the deadline (the iteration is then interrupted). */
  advance(ms: number): void {
    this.checkRunning();
    const target = this.elapsedMs + Math.max(0, ms);
    if (target > this.deadlineMs) {
      this.elapsedMs = Math.max(this.elapsedMs, this.deadlineMs);
      this.activate();
      this.interrupted = true;
      this.checkRunning();
    }
    this.elapsedMs = target;
    this.activate();
  }

  log(level: LogLevel, message: string): void {
    this.state.log(level, message, this.id.idInTest);
  }

  /** Tags k6 puts on every sample of this VU: scenario (and its tags), group below the root. */
  vuTags(): Record<string, string> {
    const tags: Record<string, string> = { ...(this.scenario?.tags ?? {}) };
    if (this.groupPath !== '') tags.group = this.groupPath;
    return tags;
  }

  emit(metric: string, value: number, tags: Readonly<Record<string, string>>): void {
    this.state.samples.push({ metric, value, tags: { ...tags }, time: this.now() });
  }

  /**
   * Sends requests in parallel as http.batch does: all leave now, the clock advances by the
   * slowest. A transport answer slower than the request's timeout becomes k6's timeout error.
   */
  exchange(requests: readonly Omit<TransportRequest, 'time' | 'localIp'>[]): Exchange[] {
    this.checkRunning();
    if (this.phase === 'init') {
      throw new this.realm.Error('Making http requests in the init context is not supported');
    }
    const time = this.now();
    const exchanges = requests.map((r): Exchange => {
      const request: TransportRequest = { ...r, time, localIp: this.localIp() };
      const answer = this.state.transport(request);
      const result: TransportResult =
        answer.durationMs > request.timeoutMs
          ? {
              status: 0,
              headers: {},
              body: null,
              error: 'request timeout',
              errorCode: 1050,
              durationMs: request.timeoutMs,
            }
          : answer;
      const sent: SentRequest = { request, result, vu: this.id.idInTest };
      this.state.requests.push(sent);
      return { request, result };
    });
    this.advance(Math.max(0, ...exchanges.map((e) => e.result.durationMs)));
    return exchanges;
  }

  setTimer(delayMs: number, run: () => void, intervalMs?: number): number {
    this.timerSeq++;
    const dueMs = this.elapsedMs + delayMs;
    this.timers.push({ id: this.timerSeq, seq: this.timerSeq, dueMs, run, intervalMs });
    return this.timerSeq;
  }

  clearTimer(id: number): void {
    const index = this.timers.findIndex((t) => t.id === id);
    if (index >= 0) this.timers.splice(index, 1);
  }

  hasTimers(): boolean {
    return this.timers.length > 0;
  }

  /** Fires the earliest timer, moving the clock to its due time; false when none is pending. */
  fireNextTimer(): boolean {
    this.timers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    const timer = this.timers.shift();
    if (timer === undefined) return false;
    this.advance(timer.dueMs - this.elapsedMs);
    if (timer.intervalMs !== undefined) {
      this.timerSeq++;
      this.timers.push({ ...timer, seq: this.timerSeq, dueMs: timer.dueMs + timer.intervalMs });
    }
    timer.run();
    return true;
  }

  /** Drops pending timers (the iteration ended or was interrupted). */
  clearTimers(): void {
    this.timers.length = 0;
  }

  /** Throws k6's error for an API that the init context does not offer. */
  requireNotInit(what: string): void {
    if (this.phase === 'init') {
      throw new this.realm.Error(`getting ${what} in the init context is not supported`);
    }
  }
}
