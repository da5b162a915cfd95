// The text report on stdout: the old Python tool's sections, labels and number formats first,
// then the sections it lacked, then its recommendations.

import { renderStreamsSection, renderUserBandwidthSection } from '../clients/report';
import { summaryFileStem } from '../distributed';
import {
  formatBandwidth,
  formatBytes,
  formatFixed,
  formatInt,
  formatMs,
  formatPercent,
  formatSeconds,
  NOT_AVAILABLE,
  plural,
} from '../format';
import { type HistogramBucket, latencyHistogram } from '../latency-histogram';
import { renderWriterSection } from '../live-rooms/report';
import { MAX_ROOM_BREAKDOWN } from '../metric-names';
import { runRateFormula } from '../plan';
import { summaryFilesLine } from '../report/summary-paths';
import { progressText } from '../run-status';
import { renderScalingSection } from '../scaling/estimates';
import { rateDurationMs } from './report-figures';
import type {
  EndpointFigures,
  ErrorCount,
  LatencyFigures,
  PollFigures,
  RateLimitFigures,
  ThresholdOutcome,
} from './summary-schema';

const RULE = '='.repeat(80);
const LABEL_WIDTH = 20;
const ENDPOINT_WIDTH = 46;
const ERROR_TYPE_WIDTH = 31;
const WARNING = '⚠️  ';
const OK = '✅ ';
const FAILED = '❌ ';

/** `  Label:             value`, the old tool's layout. */
function field(label: string, value: string, indent = 2): string {
  return `${' '.repeat(indent)}${`${label}:`.padEnd(LABEL_WIDTH - (indent - 2))}${value}`;
}

/** `text` padded to `width`, with at least one space after it. */
function column(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : `${text} `;
}

/** `1 user`, `10 users`. */
function users(n: number): string {
  return plural(n, 'user');
}

function orNA(value: number | null, format: (n: number) => string): string {
  return value === null ? NOT_AVAILABLE : format(value);
}

/** `1,195 (99.6%)`; the share is n/a without requests. */
export function countWithShare(n: number, percent: number | null): string {
  return `${formatInt(n)} (${orNA(percent, (p) => formatPercent(p))})`;
}

/**
 * An instance of a distributed run: what its report is of, first (a k6-operator pod's log
 * shows this report alone).
 */
function instanceBanner(f: PollFigures): string[] {
  const { executionSegment: segment, runId } = f.instance;
  if (segment === null || f.merged !== null) return [];
  return [
    `Instance of distributed run ${runId ?? ''}: segment ${segment}, ${users(f.loadPlan.plannedUsers)} of ${formatInt(f.config.users)}.`,
    '    Its figures and plan are its own share; the whole test is the merge of every instance.',
    '',
  ];
}

/** The command that merges every instance's summary of the run this instance is part of. */
function mergeCommandLine(f: PollFigures): string[] {
  const { executionSegment: segment, runId } = f.instance;
  if (segment === null || f.merged !== null || runId === null) return [];
  const dir = f.config.summaryDir.replace(/\/+$/, '');
  const files = `${dir === '' ? '' : `${dir}/`}summary-${runId}-*.json`;
  return [
    `Whole test: npm run report -- merge ${files} (every instance's summary of run ${runId})`,
  ];
}

/** How the run ended, first: a stopped or failed run says so before any figure. */

/**
 * What a stopped run sent against what was due by its stop: the seed's schedule, with the
 * whole run's plan; the client models' timers, which plan as they go.
 */
export function stoppedLoadSentence(f: PollFigures): string {
  const s = f.status;
  if (f.config.client !== 'seed') {
    const due =
      s.requestsDueByStop === null
        ? ''
        : ` of the ${formatInt(s.requestsDueByStop)} their timers had due by then`;
    return `Sent ${plural(f.requests.total, 'request')} (the streams apart)${due}`;
  }
  const due =
    s.requestsDueByStop === null ? '' : ` of the ${formatInt(s.requestsDueByStop)} due by then`;
  return `Sent ${plural(f.requests.total, 'polling request')}${due} (${formatInt(f.loadPlan.plannedRequests)} planned for the whole run)`;
}
function statusBanner(f: PollFigures): string[] {
  const s = f.status;
  if (s.end === 'setup-failed') {
    return [
      `${FAILED}SETUP FAILED: ${s.cause}`,
      '    No load was sent: no polling request was made, and setup deleted any test room it had',
      '    created. The thresholds were not evaluated.',
      '',
    ];
  }
  if (s.end === 'interrupted' || s.end === 'aborted') {
    const head =
      s.end === 'interrupted'
        ? `${FAILED}INTERRUPTED ${progressText(s)} (Ctrl-C or a signal): the run did not finish.`
        : `${FAILED}ABORTED ${progressText(s)}: ${s.cause}.`;
    return [
      head,
      `    ${stoppedLoadSentence(f)};`,
      '    the figures below cover only that part.',
      '',
    ];
  }
  if (!s.requestsMade) return [`${WARNING}No polling requests were made.`, ''];
  return [];
}

