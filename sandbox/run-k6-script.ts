// Runs a built k6 script the way `k6 run` does, on a virtual clock: init per VU, setup,
// the scenarios' iterations (always continuing the VU with the smallest virtual time),
// teardown, handleSummary; metrics, thresholds and exit codes as docs/k6-runtime.md records them.

import { equalSegments } from '../lib/distributed';
import { createStandIn, type StandIn } from '../server/core';
import type { ServerOptions } from '../server/options';
import { BUILTIN_METRICS } from './builtin-metrics';
import type { SentRequest } from './k6/test-state';
import { TestState } from './k6/test-state';
import { standInTransport } from './k6/transports';
import type { LogEntry, Sample, Transport } from './k6/types';
import { loadScript } from './load-script';
import { aggregate } from './metric-values';
import { runScenarios } from './run-scenarios';
import { SandboxError, type ScenarioPlan, scenarioPlans } from './scenarios';
import { DEFAULT_TREND_STATS, evaluateThresholds, summaryData } from './summary-data';
import { parseThresholds, type ThresholdSet } from './thresholds';
import { callExport, type HostedVu, hostVu } from './vu-host';

export interface RunOptions {
  /** `__ENV` (k6 `-e`); the sandbox adds nothing from the process environment. */
  env?: Readonly<Record<string, string>>;
  /** k6 `--secret-source` values; undefined: no secret source. */
  secrets?: Readonly<Record<string, string>>;
  /** Answers the script's requests; or give `standIn`. */
  transport?: Transport;
  /** A fresh stand-in server core on the sandbox clock, reachable at `address`. */
  standIn?: {
    options: ServerOptions;
    address: string;
    baseLatencyMs?: number;
    /** Called with the stand-in before the run, e.g. to wrap `handle` like a proxy would. */
    prepare?: (standIn: StandIn) => void;
  };
  /** k6 `--local-ips`: VU n sends from entry (n-1) mod length. Default 127.0.0.1. */
  localIps?: readonly string[];
  /**
   * k6 `--execution-segment` of `count` equal parts (sequence `0,1/count,...,1`): this instance
   * runs part `index`, VUs with ids `index+1`, `index+1+count`, ... of the whole test.
   */
  executionSegment?: { index: number; count: number };
  /** k6 `--summary-trend-stats`. */
  summaryTrendStats?: readonly string[];
  startEpochMs?: number;
  /** A VU's clock may not pass this (virtual ms); the run fails with a SandboxError. */
  maxVirtualMs?: number;
  /**
   * A Ctrl-C at this virtual ms from the start: as k6 on SIGINT, the scenarios stop at once
   * (iterations are interrupted), teardown and handleSummary run, and the exit code is 105.
   */
  interruptAtMs?: number;
}

export interface RunResult {
  exitCode: number;
  /** handleSummary's return value (`stdout`, file paths...), not written anywhere. */
  outputs: Record<string, string>;
  /** What k6 would print on stdout: handleSummary's `stdout` ('' without one). */
  stdout: string;
  /** console output and k6's own error lines. */
  logs: LogEntry[];
  /** The `data` handleSummary got (undefined when it did not run). */
  data: Record<string, unknown> | undefined;
  requests: SentRequest[];
  samples: Sample[];
  standIn: StandIn | undefined;
}

const EXIT = {
  ok: 0,
  thresholds: 99,
  invalidConfig: 104,
  interrupted: 105,
  script: 107,
  aborted: 108,
  failed: 110,
};

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'stack' in error) {
    return String((error as Error).stack);
  }
  return String(error);
}

interface Lifecycle {
  state: TestState;
  main: HostedVu;
  exitCode: number | undefined;
}

function record(l: Lifecycle, error: unknown, code: number): void {
  if (l.state.abortMessage !== undefined) {
    l.exitCode ??= EXIT.aborted;
    return;
  }
  l.state.log('error', describe(error), l.main.rt.id.idInTest);
  l.exitCode ??= code;
}

function emitTrail(vu: HostedVu): void {
  const tags = vu.rt.vuTags();
  vu.rt.emit('data_sent', vu.rt.bytesSent, tags);
  vu.rt.emit('data_received', vu.rt.bytesReceived, tags);
  vu.rt.bytesSent = 0;
  vu.rt.bytesReceived = 0;
}

