// capacity.html: when and on which k6 it ran, the knee and every step that did not pass
// first (each linked to its chart), then per-step bars against the gates with the knee
// marked, latency and errors over the run across the steps, and the text report's sections
// (configuration, steps, knee, writer, scaling, thresholds). Pure strings: runs in k6.

import { formatFixed, formatInt, formatSeconds, NOT_AVAILABLE } from '../format';
import { MIN_PERCENT_OF_PLAN } from '../generator';
import { METRIC } from '../metric-names';
import { runRateFormula } from '../plan';
import {
  type Bar,
  type BarFill,
  barChart,
  chartFigure,
  legend,
  timeChart,
} from '../report/html/charts';
import {
  anchoredSection,
  escapeHtml,
  type Failure,
  failureBox,
  figureTable,
  htmlPage,
  runFacts,
  table,
} from '../report/html/page';
import { numberCell, scalingHtml, writerHtml } from '../report/html/sections';
import { utcText } from '../run-facts';
import { progressText } from '../run-status';
import { parseThresholdExpression } from '../thresholds';
import type { CapacityGates } from './gates';
import type { CapacityFigures, StepFigures } from './report';
import { stepsReached, verdictText } from './report';

const FILL: Record<StepFigures['verdict'], BarFill> = {
  pass: 'good',
  fail: 'bad',
  'generator-limited': 'warn',
  'not-run': 'neutral',
};

const num = numberCell;
const orNA = (v: number | null, decimals: number) =>
  v === null ? NOT_AVAILABLE : formatFixed(v, decimals, true);

/** The latency stat the first percentile gate tests (`p(95)`), p95 without one. */
function latencyGate(gates: CapacityGates): {
  key: keyof StepFigures;
  label: string;
  limit: number | null;
} {
  for (const text of gates.latency) {
    const e = parseThresholdExpression(text);
    const key =
      e?.aggregation === 'p(95)'
        ? 'latencyP95Ms'
        : e?.aggregation === 'p(99)'
          ? 'latencyP99Ms'
          : e?.aggregation === 'med' || e?.aggregation === 'p(50)'
            ? 'latencyP50Ms'
            : undefined;
    if (e !== undefined && key !== undefined) {
      return { key, label: e.aggregation, limit: e.value };
    }
  }
  return { key: 'latencyP95Ms', label: 'p(95)', limit: null };
}

/** The error gate's rate as a percentage; null without one. */
function errorGatePercent(gates: CapacityGates): number | null {
  for (const text of gates.errors) {
    const e = parseThresholdExpression(text);
    if (e?.aggregation === 'rate') return e.value * 100;
  }
  return null;
}

function stepLabel(s: StepFigures, knee: number | null): string {
  return `Step ${s.index + 1}: ${formatInt(s.users)} users${s.index === knee ? ' (knee)' : ''}`;
}

/** The first step that did not pass, by index; null when all did. */
function kneeIndex(f: CapacityFigures): number | null {
  const first = f.steps.find((s) => s.verdict === 'fail' || s.verdict === 'generator-limited');
  return first === undefined ? null : first.index;
}

function failures(f: CapacityFigures, gates: CapacityGates): Failure[] {
  const gateText = [
    ...gates.latency.map((e) => `${METRIC.latency} ${e}`),
    ...gates.errors.map((e) => `${METRIC.errors} ${e}`),
  ].join(', ');
  const list: Failure[] = f.steps
    .filter((s) => s.verdict === 'fail' || s.verdict === 'generator-limited')
    .map((s) => ({
      what: `Step ${s.index + 1} (${formatInt(s.users)} users): ${s.verdict === 'fail' ? 'FAIL' : 'generator-limited'}`,
      observed: (s.verdict === 'fail' ? s.serverReasons : s.generatorReasons).join('; '),
      limit:
        s.verdict === 'fail'
          ? gateText
          : `at least ${MIN_PERCENT_OF_PLAN}% of plan; lag p95 at most 10% of POLL_INTERVAL`,
      href: s.verdict === 'fail' ? '#chart-step-latency' : '#chart-step-plan',
    }));
  if (f.peak !== null && !f.peak.held) {
    list.push({
      what: `Peak: ${formatInt(f.peak.peakUsers)} + 20 % = ${formatInt(f.peak.targetUsers)} users`,
      observed: 'did not hold',
      limit: 'every step up to it passes',
      href: '#steps',
    });
  }
  // A threshold of a step that did not run is not counted (the text says so too).
  for (const t of f.thresholds.filter((t) => t.outcome === 'fail')) {
    list.push({
      what: `Threshold ${t.metric} ${t.expression}`,
      observed: 'FAIL',
      limit: t.expression,
      href: '#thresholds',
    });
  }
  return list;
}

