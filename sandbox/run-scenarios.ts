// The scenarios' iterations on the virtual clock: the VU with the smallest virtual time runs
// its next iteration, one at a time, until every executor says stop (or the test aborts).

import type { TestState } from './k6/test-state';
import { SandboxError, type ScenarioPlan } from './scenarios';
import { evaluateThresholds } from './summary-data';
import type { ThresholdSet } from './thresholds';
import { Turns } from './turns';
import { callExport, type HostedVu } from './vu-host';

/** k6 evaluates thresholds with abortOnFail every 2 s. */
const ABORT_EVAL_EVERY_MS = 2000;
/** Iterations in a row that take no virtual time before the sandbox calls it a busy loop. */
const MAX_INSTANT_ITERATIONS = 1000;

interface Slot {
  vu: HostedVu;
  plan: ScenarioPlan;
  scenario: ScenarioRun;
  iterations: number;
  instantInARow: number;
  setupData: unknown;
  done: boolean;
}

interface ScenarioRun {
  startMs: number;
  started: number;
}

export interface ScenariosInput {
  state: TestState;
  vus: readonly { vu: HostedVu; plan: ScenarioPlan }[];
  /** Virtual ms at which setup ended and the scenarios' clock starts. */
  startMs: number;
  setupJson: string | undefined;
  thresholds: readonly ThresholdSet[];
  maxVirtualMs: number;
  /** A Ctrl-C at this virtual ms: every VU stops there, mid-iteration if need be. */
  interruptAtMs?: number;
  emitTrail: (vu: HostedVu) => void;
}

export interface ScenariosOutcome {
  endMs: number;
  thresholdAbort: boolean;
  /** The interrupt came before the scenarios ended. */
  interrupted: boolean;
}

function mayStart(slot: Slot): boolean {
  const now = slot.vu.rt.elapsedMs;
  const { plan, scenario } = slot;
  if (now >= scenario.startMs + plan.durationMs) return false;
  if (plan.executor === 'per-vu-iterations') return slot.iterations < plan.iterations;
  if (plan.executor === 'shared-iterations') return scenario.started < plan.iterations;
  return true;
}

function errorText(error: unknown): string {
  return typeof error === 'object' && error !== null && 'stack' in error
    ? String((error as Error).stack)
    : String(error);
}

async function runIteration(slot: Slot, input: ScenariosInput): Promise<void> {
  const { rt, context } = slot.vu;
  const state = input.state;
  rt.activate();
  rt.phase = 'iteration';
  rt.groupPath = '';
  rt.iterationInInstance++;
  rt.iterationInScenario = slot.iterations;
  rt.iterationInTest = rt.scenario?.nextIterationInTest() ?? 0;
  slot.iterations++;
  slot.scenario.started++;
  context.setIteration(rt.iterationInScenario);
  const start = rt.elapsedMs;
  try {
    await callExport(slot.vu, slot.plan.exec, [slot.setupData]);
  } catch (error) {
    if (state.abortMessage === undefined && !rt.interrupted) {
      rt.log('error', errorText(error));
    }
  }
  rt.groupPath = '';
  input.emitTrail(slot.vu);
  if (rt.interrupted) {
    state.iterationsInterrupted++;
    slot.done = true;
    return;
  }
  if (state.abortMessage !== undefined) return;
  state.iterationsCompleted++;
  rt.emit('iteration_duration', rt.elapsedMs - start, rt.vuTags());
  rt.emit('iterations', 1, rt.vuTags());
  slot.instantInARow = rt.elapsedMs === start ? slot.instantInARow + 1 : 0;
  if (slot.instantInARow >= MAX_INSTANT_ITERATIONS) {
    throw new SandboxError(
      `VU ${rt.id.idInTest} ran ${MAX_INSTANT_ITERATIONS} iterations in a row without advancing the clock: in k6 this is a busy loop`,
    );
  }
  if (rt.elapsedMs > input.maxVirtualMs) {
    throw new SandboxError(`VU ${rt.id.idInTest} passed maxVirtualMs (${input.maxVirtualMs} ms)`);
  }
}

function crossedAbortThreshold(input: ScenariosInput, nowMs: number): string | undefined {
  const aborting = input.thresholds
    .map((set) => ({
      ...set,
      rules: set.rules.filter((r) => r.abortOnFail && nowMs - input.startMs >= r.delayAbortEvalMs),
    }))
    .filter((set) => set.rules.length > 0);
  if (aborting.length === 0) return undefined;
  const results = evaluateThresholds({
    metrics: input.state.metrics,
    samples: input.state.samples,
    thresholds: aborting,
    durationMs: nowMs,
  });
  return [...results].find(([, r]) => Object.values(r).some((x) => !x.ok))?.[0];
}

