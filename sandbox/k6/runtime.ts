// One VU as the k6 doubles see it: its virtual clock, phase (init, setup, iteration...), group
// path, execution info and timers, over the test's shared state. Every double calls into this.

import type { SentRequest, TestState } from './test-state';
import type { LogLevel, TransportRequest, TransportResult, TransportStream } from './types';

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

/** A stream an asyncRequest holds: it settles at its timeout or when the server ends it. */
interface HeldStream {
  stream: TransportStream;
  settle: (reason: 'timeout' | 'ended') => void;
  timerId: number;
}

/** While streams are held, the clock moves in steps of this, as the stand-in's adapter ticks. */
const STREAM_TICK_MS = 100;

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
  private readonly held = new Set<HeldStream>();

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

  /**
   * Advances the virtual clock, stopping at the deadline (the iteration is then interrupted).
   * While streams are held it moves in steps, letting the server write what is due; a stream
   * the server ended settles at its end (a timer due then, which fires when the VU is next
   * idle). With `untilStreamEnds`, it stops at the first step where one ended.
   */
  advance(ms: number, untilStreamEnds = false): void {
    this.checkRunning();
    const target = this.elapsedMs + Math.max(0, ms);
    if (target > this.deadlineMs) {
      this.stepTo(this.deadlineMs, false);
      this.interrupted = true;
      this.checkRunning();
    }
    this.stepTo(target, untilStreamEnds);
  }

  private stepTo(target: number, untilStreamEnds: boolean): void {
    while (this.held.size > 0 && this.elapsedMs < target) {
      this.elapsedMs = Math.min(target, this.elapsedMs + STREAM_TICK_MS);
      this.activate();
      this.state.serverTick?.();
      if (this.settleEndedStreams() && untilStreamEnds) return;
    }
    this.elapsedMs = Math.max(this.elapsedMs, target);
    this.activate();
  }

  /**
   * A synchronous request's stream: the VU waits, the server writing, until the server ends it
   * or `deadlineElapsedMs` (the request's timeout) passes.
   */
  waitOnStream(stream: TransportStream, deadlineElapsedMs: number): 'ended' | 'timeout' {
    for (;;) {
      if (stream.endedAtMs !== undefined) return 'ended';
      if (this.elapsedMs >= deadlineElapsedMs) {
        stream.close();
        return 'timeout';
      }
      this.advance(Math.min(STREAM_TICK_MS, deadlineElapsedMs - this.elapsedMs));
      this.state.serverTick?.();
    }
  }

  /** Holds a stream until `timeoutMs` passes or the server ends it; `settle` says which. */
  holdStream(
    stream: TransportStream,
    timeoutMs: number,
    settle: (reason: 'timeout' | 'ended') => void,
  ): void {
    const held: HeldStream = { stream, settle, timerId: 0 };
    held.timerId = this.setTimer(timeoutMs, () => {
      this.held.delete(held);
      stream.close();
      settle('timeout');
    });
    this.held.add(held);
  }

  /** Streams the server ended get a settle timer at their end; true when there was one. */
  private settleEndedStreams(): boolean {
    let any = false;
    for (const held of [...this.held]) {
      const endedAtMs = held.stream.endedAtMs;
      if (endedAtMs === undefined) continue;
      any = true;
      this.held.delete(held);
      this.clearTimer(held.timerId);
      const endedAtElapsed = endedAtMs - this.state.startEpochMs;
      this.setTimer(Math.max(0, endedAtElapsed - this.elapsedMs), () => held.settle('ended'));
    }
    return any;
  }

  log(level: LogLevel, message: string): void {
    this.state.log(level, message, this.id.idInTest);
  }

  /** Tags the script set on the VU (`exec.vu.metrics.tags.x = ...`): on all its later samples. */
  readonly scriptTags: Record<string, string> = {};

  /** Tags k6 puts on every sample of this VU: scenario (and its tags), group below the root, the script's. */
  vuTags(): Record<string, string> {
    const tags: Record<string, string> = { ...(this.scenario?.tags ?? {}), ...this.scriptTags };
    if (this.groupPath !== '') tags.group = this.groupPath;
    return tags;
  }

  /** `exec.vu.metrics.tags`: reads the VU's tags, and a write sets a tag of all its later samples. */
  tagsView(): Record<string, string> {
    return new Proxy(this.vuTags(), {
      set: (_target, name, value) => {
        this.scriptTags[String(name)] = String(value);
        return true;
      },
      get: (_target, name) => this.vuTags()[String(name)],
    });
  }

  emit(metric: string, value: number, tags: Readonly<Record<string, string>>): void {
    this.state.samples.push({ metric, value, tags: { ...tags }, time: this.now() });
  }

  /**
   * Sends requests in parallel as http.batch does: all leave now, the clock advances by the
   * slowest. A transport answer slower than the request's timeout becomes k6's timeout error.
   */
  exchange(requests: readonly Omit<TransportRequest, 'time' | 'localIp'>[]): Exchange[] {
    const exchanges = requests.map((r) => this.start(r));
    this.advance(Math.max(0, ...exchanges.map((e) => e.result.durationMs)));
    return exchanges;
  }

  /**
   * Sends one request now without moving the clock: the caller waits for the answer (advance
   * by its duration) or holds the stream it opened. An answer slower than the timeout is k6's
   * timeout error; a stream's headers must come within it.
   */
  start(r: Omit<TransportRequest, 'time' | 'localIp'>): Exchange {
    this.checkRunning();
    if (this.phase === 'init') {
      throw new this.realm.Error('Making http requests in the init context is not supported');
    }
    const request: TransportRequest = { ...r, time: this.now(), localIp: this.localIp() };
    const answer = this.state.transport(request);
    if (answer.durationMs > request.timeoutMs) answer.stream?.close();
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

  /** When the earliest timer is due (elapsed ms); undefined when none is pending. */
  nextTimerDueMs(): number | undefined {
    let due: number | undefined;
    for (const t of this.timers) if (due === undefined || t.dueMs < due) due = t.dueMs;
    return due;
  }

  /**
   * Fires the earliest timer, moving the clock to its due time; false when none is pending.
   * A held stream the server ends on the way settles first, at its end.
   */
  fireNextTimer(): boolean {
    this.timers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
    let timer = this.timers[0];
    if (timer === undefined) return false;
    if (this.held.size > 0 && timer.dueMs > this.elapsedMs) {
      this.advance(timer.dueMs - this.elapsedMs, true);
      this.timers.sort((a, b) => a.dueMs - b.dueMs || a.seq - b.seq);
      timer = this.timers[0];
      if (timer === undefined) return false;
    }
    this.timers.shift();
    this.advance(timer.dueMs - this.elapsedMs);
    if (timer.intervalMs !== undefined) {
      this.timerSeq++;
      this.timers.push({ ...timer, seq: this.timerSeq, dueMs: timer.dueMs + timer.intervalMs });
    }
    timer.run();
    return true;
  }

  /** Drops pending timers and held streams (the iteration ended or was interrupted). */
  clearTimers(): void {
    this.timers.length = 0;
    for (const held of this.held) held.stream.close();
    this.held.clear();
  }

  /** Throws k6's error for an API that the init context does not offer. */
  requireNotInit(what: string): void {
    if (this.phase === 'init') {
      throw new this.realm.Error(`getting ${what} in the init context is not supported`);
    }
  }
}
