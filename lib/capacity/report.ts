// The capacity scenario's handleSummary output: a table of the steps, the knee, whether the
// peak + 20 % held, the writer's section, scaling estimates, and summary.json / junit.xml.
// Pure and total: absent metrics count as 0 or n/a; nothing from setup_data but the room ids.

import { formatFixed, formatInt, NOT_AVAILABLE, plural } from '../format';
import type { LiveRoomsConfig } from '../live-rooms/config';
import { renderWriterSection, type WriterFigures, writerFigures } from '../live-rooms/report';
import { METRIC, subMetricKey } from '../metric-names';
import { summaryDataReader } from '../metric-reader';
import { runRateFormula, runRates, runRequestEndpoints } from '../plan';
import { type JUnitCase, renderJUnit } from '../report/junit';
import { summaryFilesLine } from '../report/summary-paths';
import { type RunFacts, runFactsOf } from '../run-facts';
import { measureStop, progressText, type RunStatusFigures, runStatus } from '../run-status';
import {
  meanBytes,
  renderScalingSection,
  type ScalingEstimates,
  scalingEstimates,
} from '../scaling/estimates';
import {
  counterCount,
  rateValues,
  type SummaryData,
  testRunDurationMs,
  thresholdResults,
  trendStat,
} from '../summary-data';
import {
  type CapacityConfig,
  capacityRoomCount,
  type PublicCapacityConfig,
  peakTarget,
} from './config';
import type { CapacityGates } from './gates';
import { achievedPercent, judgeStep, type StepMeasurement, type StepVerdict } from './judge';
import {
  capacityThresholds,
  gatedStepCount,
  lagIntervalMs,
  stepMetricKeys,
  stepStreamKeys,
} from './options';
import { capacityDurationMs, capacitySteps, peakStepIndex } from './steps';

export const CAPACITY_SUMMARY_SCHEMA = 'claudeworld-loadtest/capacity-summary';
export const CAPACITY_SUMMARY_VERSION = 1;

/** summary.json of a capacity run. */
export type CapacitySummaryJson = { schema: string; version: number } & CapacityFigures;

export interface CapacityRunInfo {
  config: PublicCapacityConfig;
  gates: CapacityGates;
  roomIds: number[] | undefined;
  /** When handleSummary ran (Date.now()); absent when not stamped. */
  endedAtMs?: number;
  /** k6's version, as setup read it; absent or null when unknown. */
  k6Version?: string | null;
}

export interface StepFigures {
  index: number;
  scenario: string;
  users: number;
  plannedRequestsPerSecond: number;
  achievedRequestsPerSecond: number;
  achievedPercentOfPlan: number | null;
  requests: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
  /** Failed requests other than 429s, percent of the step's requests. */
  errorPercent: number | null;
  rateLimitedPercent: number | null;
  scheduleLagP95Ms: number | null;
  /** Estimated wire bytes received, over the step's duration. */
  downstreamKbps: number | null;
  verdict: StepVerdict;
  serverReasons: string[];
  generatorReasons: string[];
  /** Its gates are k6 thresholds (they decide the exit code). */
  gated: boolean;
  /** CLIENT=chat or game: how the step's streams ended; null for the seed model. */
  streams: { held: number; ended: number; refused: number; failed: number } | null;
  /**
   * Why a step was not judged (verdict `not-run`): the run stopped after a failing step
   * (STOP_ON_FAIL), was interrupted or aborted, or setup failed; null for a judged step.
   */
  stoppedBy: 'stop-on-fail' | 'interrupted' | 'aborted' | 'setup-failed' | null;
}

/** A step's threshold: `outcome` `not-run` for a step the run never reached (k6 judged nothing there). */
export interface CapacityThresholdFigures {
  metric: string;
  expression: string;
  passed: boolean;
  outcome: 'pass' | 'fail' | 'not-run';
  /** The step it gates, numbered as in the report (1, 2, ...); null for a run-wide one. */
  step: number | null;
}