function header(f: CapacityFigures, gates: CapacityGates, title: string): string {
  const c = f.config;
  const step =
    c.stepFactor === undefined
      ? `+${formatInt(c.stepUsers ?? 0)} per step`
      : `x${formatFixed(c.stepFactor, 2)} per step`;
  const facts = runFacts([
    ['Started', utcText(f.run.startedAt)],
    ['Ended', utcText(f.run.endedAt)],
    [
      'Duration (k6 test run)',
      { ...num(formatSeconds(f.measuredMs / 1000), 'measuredMs'), scale: 0.001 },
    ],
    ['k6 version', f.run.k6Version ?? 'unknown (User-Agent set by the user?)'],
    [
      'Steps',
      `${formatInt(f.steps[0]?.users ?? c.startUsers)} -> ${formatInt(c.maxUsers)} users (${step}), ${formatFixed(c.stepDurationMs / 1000, 0)} s each`,
    ],
    ['Target', c.baseUrl],
  ]);
  const list = failures(f, gates);
  const s = f.status;
  const stopped =
    s.end === 'interrupted'
      ? `Interrupted ${progressText(s)} (Ctrl-C or a signal): the run did not finish. `
      : s.end === 'aborted'
        ? `Aborted ${progressText(s)}: ${s.cause}. `
        : null;
  // How the run ended comes first: a run that failed to set up or stopped early says so.
  const status =
    s.end === 'setup-failed'
      ? failureBox(
          `Setup failed: ${s.cause}. No load was sent: no step ran, and setup deleted any test room it had created. The thresholds were not evaluated.`,
          [],
        )
      : stopped !== null
        ? failureBox(`${stopped}${stepsReached(f)} Knee: ${f.knee.text}.`, list)
        : list.length === 0
          ? `<p class="banner good">Knee: ${escapeHtml(f.knee.text)}.</p>`
          : failureBox(
              `Knee: ${f.knee.text}.${f.peak === null ? '' : ` Peak: ${f.peak.text}.`}`,
              list,
            );
  return [`<h1>${escapeHtml(title)}</h1>`, facts, status].join('\n');
}

function stepBars(
  f: CapacityFigures,
  value: (s: StepFigures) => number | null,
  text: (s: StepFigures) => string,
): Bar[] {
  const knee = kneeIndex(f);
  return f.steps.map((s) => ({
    label: stepLabel(s, knee),
    value: value(s) ?? 0,
    valueText: `${text(s)} (${s.verdict})`,
    fill: FILL[s.verdict],
    tooltip: `${stepLabel(s, knee)}: ${verdictText(s)}`,
  }));
}

function stepCharts(f: CapacityFigures, gates: CapacityGates): string {
  const gate = latencyGate(gates);
  const errorGate = errorGatePercent(gates);
  const latency = (s: StepFigures) => s[gate.key] as number | null;
  const legendNote =
    'Green: the step passed; red: a server gate failed; amber: the load generator fell behind (the step says nothing certain about the server); grey: not run.';
  return [
    chartFigure(
      barChart(
        'chart-step-latency',
        `Latency ${gate.label} per step against the gate`,
        stepBars(f, latency, (s) => `${orNA(latency(s), 1)} ms`),
        {
          axisTitle: `latency ${gate.label} (ms)`,
          markers:
            gate.limit === null ? [] : [{ label: `gate ${gate.label} <`, value: gate.limit }],
        },
      ),
      `Each step's latency ${gate.label} (ms) against the gate from thresholds.json; the knee is the first step that did not pass. ${legendNote}`,
    ),
    chartFigure(
      barChart(
        'chart-step-errors',
        'Errors per step against the gate',
        stepBars(
          f,
          (s) => s.errorPercent,
          (s) => `${orNA(s.errorPercent, 2)}%`,
        ),
        {
          axisTitle: 'failed requests other than 429 (% of the step’s requests)',
          markers: errorGate === null ? [] : [{ label: 'gate (%) <', value: errorGate }],
        },
      ),
      `Failed requests other than 429s, percent of each step's requests, against the error gate. ${legendNote}`,
    ),
    chartFigure(
      barChart(
        'chart-step-plan',
        'Achieved share of the plan per step',
        stepBars(
          f,
          (s) => s.achievedPercentOfPlan,
          (s) => `${orNA(s.achievedPercentOfPlan, 1)}%`,
        ),
        {
          axisTitle: 'polling requests sent, % of the step’s plan',
          markers: [{ label: 'generator gate', value: MIN_PERCENT_OF_PLAN }],
        },
      ),
      `Below ${MIN_PERCENT_OF_PLAN} % of plan (or schedule lag p95 over 10 % of POLL_INTERVAL) the load generator fell behind. ${legendNote}`,
    ),
  ].join('\n');
}