/** How the report names a client model. */
const CLIENT_NAMES = {
  seed: 'seed (the old script: both room paths every POLL_INTERVAL)',
  chat: "chat (today's chat-room view, with SSE streams)",
  game: "game (today's game view, with SSE streams)",
} as const;

function testConfiguration(f: PollFigures): string[] {
  return [
    'Test Configuration:',
    ...(f.config.client === 'seed' ? [] : [field('Client', CLIENT_NAMES[f.config.client])]),
    field('Users', formatInt(f.config.users)),
    field('Rooms per user', formatInt(f.config.roomsPerUser)),
    field('Total connections', formatInt(f.config.users * f.config.roomsPerUser)),
    field('Duration', formatSeconds(rateDurationMs(f.duration) / 1000)),
  ];
}

function requestStatistics(f: PollFigures): string[] {
  const r = f.requests;
  return [
    'Request Statistics:',
    field('Total requests', formatInt(r.total)),
    field('Successful', countWithShare(r.successful, r.successfulPercent)),
    field('Failed', countWithShare(r.failed, r.failedPercent)),
    field('Rate limited', formatInt(r.rateLimited)),
    field(
      'Requests/second',
      orNA(r.perSecond, (n) => formatFixed(n, 2)),
    ),
  ];
}

function endpointLine(path: string, requests: number): string {
  return `  ${column(path, ENDPOINT_WIDTH)}${formatInt(requests)}`;
}