export interface KneeFigures {
  /** Users of the last step of the unbroken passing run from the start; null if none passed. */
  holdsUsers: number | null;
  /** The first step that did not pass; null when all did. */
  firstNonPassing: { users: number; verdict: StepVerdict; reasons: string[] } | null;
  text: string;
}

export interface PeakFigures {
  peakUsers: number;
  targetUsers: number;
  held: boolean;
  text: string;
}

export interface CapacityFigures {
  config: PublicCapacityConfig & { roomCount: number };
  /** When it ran (UTC) and on which k6. */
  run: RunFacts;
  measuredMs: number;
  setupCompleted: boolean;
  /**
   * How the run ended: `completed` (every step, or up to the failing one with STOP_ON_FAIL),
   * `interrupted`, `aborted`, `setup-failed`; with the cause and how far the load got.
   */
  status: RunStatusFigures;
  steps: StepFigures[];
  knee: KneeFigures;
  peak: PeakFigures | null;
  writer: WriterFigures | null;
  scaling: ScalingEstimates;
  thresholds: CapacityThresholdFigures[];
}

function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

function measure(data: SummaryData, scenario: string, streaming: boolean): StepMeasurement {
  const keys = stepMetricKeys(scenario);
  const streamKeys = stepStreamKeys(scenario);
  const streamCount = (key: string) => counterCount(data, key) ?? 0;
  const requests = counterCount(data, keys.requests) ?? 0;
  const latency: Record<string, number> = {};
  const values = data.metrics?.[keys.latency]?.values as Record<string, unknown> | undefined;
  // k6 reports a declared trend without samples with every stat 0: no figures then.
  if (requests > 0 && values !== undefined) {
    for (const [stat, value] of Object.entries(values)) {
      if (typeof value === 'number' && Number.isFinite(value)) latency[stat] = value;
    }
  }
  const errors = rateValues(data, keys.errors);
  return {
    requests,
    latency,
    errorRate: requests > 0 && errors !== undefined ? errors.rate : null,
    rateLimited: counterCount(data, keys.rateLimited) ?? 0,
    lagP95Ms: requests > 0 ? (trendStat(data, keys.scheduleLag, 'p(95)') ?? null) : null,
    ...(streaming
      ? {
          streams: {
            held: streamCount(streamKeys.held),
            ended: streamCount(streamKeys.ended),
            refused: streamCount(streamKeys.refused),
            failed: streamCount(streamKeys.failed),
          },
        }
      : {}),
  };
}

function kneeFigures(c: CapacityRunInfo['config'], steps: readonly StepFigures[]): KneeFigures {
  const rooms = `${plural(c.rooms, 'room')}${c.roomMode === 'per-user' ? ' each' : ''}`;
  const firstBad = steps.find((s) => s.verdict !== 'pass');
  const lastGood = [...steps]
    .reverse()
    .find((s) => s.verdict === 'pass' && (firstBad === undefined || s.index < firstBad.index));
  const holds = lastGood === undefined ? null : lastGood.users;
  const holdsText =
    holds === null
      ? `did not hold even ${plural(steps[0]?.users ?? c.startUsers, 'user')} x ${rooms}`
      : `holds ${plural(holds, 'user')} x ${rooms}`;
  if (firstBad === undefined) {
    return {
      holdsUsers: holds,
      firstNonPassing: null,
      text: `${holdsText}; every step passed, so the knee is above MAX_USERS (${formatInt(c.maxUsers)})`,
    };
  }
  if (firstBad.verdict === 'not-run') {
    return {
      holdsUsers: holds,
      firstNonPassing: null,
      text: `${holdsText}; the run ended before ${plural(firstBad.users, 'user')}`,
    };
  }
  const reasons =
    firstBad.verdict === 'generator-limited' ? firstBad.generatorReasons : firstBad.serverReasons;
  const what =
    firstBad.verdict === 'generator-limited'
      ? `generator-limited at ${formatInt(firstBad.users)} (${reasons.join('; ')}): the load generator fell behind, not the server; give k6 more CPU or machines and run again`
      : `fails at ${formatInt(firstBad.users)} (${reasons.join('; ')})`;
  return {
    holdsUsers: holds,
    firstNonPassing: { users: firstBad.users, verdict: firstBad.verdict, reasons },
    text:
      holds === null && firstBad.index === 0
        ? what.replace(/^fails at/, 'fails already at')
        : `${holdsText}; ${what}`,
  };
}