function overTime(f: CapacityFigures, gates: CapacityGates): string {
  const c = f.config;
  const knee = kneeIndex(f);
  const ran = (s: StepFigures) => s.verdict !== 'not-run' || s.requests > 0;
  const values = (pick: (s: StepFigures) => number | null) =>
    f.steps.map((s) => (ran(s) ? pick(s) : null));
  const every = Math.max(1, Math.ceil(f.steps.length / 8));
  const markers = f.steps
    .filter((s) => s.index % every === 0 || s.index === knee)
    .map((s) => ({
      atMs: s.index * c.stepDurationMs,
      label: s.index === knee ? `knee: ${formatInt(s.users)} users` : `${formatInt(s.users)} users`,
      emphasis: s.index === knee,
    }));
  const gate = latencyGate(gates);
  const errorGate = errorGatePercent(gates);
  const latencySeries = [
    { label: 'p50', values: values((s) => s.latencyP50Ms), style: 0 },
    { label: 'p95', values: values((s) => s.latencyP95Ms), style: 1 },
    { label: 'p99', values: values((s) => s.latencyP99Ms), style: 2 },
  ];
  const errorSeries = [
    { label: 'errors other than 429', values: values((s) => s.errorPercent), style: 1 },
    { label: '429 (rate limited)', values: values((s) => s.rateLimitedPercent), style: 4 },
  ];
  return [
    chartFigure(
      timeChart({
        id: 'chart-time-latency',
        title: 'Latency over the run, step by step',
        yTitle: 'latency (ms)',
        unit: 'ms',
        decimals: 1,
        sliceMs: c.stepDurationMs,
        series: latencySeries,
        markers,
        ...(gate.limit === null
          ? {}
          : { limit: { value: gate.limit, label: `gate ${gate.label}` } }),
      }),
      `Latency p50, p95 and p99 of each step, at the step's time in the run (one point per step of ${formatFixed(c.stepDurationMs / 1000, 0)} s); the vertical lines mark the steps' users, the red one the knee.`,
      `${legend(latencySeries)}\n`,
    ),
    chartFigure(
      timeChart({
        id: 'chart-time-errors',
        title: 'Errors over the run, step by step',
        yTitle: 'share of the step’s requests (%)',
        unit: '%',
        decimals: 2,
        sliceMs: c.stepDurationMs,
        series: errorSeries,
        markers,
        ...(errorGate === null ? {} : { limit: { value: errorGate, label: 'error gate' } }),
      }),
      'Failed requests other than 429 and 429s, percent of each step’s requests, one point per step.',
      `${legend(errorSeries)}\n`,
    ),
  ].join('\n');
}

function configuration(f: CapacityFigures, gates: CapacityGates): string {
  const c = f.config;
  return figureTable('Test configuration', [
    [
      'Steps',
      `${formatInt(f.steps[0]?.users ?? c.startUsers)} -> ${formatInt(c.maxUsers)} users, ${formatFixed(c.stepDurationMs / 1000, 0)} s each`,
    ],
    [
      'Rooms',
      `${formatInt(c.rooms)} per user (${c.roomMode}; ${formatInt(c.roomCount)} test rooms), polled every ${formatFixed(c.pollIntervalMs / 1000, 2)} s`,
    ],
    [
      'Gates (thresholds.json)',
      [
        ...gates.latency.map((e) => `${METRIC.latency} ${e}`),
        ...gates.errors.map((e) => `${METRIC.errors} ${e}`),
      ].join(', '),
    ],
    [
      'Generator gate',
      `achieved >= ${MIN_PERCENT_OF_PLAN}% of plan and schedule lag p95 <= 10% of POLL_INTERVAL`,
    ],
    [
      'RATE_LIMITS',
      c.rateLimits === 'ignore'
        ? 'ignore: a per-IP limit is not server capacity'
        : 'count: a step fails when 429s pass the error gate',
    ],
    [
      'STOP_ON_FAIL',
      c.stopOnFail
        ? 'true (the run stops after the first failing step; k6 exits 99 then)'
        : 'false (every step runs)',
    ],
    ['PEAK_USERS', c.peakUsers === undefined ? 'unset' : formatInt(c.peakUsers)],
  ]);
}