/** Paths in the old tool's order: it printed `sorted(counts.items())`, by path as a string. */
function byPath<T extends { path: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function requestsByEndpoint(f: PollFigures): string[] {
  const lines = ['Requests by Endpoint:'];
  if (!f.status.requestsMade) return [...lines, '  None'];
  // A room's path per room when broken down; any other kind (or above 20 rooms) in total.
  const rows = byPath(
    f.endpoints.flatMap((e) => e.rooms ?? [{ path: e.pathTemplate, requests: e.requests }]),
  );
  const note =
    f.config.roomCount > MAX_ROOM_BREAKDOWN
      ? [
          `  (totals of all ${formatInt(f.config.roomCount)} rooms: runs with more than ${MAX_ROOM_BREAKDOWN} rooms are not broken down by room)`,
        ]
      : [];
  return [...lines, ...rows.map((row) => endpointLine(row.path, row.requests)), ...note];
}

function latencySection(latency: LatencyFigures): string[] {
  return [
    'Latency (milliseconds):',
    field('Min', formatMs(latency.minMs)),
    field('Mean', formatMs(latency.avgMs)),
    field('Median', formatMs(latency.medMs)),
    field('95th percentile', formatMs(latency.p95Ms)),
    field('99th percentile', formatMs(latency.p99Ms)),
    field('Max', formatMs(latency.maxMs)),
  ];
}

function bandwidth(f: PollFigures): string[] {
  const b = f.bandwidth;
  return [
    'Bandwidth:',
    field('Downstream', formatBandwidth(b.downstreamKbps)),
    field('Upstream', formatBandwidth(b.upstreamKbps)),
    field('Total', formatBandwidth(b.totalKbps)),
  ];
}

function dataTransfer(f: PollFigures): string[] {
  const source =
    f.transfer.source === 'k6'
      ? 'as k6 measured them for the polling VUs'
      : 'as the scenario estimated them (k6 did not report its own)';
  return [
    'Data Transfer:',
    field('Total received', formatBytes(f.transfer.receivedBytes)),
    field('Total sent', formatBytes(f.transfer.sentBytes)),
    `  (the polling requests' bytes ${source};`,
    '  setup, teardown and the live-room writer are not in them)',
  ];
}

function projectedUsage(f: PollFigures): string[] {
  const mb = (n: number) => `${formatFixed(n, 2)} MB`;
  const both = (received: number | null, total: number | null) =>
    received === null || total === null
      ? NOT_AVAILABLE
      : `${mb(received)} received; ${mb(total)} received + sent`;
  return [
    'Projected Usage (based on test data):',
    field('Per hour', both(f.projected.receivedPerHourMB, f.projected.perHourMB)),
    field('Per day', both(f.projected.receivedPerDayMB, f.projected.perDayMB)),
    '  (the old tool printed the received figure under this name)',
  ];
}

/**
 * The old tool's error-type labels: `HTTP_<status>`, and `connection_error` for a failed
 * connection (`timeout` for k6's request timeout, 1050), with the k6 code and its meaning.
 * summary.json keeps the types (`CONNECTION_1212`).
 */
export function errorTypeLabel(e: ErrorCount): string {
  if (!e.type.startsWith(CONNECTION_PREFIX)) return e.type;
  const code = e.type.slice(CONNECTION_PREFIX.length);
  const kind = code === TIMEOUT_CODE ? 'timeout' : 'connection_error';
  return /^\d+$/.test(code) ? `${kind} (${code} ${e.description})` : `${kind} (${e.description})`;
}
const CONNECTION_PREFIX = 'CONNECTION_';
const TIMEOUT_CODE = '1050';

function errorsByType(f: PollFigures): string[] {
  if (f.errors.length === 0) return ['Errors by Type:', '  None'];
  const rows = f.errors.map((e) => ({ label: errorTypeLabel(e), count: e.count }));
  const width = Math.max(ERROR_TYPE_WIDTH, ...rows.map((r) => r.label.length + 2));
  return [
    'Errors by Type:',
    ...rows.map((r) => `  ${column(r.label, width)}${formatInt(r.count)}`),
  ];
}

/** The latency table's columns, in the text report and summary.html. */
export const LATENCY_COLUMNS: readonly [string, keyof LatencyFigures][] = [
  ['Min', 'minMs'],
  ['Mean', 'avgMs'],
  ['Median', 'medMs'],
  ['p95', 'p95Ms'],
  ['p99', 'p99Ms'],
  ['Max', 'maxMs'],
];
const PATH_COLUMN = 30;
const VALUE_COLUMN = 10;

function latencyByEndpoint(endpoints: readonly EndpointFigures[]): string[] {
  const header = LATENCY_COLUMNS.map(([title]) => title.padStart(VALUE_COLUMN)).join('');
  const width = Math.max(PATH_COLUMN, ...endpoints.map((e) => e.pathTemplate.length + 2));
  return [
    'Latency by Endpoint (milliseconds):',
    `  ${'Endpoint'.padEnd(width)}${header}`,
    ...endpoints.map((e) => {
      const values = LATENCY_COLUMNS.map(([, key]) =>
        orNA(e.latency[key], (n) => formatFixed(n, 2)).padStart(VALUE_COLUMN),
      );
      return `  ${column(e.pathTemplate, width)}${values.join('')}`;
    }),
  ];
}

const HISTOGRAM_EDGE_WIDTH = 8;
const HISTOGRAM_BAR_WIDTH = 30;

/** A bucket edge in ms: whole numbers from 1 ms up, enough decimals below. */
export function formatHistogramEdge(ms: number): string {
  const decimals = ms >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(ms)));
  return formatFixed(ms, decimals, true);
}

/** `      10 -       20        12   5.0%  ###`: bars scaled to the fullest bucket. */
function histogramLines(buckets: readonly HistogramBucket[], total: number): string[] {
  const fullest = Math.max(...buckets.map((b) => b.count));
  return buckets.map((b) => {
    const range = `${formatHistogramEdge(b.lowMs).padStart(HISTOGRAM_EDGE_WIDTH)} - ${formatHistogramEdge(b.highMs).padStart(HISTOGRAM_EDGE_WIDTH)}`;
    const share = formatPercent((b.count * 100) / total).padStart(7);
    const bar =
      b.count === 0
        ? ''
        : '#'.repeat(Math.max(1, Math.round((b.count / fullest) * HISTOGRAM_BAR_WIDTH)));
    return `    ${range}${formatInt(b.count).padStart(10)}${share}  ${bar}`.trimEnd();
  });
}

/** The "full distribution of response times" the old tool promised, per endpoint. */
function latencyHistograms(f: PollFigures): string[] {
  const lines = ['Latency Histogram (milliseconds, responses per bucket):'];
  if (!f.status.requestsMade) return [...lines, '  None'];
  for (const e of f.endpoints) {
    const d = e.latencyDistribution;
    lines.push(`  ${e.pathTemplate}`);
    if (d === null) {
      lines.push('    n/a (no latency samples, or --summary-trend-stats left out the percentiles)');
    } else {
      lines.push(...histogramLines(latencyHistogram(d), d.count));
    }
  }
  return lines;
}