function peakFigures(
  c: CapacityRunInfo['config'],
  steps: readonly StepFigures[],
): PeakFigures | null {
  if (c.peakUsers === undefined) return null;
  const target = peakTarget(c.peakUsers);
  const index = peakStepIndex(c, steps);
  const upTo = index === undefined ? [] : steps.slice(0, index + 1);
  const held = index !== undefined && upTo.every((s) => s.verdict === 'pass');
  const bad = upTo.find((s) => s.verdict !== 'pass');
  const why =
    bad === undefined
      ? ''
      : bad.verdict === 'generator-limited'
        ? ` (not shown: the generator fell behind at ${plural(bad.users, 'user')})`
        : bad.verdict === 'not-run'
          ? ` (the run stopped before ${plural(bad.users, 'user')})`
          : ` (fails at ${plural(bad.users, 'user')}: ${bad.serverReasons.join('; ')})`;
  return {
    peakUsers: c.peakUsers,
    targetUsers: target,
    held,
    text: `PEAK_USERS ${formatInt(c.peakUsers)} + 20 % = ${plural(target, 'user')}: ${held ? 'held' : `did NOT hold${why}`}`,
  };
}

/** The step a threshold key gates, from its `{scenario:step_N}` tag; null for another key. */
function thresholdStep(metric: string): number | null {
  const n = /\{(?:[^}]*,)?scenario:step_(\d+)(?:,[^}]*)?\}$/.exec(metric)?.[1];
  return n === undefined ? null : Number(n);
}

/**
 * How the run ended. A stop after a failing step's abortOnFail gate (STOP_ON_FAIL) is the
 * run's planned end: k6 stops there, after that step's end. Any other stop before the last
 * step's end is an interruption (Ctrl-C, a signal), or an abort the script noted; a gate of
 * the step a Ctrl-C cut, crossed on its part, is no planned end.
 */
function capacityStatus(
  data: SummaryData,
  config: CapacityConfig,
  gates: CapacityGates,
  setupCompleted: boolean,
): RunStatusFigures {
  const plannedLoadMs = capacityDurationMs(config);
  const stop = measureStop(data, plannedLoadMs, []);
  const status = runStatus([{ ...stop, setupCompleted }], stop.stoppedAtMs, plannedLoadMs);
  const stoppedAtMs = status.stoppedAtMs;
  if (status.end !== 'interrupted' || stoppedAtMs === null) return status;
  const steps = capacitySteps(config);
  const thresholds = Object.entries(capacityThresholds(config, gates, steps));
  const stopOnFail = thresholds.some(([metric, list]) => {
    const step = steps[(thresholdStep(metric) ?? 0) - 1];
    return (
      step !== undefined &&
      step.startMs + config.stepDurationMs <= stoppedAtMs &&
      list.some(
        (t) =>
          typeof t === 'object' &&
          t.abortOnFail === true &&
          data.metrics?.[metric]?.thresholds?.[t.threshold]?.ok === false,
      )
    );
  });
  return stopOnFail ? { ...status, end: 'completed' } : status;
}

/** Why a step did not run (or not to its end): the run's end, unless an earlier step failed first. */
function whyNotRun(
  setupCompleted: boolean,
  afterFailingStep: boolean,
  end: RunStatusFigures['end'],
): NonNullable<StepFigures['stoppedBy']> {
  if (!setupCompleted) return 'setup-failed';
  if (!afterFailingStep && (end === 'interrupted' || end === 'aborted')) return end;
  return 'stop-on-fail';
}