function stepTable(f: CapacityFigures): string {
  const knee = kneeIndex(f);
  return table(
    'Steps',
    [
      'Step',
      'Users',
      'Plan/s',
      'Got/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'Err %',
      '429 %',
      'Lag p95',
      'Down kbps',
      'Verdict',
    ],
    f.steps.map((s, i) => [
      `${s.index + 1}${s.index === knee ? ' (knee)' : ''}`,
      num(formatInt(s.users), `steps.${i}.users`),
      num(orNA(s.plannedRequestsPerSecond, 1), `steps.${i}.plannedRequestsPerSecond`),
      num(orNA(s.verdict === 'not-run' ? null : s.achievedRequestsPerSecond, 1)),
      num(orNA(s.latencyP50Ms, 1), `steps.${i}.latencyP50Ms`),
      num(orNA(s.latencyP95Ms, 1), `steps.${i}.latencyP95Ms`),
      num(orNA(s.latencyP99Ms, 1), `steps.${i}.latencyP99Ms`),
      num(orNA(s.errorPercent, 2), `steps.${i}.errorPercent`),
      num(orNA(s.rateLimitedPercent, 2), `steps.${i}.rateLimitedPercent`),
      num(
        s.scheduleLagP95Ms === null ? NOT_AVAILABLE : formatFixed(s.scheduleLagP95Ms, 0),
        `steps.${i}.scheduleLagP95Ms`,
      ),
      num(orNA(s.downstreamKbps, 1), `steps.${i}.downstreamKbps`),
      verdictText(s),
    ]),
    f.steps.map((s) =>
      s.verdict === 'fail' ? 'regression' : s.verdict === 'pass' ? undefined : 'limited',
    ),
  );
}

function thresholds(f: CapacityFigures): string {
  if (f.status.end === 'setup-failed') return '<p>Not evaluated: setup failed, no step ran.</p>';
  if (f.thresholds.length === 0) return '<p>None: no step decides the exit code.</p>';
  return table(
    'Thresholds on the gated steps (k6 exits 99 if any failed)',
    ['Metric', 'Expression', 'Result'],
    f.thresholds.map((t) => [
      t.metric,
      t.expression,
      t.outcome === 'not-run' ? 'NOT RUN (not counted)' : t.outcome === 'fail' ? 'FAIL' : 'PASS',
    ]),
    f.thresholds.map((t) => (t.outcome === 'fail' ? 'regression' : undefined)),
  );
}

export function renderCapacityHtml(
  f: CapacityFigures,
  gates: CapacityGates,
  title = 'ClaudeWorld capacity test',
): string {
  return htmlPage(
    title,
    [
      header(f, gates, title),
      anchoredSection('steps-against-gates', 'Steps against the gates', stepCharts(f, gates)),
      anchoredSection('over-time', 'Over the run', overTime(f, gates)),
      anchoredSection('test-configuration', 'Test Configuration', configuration(f, gates)),
      anchoredSection('steps', 'Steps', stepTable(f)),
      anchoredSection(
        'knee',
        'Knee',
        `<p>Knee: ${escapeHtml(f.knee.text)}</p>${f.peak === null ? '' : `\n<p>Peak: ${escapeHtml(f.peak.text)}</p>`}`,
      ),
      ...(f.writer === null
        ? []
        : [anchoredSection('live-rooms', 'Live Rooms', writerHtml(f.writer))]),
      anchoredSection(
        'scaling-estimates',
        'Scaling Estimates',
        scalingHtml(f.scaling, runRateFormula(f.config)),
      ),
      anchoredSection('thresholds', 'Thresholds', thresholds(f)),
    ].join('\n'),
  );
}