/** How the planned rate comes about: `4 users x 2 rooms x 2 / 4.00 s`. */
export function plannedRateHow(f: PollFigures): string {
  const c = f.config;
  const p = f.loadPlan;
  return c.client === 'seed'
    ? `${users(p.plannedUsers)} x ${plural(c.roomsPerUser, 'room')} x ${f.endpoints.length} / ${formatFixed(c.pollIntervalMs / 1000, 2)} s`
    : `${users(p.plannedUsers)}; ${runRateFormula({ client: c.client, rooms: c.roomsPerUser, pollIntervalMs: c.pollIntervalMs }).perUser}`;
}

function loadPlan(f: PollFigures): string[] {
  const p = f.loadPlan;
  const c = f.config;
  const seed = c.client === 'seed';
  const plannedHow = plannedRateHow(f);
  const loadSeconds = rateDurationMs(f.duration) / 1000;
  const achieved =
    p.achievedRequestsPerSecond === null
      ? NOT_AVAILABLE
      : `${formatFixed(p.achievedRequestsPerSecond, 2)} (over ${formatSeconds(loadSeconds)}${f.duration.loadPhaseMs === null ? ', setup and teardown included' : ' of load'})`;
  const sent = `${formatInt(f.requests.total)} of ${formatInt(p.plannedRequests)} planned (${orNA(p.requestsPercentOfPlan, (n) => formatPercent(n))})`;
  const segment = f.instance.executionSegment;
  return [
    'Load Plan:',
    ...(segment === null
      ? []
      : [
          field(
            'Share of the test',
            `${formatInt(p.plannedUsers)} of ${users(c.users)} (segment ${segment}${f.instance.executionSegmentSequence === null ? '' : ` of ${f.instance.executionSegmentSequence}`})`,
          ),
        ]),
    field('Room mode', `${c.roomMode} (${users(p.usersPerRoom)} per room)`),
    seed
      ? field('Poll interval', formatSeconds(c.pollIntervalMs / 1000))
      : field('Timers', "the web client's (docs/clients.md)"),
    field('VUs', formatInt(c.vusUsed)),
    field('Planned duration', formatSeconds(c.plannedDurationMs / 1000)),
    field('Planned req/s', `${formatFixed(p.plannedRequestsPerSecond, 2)} (${plannedHow})`),
    ...(seed
      ? []
      : [
          field(
            'Planned requests',
            `${formatInt(p.plannedRequests)} (what the timers sent or had due before the end, from each answer's time)`,
          ),
        ]),
    ...(c.rampUpMs > 0
      ? [
          field(
            'Ramp-up',
            `${formatSeconds(c.rampUpMs / 1000)} (users join evenly; ${formatInt(p.plannedRequests)} requests planned, ${formatFixed((p.plannedRequests * 1000) / c.plannedDurationMs, 2)} req/s on average)`,
          ),
        ]
      : []),
    field('Sent', sent),
    field('Achieved req/s', achieved),
    field('Schedule lag p95', formatMs(p.scheduleLagP95Ms)),
    field('Schedule lag max', formatMs(p.scheduleLagMaxMs)),
    field('Per-user bandwidth', formatBandwidth(p.perUserKbps)),
  ];
}

function rateLimitLines(r: RateLimitFigures, f: PollFigures): string[] {
  const perMinute = (n: number) => `${formatFixed(n, 2)}/min`;
  const busiest =
    r.achievedBusiestPerMinute === null
      ? NOT_AVAILABLE
      : `${perMinute(r.achievedBusiestPerMinute)} (${r.busiestPath ?? r.pathTemplate})`;
  const every =
    f.config.client === 'seed'
      ? `every ${formatFixed(f.config.pollIntervalMs / 1000, 2)} s`
      : 'on the client timers, stream up';
  const lines = [
    `  ${r.pathTemplate} (limit ${formatInt(r.limitPerMinute)}/min):`,
    field(
      'Planned per path',
      `${perMinute(r.plannedPerPathPerMinute)} (${users(r.plannedUsersPerPath)} ${every}${f.merged === null ? '' : ' from one source address'})`,
      4,
    ),
  ];
  if (r.busiestPath !== null || r.achievedMeanPerMinute === null) {
    lines.push(field('Busiest path', busiest, 4));
  }
  lines.push(
    field('Mean per path', orNA(r.achievedMeanPerMinute, perMinute), 4),
    field('429s seen', formatInt(r.rateLimited), 4),
  );
  if (r.overLimit) lines.push(`    ${WARNING}over the limit`);
  else if (r.finding === 'at-limit') {
    lines.push(`    ${WARNING}at the limit: a late poll can meet a full window and get a 429`);
  }
  return lines;
}