export function buildCapacityFigures(data: SummaryData, run: CapacityRunInfo): CapacityFigures {
  const c = run.config;
  // The steps as the run made them; the password and RUN_ID do not change them.
  const config = { ...c, password: undefined, runId: undefined };
  const streaming = c.client !== 'seed';
  const steps = capacitySteps(config);
  const measuredMs = testRunDurationMs(data);
  const gated = gatedStepCount(config, steps);
  const seconds = c.stepDurationMs / 1000;
  const setupCompleted = run.roomIds !== undefined;
  const status = capacityStatus(data, config, run.gates, setupCompleted);
  const cutShort = status.end === 'interrupted' || status.end === 'aborted';
  let stopped = false;
  const stepFigures = steps.map((step): StepFigures => {
    const m = measure(data, step.scenario, streaming);
    // With STOP_ON_FAIL, k6 stops after the first failing step: what follows did not run
    // (or only its first seconds, before the abort). An interrupted run stopped at stoppedAtMs:
    // the step it cut is not judged on its part, the later ones did not run.
    const reachedEnd =
      !cutShort ||
      status.stoppedAtMs === null ||
      step.startMs + c.stepDurationMs <= status.stoppedAtMs;
    const ran =
      setupCompleted && !stopped && reachedEnd && (m.requests > 0 || step.startMs < measuredMs);
    // The client models' timers count their plan; the seed's is fixed.
    const plannedRequests = streaming
      ? (counterCount(data, stepStreamKeys(step.scenario).planned) ?? 0)
      : step.plannedRequests;
    const plan = {
      plannedRequests,
      pollIntervalMs: lagIntervalMs(config),
      ...(streaming ? { intervalName: "the client's shortest timer" } : {}),
    };
    const judgement = judgeStep(run.gates, m, plan, c.rateLimits, ran);
    const stoppedBy = ran ? null : whyNotRun(setupCompleted, stopped, status.end);
    if (c.stopOnFail && judgement.verdict !== 'pass' && judgement.verdict !== 'not-run') {
      stopped = true;
    }
    const bytes = counterCount(data, stepMetricKeys(step.scenario).bytesReceived) ?? 0;
    const percentOfRequests = (n: number) => (m.requests > 0 ? (n * 100) / m.requests : null);
    return {
      index: step.index,
      scenario: step.scenario,
      users: step.users,
      plannedRequestsPerSecond: step.plannedRequestsPerSecond,
      achievedRequestsPerSecond: m.requests / seconds,
      achievedPercentOfPlan: achievedPercent(m.requests, plannedRequests),
      requests: m.requests,
      latencyP50Ms: m.latency.med ?? null,
      latencyP95Ms: m.latency['p(95)'] ?? null,
      latencyP99Ms: m.latency['p(99)'] ?? null,
      errorPercent: m.errorRate === null ? null : m.errorRate * 100,
      rateLimitedPercent: percentOfRequests(m.rateLimited),
      scheduleLagP95Ms: m.lagP95Ms,
      downstreamKbps: m.requests > 0 ? (bytes * 8) / 1000 / seconds : null,
      ...judgement,
      gated: step.index < gated,
      streams: m.streams ?? null,
      stoppedBy,
    };
  });
  const rooms = capacityRoomCount(c);
  const responseBytes = Object.fromEntries(
    runRequestEndpoints(c).map((endpoint) => [
      endpoint,
      meanBytes(
        counterCount(data, subMetricKey(METRIC.bytesReceived, { endpoint })) ?? 0,
        counterCount(data, subMetricKey(METRIC.requests, { endpoint })) ?? 0,
      ),
    ]),
  );
  const notRun = new Set(
    stepFigures.filter((s) => s.verdict === 'not-run' && s.requests === 0).map((s) => s.index + 1),
  );
  return {
    config: { ...c, baseUrl: withoutCredentials(c.baseUrl), roomCount: rooms },
    run: runFactsOf([
      { endedAtMs: run.endedAtMs ?? null, testRunMs: measuredMs, k6Version: run.k6Version ?? null },
    ]),
    measuredMs,
    setupCompleted,
    status,
    steps: stepFigures,
    knee: kneeFigures(c, stepFigures),
    peak: peakFigures(c, stepFigures),
    writer: writerFigures(
      summaryDataReader(data),
      c.live as LiveRoomsConfig,
      rooms,
      Math.min(measuredMs, steps.length * c.stepDurationMs),
    ),
    scaling: scalingEstimates(
      { rooms: c.rooms, rates: runRates(c), limits: c.limits, responseBytes },
      c.scaleUsers,
    ),
    thresholds: thresholdResults(data).map((t): CapacityThresholdFigures => {
      const step = thresholdStep(t.metric);
      const outcome = step !== null && notRun.has(step) ? 'not-run' : t.ok ? 'pass' : 'fail';
      return { metric: t.metric, expression: t.expression, passed: t.ok, outcome, step };
    }),
  };
}