export async function runScenarios(input: ScenariosInput): Promise<ScenariosOutcome> {
  const { state } = input;
  const runs = new Map<ScenarioPlan, ScenarioRun>();
  const iterationsInTest = new Map<ScenarioPlan, number>();
  const slots: Slot[] = input.vus.map(({ vu, plan }) => {
    let scenario = runs.get(plan);
    if (scenario === undefined) {
      scenario = { startMs: input.startMs + plan.startTimeMs, started: 0 };
      runs.set(plan, scenario);
      iterationsInTest.set(plan, 0);
    }
    const run = scenario;
    vu.rt.elapsedMs = run.startMs;
    vu.rt.deadlineMs = Math.min(
      run.startMs + plan.durationMs + plan.gracefulStopMs,
      input.interruptAtMs ?? Number.POSITIVE_INFINITY,
    );
    vu.rt.scenario = {
      name: plan.name,
      executor: plan.executor,
      startEpochMs: state.startEpochMs + run.startMs,
      tags: { ...plan.tags, scenario: plan.name },
      nextIterationInTest: () => {
        const n = iterationsInTest.get(plan) ?? 0;
        iterationsInTest.set(plan, n + 1);
        return n;
      },
      progress: () =>
        Math.min(1, (state.currentElapsedMs - run.startMs) / Math.max(1, plan.durationMs)),
    };
    const setupData =
      input.setupJson === undefined ? undefined : vu.context.realm.JSON.parse(input.setupJson);
    return { vu, plan, scenario: run, iterations: 0, instantInARow: 0, setupData, done: false };
  });
  state.vusActive = slots.length;
  const first = slots[0]?.vu;
  if (first !== undefined) {
    state.currentElapsedMs = input.startMs;
    first.rt.emit('vus', slots.length, {});
    first.rt.emit('vus_max', slots.length, {});
  }
  let lastAbortEval = input.startMs;
  let thresholdAbort = false;
  // Each VU loops on its own; the turns keep them in virtual-time order (sandbox/turns.ts):
  // the VU with the smallest time starts its next iteration or fires its next timer.
  const turns = new Turns();
  state.turns = turns;
  const rankOf = (slot: Slot) => slots.indexOf(slot);
  // A VU that fails the sandbox (a SandboxError) stops the others at their next turn.
  let failed = false;
  const runSlot = async (slot: Slot) => {
    try {
      for (;;) {
        await turns.turn(slot.vu.rt.elapsedMs, rankOf(slot));
        if (state.abortMessage !== undefined || thresholdAbort || failed) break;
        if (
          !mayStart(slot) ||
          slot.vu.rt.elapsedMs >= (input.interruptAtMs ?? Number.POSITIVE_INFINITY)
        ) {
          slot.done = true;
          break;
        }
        await runIteration(slot, input);
        const now = slot.vu.rt.elapsedMs;
        if (now - lastAbortEval >= ABORT_EVAL_EVERY_MS) {
          lastAbortEval = now;
          const crossed = crossedAbortThreshold(input, now);
          if (crossed !== undefined) {
            thresholdAbort = true;
            state.log(
              'error',
              `thresholds on metric '${crossed}' were crossed; abortOnFail: stopping the test`,
              0,
            );
          }
        }
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      turns.leave();
    }
  };
  for (let i = 0; i < slots.length; i++) turns.join();
  try {
    const outcomes = await Promise.allSettled(slots.map(runSlot));
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected !== undefined) throw rejected.reason;
  } finally {
    state.turns = undefined;
  }
  state.vusActive = 0;
  const interrupted = slots.some(
    (s) => s.vu.rt.elapsedMs >= (input.interruptAtMs ?? Number.POSITIVE_INFINITY),
  );
  const stoppedEarly = thresholdAbort || state.abortMessage !== undefined || interrupted;
  const nominalEnds = slots.map((s) =>
    !stoppedEarly && s.plan.executor === 'constant-vus'
      ? s.scenario.startMs + s.plan.durationMs
      : 0,
  );
  // Only VUs that ran: one of a scenario the run never reached still holds that scenario's start.
  const ranUntil = slots.filter((s) => s.iterations > 0).map((s) => s.vu.rt.elapsedMs);
  const endMs = Math.max(input.startMs, ...ranUntil, ...nominalEnds);
  return { endMs, thresholdAbort, interrupted };
}