function rateLimits(f: PollFigures): string[] {
  return [
    'Rate Limits (per client IP and path, requests per minute):',
    ...(f.rateLimits.length === 0
      ? [`  None of the ${f.config.client} model's requests is rate limited`]
      : f.rateLimits.flatMap((r) => rateLimitLines(r, f))),
  ];
}

function k6Totals(f: PollFigures): string[] {
  const t = f.k6Totals;
  const requests =
    t.httpRequests === null
      ? NOT_AVAILABLE
      : `${formatInt(t.httpRequests)} (${formatInt(f.requests.total)} polling, ${f.writer === null ? '' : `${formatInt(f.writer.sends)} writer, `}${formatInt(t.setupAndTeardownRequests ?? 0)} setup/teardown)`;
  return [
    'k6 Totals (whole test, incl. setup and teardown):',
    field('http_reqs', requests),
    field('data_received', orNA(t.dataReceivedBytes, formatBytes)),
    field('data_sent', orNA(t.dataSentBytes, formatBytes)),
  ];
}

/** How the text and summary.html name a threshold's outcome. */
export const OUTCOME_LABELS: Record<ThresholdOutcome, string> = {
  pass: 'PASS',
  fail: 'FAIL',
  'no-samples': 'NO SAMPLES',
  'not-evaluated': 'NOT EVALUATED',
};

function thresholds(f: PollFigures): string[] {
  if (f.thresholds.length === 0) return ['Thresholds:', '  None defined'];
  return [
    'Thresholds:',
    ...f.thresholds.map((t) => {
      const note =
        t.outcome === 'no-samples'
          ? t.optional
            ? '  (the metric got no sample; optional, so it does not fail the run)'
            : '  (the metric got no sample to judge: fails the run)'
          : t.observed === null
            ? ''
            : `  (${t.observed})`;
      return `  ${OUTCOME_LABELS[t.outcome]}  ${t.metric}  ${t.expression}${note}`;
    }),
  ];
}

function recommendations(f: PollFigures): string[] {
  return [
    'Recommendations:',
    ...f.recommendations.map((r) => `  ${r.level === 'ok' ? OK : WARNING}${r.text}`),
  ];
}

/** What a run that sent no load reports: the plan, the gates it did not judge, the advice. */
function setupFailedSections(f: PollFigures): string[][] {
  return [
    [
      'Test Configuration (planned):',
      field('Users', formatInt(f.config.users)),
      field('Rooms per user', formatInt(f.config.roomsPerUser)),
      field('Duration', formatSeconds(f.config.plannedDurationMs / 1000)),
      field('Target', f.config.baseUrl),
    ],
    thresholds(f),
    recommendations(f),
  ];
}

/**
 * The report's sections in order, each as its lines with the heading first (`Load Plan:`);
 * summary.html shows the same sections in the same order. A run whose setup failed sent no
 * load: its plan, the gates it did not judge and the advice.
 */
export function pollTextSections(f: PollFigures): string[][] {
  if (f.status.end === 'setup-failed') return setupFailedSections(f);
  return [
    testConfiguration(f),
    requestStatistics(f),
    requestsByEndpoint(f),
    latencySection(f.latency),
    bandwidth(f),
    dataTransfer(f),
    projectedUsage(f),
    errorsByType(f),
    latencyByEndpoint(f.endpoints),
    latencyHistograms(f),
    loadPlan(f),
    rateLimits(f),
    ...(f.streams === null
      ? []
      : [renderStreamsSection(f.streams), renderUserBandwidthSection(f.userBandwidth)]),
    ...(f.writer === null ? [] : [renderWriterSection(f.writer).slice(0, -1)]),
    renderScalingSection(
      f.scaling,
      runRateFormula({
        client: f.config.client,
        rooms: f.config.roomsPerUser,
        pollIntervalMs: f.config.pollIntervalMs,
      }),
    ),
    k6Totals(f),
    thresholds(f),
    recommendations(f),
  ];
}

/** The whole stdout report for the figures, ending with where the summary files go. */
export function renderPollText(f: PollFigures): string {
  const sections = pollTextSections(f);
  const lines = [
    RULE,
    'LOAD TEST RESULTS',
    RULE,
    '',
    ...instanceBanner(f),
    ...statusBanner(f),
    ...sections.flatMap((s, i) => (i === sections.length - 1 ? s : [...s, ''])),
    RULE,
    summaryFilesLine(f.config.summaryDir, {
      names: summaryFileStem(f.instance),
      withHtml: true,
      createsFolder: f.merged !== null,
    }),
    ...mergeCommandLine(f),
  ];
  return `${lines.join('\n')}\n`;
}