/** The capacity test's files: summary.json and junit.xml as every scenario's, and its page. */
export const CAPACITY_FILES = {
  json: 'summary.json',
  junit: 'junit.xml',
  html: 'capacity.html',
} as const;

const RULE = '='.repeat(80);

const TABLE: readonly (readonly [string, number])[] = [
  ['Step', 5],
  ['Users', 8],
  ['Plan/s', 9],
  ['Got/s', 9],
  ['p50 ms', 9],
  ['p95 ms', 9],
  ['p99 ms', 9],
  ['Err %', 7],
  ['429 %', 7],
  ['Lag p95', 9],
  ['Down kbps', 11],
];

function row(cells: readonly string[]): string {
  return `  ${cells.map((text, i) => text.padStart(TABLE[i]?.[1] ?? 8)).join('')}`;
}

function num(value: number | null, decimals: number): string {
  return value === null ? NOT_AVAILABLE : formatFixed(value, decimals, true);
}

export function verdictText(s: StepFigures): string {
  switch (s.verdict) {
    case 'pass':
      return 'pass';
    case 'not-run':
      if (s.requests === 0) return 'not run';
      switch (s.stoppedBy) {
        case 'interrupted':
          return 'stopped part-way (the run was interrupted): not judged';
        case 'aborted':
          return 'stopped part-way (the run was aborted): not judged';
        default:
          return 'stopped (partial: the run stopped after a failing step)';
      }
    case 'generator-limited':
      return `generator-limited: ${s.generatorReasons.join('; ')} (not a server failure)`;
    default:
      return s.generatorReasons.length === 0
        ? `FAIL: ${s.serverReasons.join('; ')}`
        : `FAIL: ${s.serverReasons.join('; ')} (the schedule lag follows from the slow answers)`;
  }
}

function stepTable(f: CapacityFigures): string[] {
  return [
    'Steps:',
    `${row(TABLE.map(([title]) => title))}  Verdict`,
    ...f.steps.map(
      (s) =>
        `${row([
          `${s.index + 1}`,
          formatInt(s.users),
          num(s.plannedRequestsPerSecond, 1),
          num(s.verdict === 'not-run' ? null : s.achievedRequestsPerSecond, 1),
          num(s.latencyP50Ms, 1),
          num(s.latencyP95Ms, 1),
          num(s.latencyP99Ms, 1),
          num(s.errorPercent, 2),
          num(s.rateLimitedPercent, 2),
          s.scheduleLagP95Ms === null ? NOT_AVAILABLE : formatFixed(s.scheduleLagP95Ms, 0),
          num(s.downstreamKbps, 1),
        ])}  ${verdictText(s)}`,
    ),
  ];
}