function checkThresholdsConfig(state: TestState, sets: readonly ThresholdSet[]): void {
  for (const set of sets) {
    const definition = state.metrics.get(set.target.metric);
    if (definition === undefined) {
      throw new SandboxError(
        `invalid threshold defined on ${set.key}; reason: no metric name "${set.target.metric}" found`,
      );
    }
    for (const rule of set.rules) {
      if (aggregate(definition.type, [], 0).get(rule.aggregation) === undefined) {
        throw new SandboxError(
          `invalid threshold ${rule.source} on ${set.key}: ${rule.aggregation} does not apply to a ${definition.type}`,
        );
      }
    }
  }
}

export async function runK6Script(file: string, o: RunOptions = {}): Promise<RunResult> {
  let transport: Transport | undefined = o.transport;
  const state = new TestState({
    transport: (request) => {
      if (transport === undefined) throw new SandboxError('runK6Script needs transport or standIn');
      return transport(request);
    },
    env: o.env,
    secrets: o.secrets,
    localIps: o.localIps,
    startEpochMs: o.startEpochMs,
  });
  const standIn = o.standIn === undefined ? undefined : createStandIn(o.standIn.options, state);
  if (standIn !== undefined && o.standIn !== undefined) {
    o.standIn.prepare?.(standIn);
    transport = standInTransport(standIn, { ...o.standIn, now: () => state.now() });
    // The stand-in writes stream frames (and ends streams) as the virtual clock moves.
    state.serverTick = () => standIn.tick();
  }
  for (const m of BUILTIN_METRICS) state.defineMetric(m.name, m.type, m.contains);
  const result = (exitCode: number, data?: Record<string, unknown>, outputs = {}): RunResult => ({
    exitCode,
    outputs,
    stdout: (outputs as Record<string, string>).stdout ?? '',
    logs: state.logs,
    data,
    requests: state.requests,
    samples: state.samples,
    standIn,
  });

  const script = loadScript(file);
  const env = o.env ?? {};
  let main: HostedVu;
  let plans: ScenarioPlan[];
  let thresholds: ThresholdSet[];
  try {
    main = hostVu(script, state, { idInInstance: 0, idInTest: 0 }, env, 0, false);
  } catch (error) {
    state.log('error', describe(error), 0);
    return result(state.abortMessage === undefined ? EXIT.script : EXIT.aborted);
  }
  const options = JSON.parse(JSON.stringify(main.exports.options ?? {})) as Record<string, unknown>;
  try {
    plans = scenarioPlans(options);
    thresholds = parseThresholds(options.thresholds);
    checkThresholdsConfig(state, thresholds);
    for (const plan of plans) {
      if (typeof main.exports[plan.exec] !== 'function') {
        throw new SandboxError(`function '${plan.exec}' not found in exports`);
      }
    }
  } catch (error) {
    if (error instanceof SandboxError && /not imitated/.test(error.message)) throw error;
    state.log('error', describe(error), 0);
    return result(EXIT.invalidConfig);
  }
  const segment = o.executionSegment;
  const parts = segment === undefined ? undefined : equalSegments(segment.count);
  state.options = {
    ...options,
    scenarios: Object.fromEntries(plans.map((p) => [p.name, p])),
    executionSegment: parts?.segments[segment?.index ?? 0] ?? null,
    executionSegmentSequence: parts?.sequence ?? null,
    localIPs: o.localIps?.join(',') ?? null,
  };
  /** Whether this instance runs the VU with this id of the whole test. */
  const inSegment = (idInTest: number) =>
    segment === undefined || (idInTest - 1) % segment.count === segment.index;

  const l: Lifecycle = { state, main, exitCode: undefined };
  let vus: { vu: HostedVu; plan: ScenarioPlan }[] = [];
  try {
    let idInTest = 0;
    let idInInstance = 0;
    vus = plans.flatMap((plan) =>
      Array.from({ length: plan.vus }, () => ++idInTest)
        .filter(inSegment)
        .map((id) => {
          const vu = hostVu(
            script,
            state,
            { idInInstance: ++idInInstance, idInTest: id },
            { ...env, ...plan.env },
          );
          state.vusInitialized++;
          return { vu, plan };
        }),
    );
  } catch (error) {
    state.log('error', describe(error), 0);
    return result(state.abortMessage === undefined ? EXIT.script : EXIT.aborted);
  }

  // k6 runs setup, teardown and handleSummary each in a VU 0 of its own, initialised afresh:
  // module state set in one is not seen by the next (docs/k6-runtime.md).
  const lifecycleVu = (phase: 'setup' | 'teardown' | 'summary', startMs: number): HostedVu => {
    const vu = hostVu(script, state, { idInInstance: 0, idInTest: 0 }, env, startMs);
    vu.rt.phase = phase;
    // k6 runs setup and teardown in groups of their own: their checks and samples say so.
    if (phase !== 'summary') vu.rt.groupPath = `::${phase}`;
    return vu;
  };
  let clockMs = main.rt.elapsedMs;
  let setupJson: string | undefined;
  let setupVu: HostedVu | undefined;
  try {
    if (typeof main.exports.setup === 'function') {
      setupVu = lifecycleVu('setup', clockMs);
      setupJson = JSON.stringify(await callExport(setupVu, 'setup', []));
    }
  } catch (error) {
    record(l, error, EXIT.script);
  }
  emitTrail(setupVu ?? main);
  clockMs = Math.max(clockMs, setupVu?.rt.elapsedMs ?? 0);

  if (l.exitCode === undefined) {
    const outcome = await runScenarios({
      state,
      vus,
      startMs: clockMs,
      setupJson,
      thresholds,
      maxVirtualMs: o.maxVirtualMs ?? 3_600_000,
      interruptAtMs: o.interruptAtMs,
      emitTrail,
    });
    clockMs = Math.max(clockMs, outcome.endMs);
    if (outcome.interrupted) {
      state.log('error', "test run was aborted because k6 received a 'interrupt' signal", 0);
      l.exitCode = EXIT.interrupted;
    } else if (state.abortMessage !== undefined) l.exitCode = EXIT.aborted;
    else if (outcome.thresholdAbort) l.exitCode = EXIT.thresholds;
    let teardownVu: HostedVu | undefined;
    try {
      if (typeof main.exports.teardown === 'function') {
        teardownVu = lifecycleVu('teardown', clockMs);
        const setupData =
          setupJson === undefined ? undefined : teardownVu.context.realm.JSON.parse(setupJson);
        await callExport(teardownVu, 'teardown', [setupData]);
      }
    } catch (error) {
      record(l, error, EXIT.script);
    }
    if (teardownVu === undefined) main.rt.activate();
    emitTrail(teardownVu ?? main);
    clockMs = Math.max(clockMs, teardownVu?.rt.elapsedMs ?? 0);
  }

  const trendStats = o.summaryTrendStats ?? (options.summaryTrendStats as string[] | undefined);
  const summaryInput = {
    metrics: state.metrics,
    samples: state.samples,
    thresholds,
    trendStats: trendStats ?? DEFAULT_TREND_STATS,
    durationMs: clockMs,
    groups: state.groupsSeen,
    setupData: setupJson === undefined ? undefined : JSON.parse(setupJson),
  };
  const data = summaryData(summaryInput);
  const crossed = [...evaluateThresholds(summaryInput).values()].some((r) =>
    Object.values(r).some((x) => !x.ok),
  );
  if (crossed) state.log('error', 'thresholds on metrics have been crossed', 0);
  let outputs: Record<string, string> = {};
  try {
    // k6 initialises this VU also when the script has no handleSummary.
    const summaryVu = lifecycleVu('summary', clockMs);
    if (typeof summaryVu.exports.handleSummary === 'function') {
      const returned = await callExport(summaryVu, 'handleSummary', [
        summaryVu.context.realm.JSON.parse(JSON.stringify(data)),
      ]);
      outputs = checkedOutputs(returned);
    }
  } catch (error) {
    record(l, error, EXIT.script);
  }
  const exitCode =
    l.exitCode ??
    (crossed ? EXIT.thresholds : state.failMessage !== undefined ? EXIT.failed : EXIT.ok);
  return result(exitCode, data, outputs);
}

function checkedOutputs(returned: unknown): Record<string, string> {
  if (typeof returned !== 'object' || returned === null) {
    throw new Error(`handleSummary must return an object, got ${String(returned)}`);
  }
  const outputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(returned)) {
    if (typeof value !== 'string') throw new Error(`handleSummary output ${key} is not a string`);
    outputs[key] = value;
  }
  return outputs;
}