function configLines(f: CapacityFigures, gates: CapacityGates): string[] {
  const c = f.config;
  const step =
    c.stepFactor === undefined
      ? `+${formatInt(c.stepUsers ?? 0)} per step`
      : `x${formatFixed(c.stepFactor, 2)} per step`;
  const gateList = [
    ...gates.latency.map((e) => `${METRIC.latency} ${e}`),
    ...gates.errors.map((e) => `${METRIC.errors} ${e}`),
  ].join(', ');
  return [
    'Test Configuration:',
    `  Steps:              ${formatInt(f.steps[0]?.users ?? c.startUsers)} -> ${plural(c.maxUsers, 'user')} (${step}), ${formatFixed(c.stepDurationMs / 1000, 0)} s each`,
    ...(c.client === 'seed'
      ? [
          `  Rooms:              ${formatInt(c.rooms)} per user (${c.roomMode}; ${plural(c.roomCount, 'test room')}), polled every ${formatFixed(c.pollIntervalMs / 1000, 2)} s`,
        ]
      : [
          `  Client:             ${c.client} (today's web client with SSE streams; docs/clients.md)`,
          `  Rooms:              ${formatInt(c.rooms)} per user (${c.roomMode}; ${plural(c.roomCount, c.client === 'game' ? 'test world' : 'test room')}), on the client's timers`,
        ]),
    `  Gates (thresholds.json): ${gateList}${c.client === 'seed' ? '' : '; every stream holds (none refused, unanswered or ended early)'}`,
    `  Generator gate:     achieved >= 97% of plan and schedule lag p95 <= 10% of ${c.client === 'seed' ? 'POLL_INTERVAL' : `the shortest timer (${formatFixed(lagIntervalMs(c) / 1000, 1)} s)`}`,
    c.rateLimits === 'ignore'
      ? '  429s:               ignored (RATE_LIMITS=ignore): a per-IP limit is not server capacity'
      : '  429s:               counted (RATE_LIMITS=count): a step fails when 429s pass the error gate',
    `  STOP_ON_FAIL:       ${c.stopOnFail ? 'true (the run stops after the first failing step; k6 exits 99 then)' : 'false (every step runs)'}`,
  ];
}

function thresholdLines(f: CapacityFigures): string[] {
  if (f.status.end === 'setup-failed') {
    return ['Thresholds: not evaluated (setup failed: no step ran)'];
  }
  const judged = f.thresholds.filter((t) => t.outcome !== 'not-run');
  const failed = judged.filter((t) => t.outcome === 'fail');
  const notRun = f.thresholds.filter((t) => t.outcome === 'not-run');
  if (f.thresholds.length === 0) return ['Thresholds: none (no step decides the exit code)'];
  const steps = [...new Set(notRun.map((t) => t.step))].sort((a, b) => (a ?? 0) - (b ?? 0));
  const notRunText =
    notRun.length === 0
      ? ''
      : `; ${plural(notRun.length, 'threshold')} of ${steps.length === 1 ? 'step' : 'steps'} ${steps.join(', ')} not run (not counted)`;
  return [
    `Thresholds (${formatInt(judged.length)} on the gated steps that ran; k6 exits 99 if any failed): ${failed.length === 0 ? 'all passed' : `${formatInt(failed.length)} failed`}${notRunText}`,
    ...failed.map((t) => {
      const step = t.step === null ? undefined : f.steps[t.step - 1];
      const partial = step?.verdict === 'not-run' ? ` (step ${t.step} stopped part-way)` : '';
      return `  FAIL  ${t.metric}  ${t.expression}${partial}`;
    }),
  ];
}

/** How the run ended, first: an interrupted, aborted or failed run says so before any figure. */
function statusBanner(f: CapacityFigures): string[] {
  const s = f.status;
  if (s.end === 'setup-failed') {
    return [
      `❌ SETUP FAILED: ${s.cause}`,
      '    No load was sent: no step ran, and setup deleted any test room it had created.',
      '    The thresholds were not evaluated.',
      '',
    ];
  }
  if (s.end !== 'interrupted' && s.end !== 'aborted') return [];
  const head =
    s.end === 'interrupted'
      ? `❌ INTERRUPTED ${progressText(s)} (Ctrl-C or a signal): the run did not finish.`
      : `❌ ABORTED ${progressText(s)}: ${s.cause}.`;
  return [head, `    ${stepsReached(f)}`, ''];
}

/**
 * How far a stopped run's steps got: `1 step of 3 ran to its end; step 2 (20 users) was cut
 * short and is not judged; the knee below covers only the steps that ran.`
 */
export function stepsReached(f: CapacityFigures): string {
  const judged = f.steps.filter((step) => step.verdict !== 'not-run');
  const cut = f.steps.find((step) => step.verdict === 'not-run' && step.requests > 0);
  const reached =
    judged.length === 0
      ? 'no step ran to its end'
      : `${plural(judged.length, 'step')} of ${formatInt(f.steps.length)} ran to ${judged.length === 1 ? 'its' : 'their'} end`;
  return `${reached}${cut === undefined ? '' : `; step ${cut.index + 1} (${plural(cut.users, 'user')}) was cut short and is not judged`}; the knee below covers only the steps that ran.`;
}

export function renderCapacityText(f: CapacityFigures, gates: CapacityGates): string {
  const banner = statusBanner(f);
  const lines = [
    RULE,
    'CAPACITY TEST RESULTS',
    RULE,
    '',
    ...banner,
    ...configLines(f, gates),
    '',
    ...stepTable(f),
    '',
    `Knee: ${f.knee.text}`,
    ...(f.peak === null ? [] : [`Peak: ${f.peak.text}`]),
    '',
    ...renderWriterSection(f.writer),
    ...renderScalingSection(f.scaling, runRateFormula(f.config)),
    '',
    ...thresholdLines(f),
    RULE,
    summaryFilesLine(f.config.summaryDir, { names: CAPACITY_FILES, withHtml: true }),
  ];
  return `${lines.join('\n')}\n`;
}

/** The run's own case: it fails when the run did not complete (interrupted, aborted, setup failed). */
function runCase(f: CapacityFigures): JUnitCase {
  const name = 'the run completed as planned';
  const s = f.status;
  if (s.end === 'completed') return { classname: 'capacity.run', name };
  const message =
    s.end === 'setup-failed'
      ? `setup failed: ${s.cause}; no load was sent`
      : `${s.end} ${progressText(s)}${s.cause === null ? '' : `: ${s.cause}`}; ${f.steps.filter((step) => step.verdict !== 'not-run').length} of ${f.steps.length} steps ran to their end`;
  return { classname: 'capacity.run', name, failure: { message, type: s.end, details: message } };
}

/** One test case for the run and one per step (and the peak); a failure carries its verdict. */
export function capacityJunitXml(f: CapacityFigures): string {
  return renderJUnit({
    name: 'claudeworld-loadtest capacity steps',
    timeSeconds: f.measuredMs / 1000,
    cases: [
      runCase(f),
      ...f.steps.map((s): JUnitCase => {
        const name = `step ${s.index + 1}: ${s.users} users`;
        const base = { classname: 'capacity.steps', name };
        if (s.verdict === 'pass') return base;
        if (s.verdict === 'not-run') return { ...base, skipped: { message: verdictText(s) } };
        const message = verdictText(s);
        return { ...base, failure: { message, type: s.verdict, details: message } };
      }),
      ...(f.peak === null
        ? []
        : [
            {
              classname: 'capacity.peak',
              name: `peak ${f.peak.peakUsers} + 20 % = ${f.peak.targetUsers} users`,
              ...(f.peak.held
                ? {}
                : { failure: { message: f.peak.text, type: 'peak', details: f.peak.text } }),
            },
          ]),
    ],
  });
}
