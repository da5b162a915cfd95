// summary.html of the poll scenario: when and where the run ran, what failed first (each
// failure linked to its chart), then every section of the text report in the same order with
// the same numbers, as tables and full-width charts (the latency distribution per endpoint,
// the histogram, requests per room and by status, planned vs achieved rate, each path's rate
// against its limit), and the whole configuration. Pure strings: it runs in k6's
// handleSummary and in Node.

import { shortestPeriodMs } from '../clients/model';
import type { StreamFigures, UserBandwidthFigures } from '../clients/report';
import { RATE_LIMITED_ENDPOINTS, rateLimitOf } from '../endpoints';
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
import { MAX_LAG_SHARE_OF_INTERVAL, MIN_PERCENT_OF_PLAN } from '../generator';
import { latencyHistogram } from '../latency-histogram';
import { runRateFormula } from '../plan';
import type { QuantileFunction } from '../quantiles';
import {
  type Bar,
  barChart,
  type CurveSeries,
  chartFigure,
  legend,
  percentileChart,
  timeChart,
} from '../report/html/charts';
import { curveLegend, percentileTable } from '../report/html/distribution';
import {
  anchoredSection,
  type Cell,
  escapeHtml,
  type Failure,
  failureBox,
  figureTable,
  foldedTable,
  htmlPage,
  runFacts,
  table,
} from '../report/html/page';
import { scalingHtml, writerHtml } from '../report/html/sections';
import { utcText } from '../run-facts';
import { progressText } from '../run-status';
import { parseThresholdExpression } from '../thresholds';
import { rateDurationMs } from './report-figures';
import {
  countWithShare,
  errorTypeLabel,
  formatHistogramEdge,
  LATENCY_COLUMNS,
  OUTCOME_LABELS,
  plannedRateHow,
  pollTextSections,
  stoppedLoadSentence,
} from './report-text';
import type {
  EndpointFigures,
  LatencyFigures,
  PollFigures,
  RateLimitFigures,
  ThresholdFigures,
} from './summary-schema';

/** A numeric cell showing a summary.json field (`figure` is its dotted path). */
function num(text: string, figure?: string): Cell {
  return figure === undefined ? { text, numeric: true } : { text, numeric: true, figure };
}

function orNA(value: number | null, format: (n: number) => string): string {
  return value === null ? NOT_AVAILABLE : format(value);
}

const ms2 = (n: number | null) => orNA(n, (v) => formatFixed(v, 2));
const mb = (n: number | null) => orNA(n, (v) => `${formatFixed(v, 2)} MB`);
const rate2 = (n: number | null) => orNA(n, (v) => formatFixed(v, 2));

/** The style (colour and dash) of each endpoint's series: its place in the run's model. */
function endpointStyle(f: PollFigures, endpoint: string): number {
  return Math.max(
    0,
    f.endpoints.findIndex((e) => e.endpoint === endpoint),
  );
}
/** The style of "all polling requests" beside the endpoints: the last, grey one. */
const ALL_STYLE = 6;

/** Section ids, which failures and the contents link to. */
const ID = {
  configuration: 'test-configuration',
  requests: 'request-statistics',
  byEndpoint: 'requests-by-endpoint',
  latency: 'latency',
  bandwidth: 'bandwidth',
  transfer: 'data-transfer',
  projected: 'projected-usage',
  errors: 'errors-by-type',
  latencyByEndpoint: 'latency-by-endpoint',
  histogram: 'latency-histogram',
  loadPlan: 'load-plan',
  rateLimits: 'rate-limits',
  streams: 'streams',
  userBandwidth: 'bandwidth-per-user',
  writer: 'live-rooms',
  scaling: 'scaling-estimates',
  k6Totals: 'k6-totals',
  thresholds: 'thresholds',
  recommendations: 'recommendations',
  settings: 'configuration',
  overTime: 'over-the-run',
} as const;

// ---------------------------------------------------------------------------------------------
// The top: facts and failures

function runFactList(f: PollFigures): string {
  const i = f.instance;
  const segment =
    f.merged !== null
      ? `merged: ${formatInt(f.merged.instances.length)} instances`
      : i.executionSegment === null
        ? 'single instance'
        : `segment ${i.executionSegment}${i.executionSegmentSequence === null ? '' : ` of ${i.executionSegmentSequence}`}`;
  return runFacts([
    ['Started', utcText(f.run.startedAt)],
    ['Ended', utcText(f.run.endedAt)],
    [
      'Duration (k6 test run)',
      { ...num(formatSeconds(f.duration.measuredMs / 1000), 'duration.measuredMs'), scale: 0.001 },
    ],
    ['Planned duration', formatSeconds(f.duration.plannedMs / 1000)],
    ['k6 version', f.run.k6Version ?? 'unknown (User-Agent set by the user?)'],
    ['Instance', segment],
    ['RUN_ID', i.runId ?? 'none'],
    ['Target', f.config.baseUrl],
  ]);
}

/** Where a threshold's metric is drawn on the page: over the run when recorded. */
function chartOfMetric(metric: string, timeline: boolean): string {
  const name = metric.replace(/\{.*$/, '');
  if (timeline) {
    if (name === 'cw_latency') return '#chart-time-latency';
    if (name === 'cw_schedule_lag') return '#chart-time-lag';
    if (
      name === 'cw_errors' ||
      name === 'cw_rate_limited' ||
      name === 'cw_connection_errors' ||
      metric.startsWith('cw_requests{status:')
    ) {
      return '#chart-time-errors';
    }
  }
  if (name === 'cw_latency') return `#${ID.latencyByEndpoint}`;
  if (name === 'cw_schedule_lag') return `#${ID.loadPlan}`;
  if (name === 'cw_rate_limited') return `#${ID.rateLimits}`;
  if (name === 'cw_errors' || name === 'cw_connection_errors' || name === 'cw_requests') {
    return `#${ID.errors}`;
  }
  return `#${ID.thresholds}`;
}

/** `p(95) < 1,000 ms`: the expression's limit, in the unit k6 compared it in. */
function thresholdLimit(t: ThresholdFigures): string {
  const parsed = parseThresholdExpression(t.expression);
  if (parsed === undefined) return t.expression;
  const unit = / (ms|bytes|B\/s)$/.exec(t.observed ?? '')?.[1];
  const value = formatFixed(parsed.value, parsed.value % 1 === 0 ? 0 : 2, true);
  return `${parsed.aggregation} ${parsed.operator} ${value}${unit === undefined ? '' : ` ${unit}`}`;
}

/** Everything that went wrong, most decisive first, each with its figures and its chart. */
export function pollFailures(f: PollFigures): Failure[] {
  const failures: Failure[] = f.thresholds
    .filter((t) => !t.passed)
    .map((t) => ({
      what: `Threshold ${t.metric} ${t.expression}`,
      observed:
        t.outcome === 'no-samples'
          ? 'no samples: the metric got none to judge'
          : (t.observed ?? 'not reported'),
      limit: thresholdLimit(t),
      href: chartOfMetric(t.metric, f.timeline !== null),
    }));
  const p = f.loadPlan;
  if (p.generatorFellBehind) {
    failures.push({
      what: 'The load generator fell behind (latency includes queueing in k6)',
      observed: `${orNA(p.requestsPercentOfPlan, (v) => formatPercent(v))} of planned requests sent; schedule lag p95 ${formatMs(p.scheduleLagP95Ms)}`,
      limit: `at least ${MIN_PERCENT_OF_PLAN}% sent; lag p95 at most ${formatMs(f.config.pollIntervalMs * MAX_LAG_SHARE_OF_INTERVAL)}`,
      href: f.timeline === null ? `#${ID.loadPlan}` : '#chart-time-requests',
    });
  }
  return failures;
}

/** How the run ended, first: a run that failed to set up or stopped early says so. */
function statusBox(f: PollFigures): string {
  const failures = pollFailures(f);
  const failedThresholds = f.thresholds.filter((t) => !t.passed).length;
  const s = f.status;
  if (s.end === 'setup-failed') {
    return failureBox(
      `Setup failed: ${s.cause}. No load was sent: no polling request was made, and setup deleted any test room it had created. The thresholds were not evaluated.`,
      [],
    );
  }
  if (s.end === 'interrupted' || s.end === 'aborted') {
    const how = `${s.end === 'interrupted' ? 'Interrupted' : 'Aborted'} ${progressText(s)}${s.cause === null ? '' : `: ${s.cause}`}.`;
    return failureBox(
      `${how} ${stoppedLoadSentence(f)}; the figures cover only that part.`,
      failures,
    );
  }
  if (!s.requestsMade) return failureBox('No polling requests were made.', failures);
  if (failures.length === 0) return '<p class="banner good">Every threshold passed.</p>';
  const parts = [
    ...(failedThresholds > 0
      ? [
          `${formatInt(failedThresholds)} of ${formatInt(f.thresholds.length)} thresholds failed (k6 exits 99)`,
        ]
      : []),
    ...(f.loadPlan.generatorFellBehind ? ['the load generator fell behind'] : []),
  ];
  const headline = parts.join('; ');
  return failureBox(`${headline.charAt(0).toUpperCase()}${headline.slice(1)}.`, failures);
}

function header(f: PollFigures, title: string): string {
  const c = f.config;
  const meta = `${plural(c.users, 'user')} x ${plural(c.roomsPerUser, 'room')} (${c.roomMode}), poll every ${formatSeconds(c.pollIntervalMs / 1000)}, ${formatSeconds(rateDurationMs(f.duration) / 1000)} of load, against ${c.baseUrl}`;
  return [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="meta">${escapeHtml(meta)}</p>`,
    runFactList(f),
    statusBox(f),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The run over time

/** `poll p95 (60 slices, 12,000 responses)`: what a time series is drawn from. */
function seriesLabel(label: string, values: readonly (number | null)[], samples?: number): string {
  const slices = values.filter((v) => v !== null).length;
  const counted = samples === undefined ? '' : `, ${formatInt(samples)} sampled`;
  return `${label} (${formatInt(slices)} ${slices === 1 ? 'slice' : 'slices'}${counted})`;
}

/** A chart over the run, or why there is none: no series has a value in any slice. */
function timeFigure(chart: Parameters<typeof timeChart>[0], caption: string, none: string): string {
  if (!chart.series.some((s) => s.values.some((v) => v !== null))) {
    return `<p id="${chart.id}">${escapeHtml(`${chart.title}: ${none}`)}</p>`;
  }
  return chartFigure(timeChart(chart), caption, `${legend(chart.series)}\n`);
}

/**
 * The schedule lag over which the generator fell behind: a tenth of POLL_INTERVAL, or of the
 * client model's shortest timer period (report-figures.ts generatorFellBehind).
 */
function lagGate(f: PollFigures): { value: number; label: string } {
  const c = f.config;
  return c.client === 'seed'
    ? { value: c.pollIntervalMs * MAX_LAG_SHARE_OF_INTERVAL, label: '10% of POLL_INTERVAL' }
    : {
        value: shortestPeriodMs(c.client) * MAX_LAG_SHARE_OF_INTERVAL,
        label: "10% of the client's shortest timer",
      };
}

const NO_SAMPLED_TIMES =
  'not recorded: no sampled times, or --summary-trend-stats left out the percentiles this report needs.';

function overTime(f: PollFigures): string {
  const t = f.timeline;
  if (t === null) {
    return '<p>Not recorded: this summary has no time slices (written by an older dist/poll.js).</p>';
  }
  const seed = f.config.client === 'seed';
  const slices = t.slices;
  const sliceText = `${formatInt(slices.length)} slices of ${formatSeconds(t.sliceMs / 1000)}`;
  const latencySampling =
    t.sampling.latency === 1
      ? 'every response'
      : `1 in ${formatInt(t.sampling.latency)} responses of each endpoint`;
  // The seed's lag is a poll's (a user's requests sent together), the clients' a request's.
  const lagUnit = seed ? 'poll' : 'request';
  const lagSampling =
    t.sampling.lag === 1 ? `every ${lagUnit}` : `1 in ${formatInt(t.sampling.lag)} ${lagUnit}s`;
  const pick = (v: (s: (typeof slices)[number]) => number | null) => slices.map(v);
  // Sent first: the dashed plan on top shows where they agree.
  const requests = [
    { label: 'sent', values: pick((s) => s.sentPerSecond), style: 0, dash: null },
    { label: 'planned', values: pick((s) => s.plannedPerSecond), style: 6, dash: '6 4' },
  ].map((s) => ({ ...s, label: seriesLabel(s.label, s.values) }));
  const latency = f.endpoints.flatMap((e) => {
    const samples = slices.reduce((n, s) => n + (s.kinds[e.endpoint]?.latencySamples ?? 0), 0);
    const style = endpointStyle(f, e.endpoint);
    const p95 = pick((s) => s.kinds[e.endpoint]?.latencyP95Ms ?? null);
    const p50 = pick((s) => s.kinds[e.endpoint]?.latencyP50Ms ?? null);
    return [
      { label: seriesLabel(`${e.pathTemplate} p95`, p95, samples), values: p95, style, dash: null },
      {
        label: seriesLabel(`${e.pathTemplate} p50`, p50, samples),
        values: p50,
        style,
        dash: '2 3',
      },
    ];
  });
  const errors = [
    { label: '429 (rate limited)', values: pick((s) => s.rateLimitedPerSecond), style: 4 },
    { label: 'other errors', values: pick((s) => s.failedPerSecond), style: 1 },
  ].map((s) => ({ ...s, label: seriesLabel(s.label, s.values) }));
  const lagValues = pick((s) => s.scheduleLagP95Ms);
  const lag = [{ label: seriesLabel('schedule lag p95', lagValues), values: lagValues, style: 0 }];
  const streamValues = pick((s) => s.openStreams);
  const streams = [
    { label: seriesLabel('open streams', streamValues), values: streamValues, style: 2 },
  ];
  const common = { sliceMs: t.sliceMs, spanMs: f.config.plannedDurationMs };
  const rows = slices.map((s) => [
    `${formatFixed(s.startMs / 1000, 0)}-${formatFixed(s.endMs / 1000, 0)} s`,
    num(formatFixed(s.plannedPerSecond, 2)),
    num(orNA(s.sentPerSecond, (v) => formatFixed(v, 2))),
    ...f.endpoints.map((e) => num(ms2(s.kinds[e.endpoint]?.latencyP95Ms ?? null))),
    num(orNA(s.rateLimitedPerSecond, (v) => formatFixed(v, 2))),
    num(orNA(s.failedPerSecond, (v) => formatFixed(v, 2))),
    num(ms2(s.scheduleLagP95Ms)),
    ...(seed ? [] : [num(orNA(s.openStreams, (v) => formatFixed(v, 1)))]),
  ]);
  return [
    `<p>The load phase in ${escapeHtml(sliceText)}, each point a slice (point at one for its numbers). Latency per slice is of ${escapeHtml(latencySampling)} and schedule lag of ${escapeHtml(lagSampling)} (a slice gets up to about 150 of each), their percentiles read off a histogram of quarter-octave buckets (within 19 %).</p>`,
    timeFigure(
      {
        id: 'chart-time-requests',
        title: seed
          ? 'Polling requests per second: planned and sent'
          : 'Requests per second (besides the streams): planned and sent',
        yTitle: 'requests per second',
        unit: 'req/s',
        decimals: 2,
        series: requests,
        ...common,
      },
      seed
        ? 'Requests due per second by the plan (users x rooms x kinds / poll interval, with RAMP_UP as users join) and sent per second, slice by slice. A gap between them is the load generator falling behind.'
        : "Requests due per second by the client's timers (counted in the slice they came due in, sent then, later, or not at all) and sent per second, slice by slice. A gap between them is the load generator falling behind.",
      'nothing planned.',
    ),
    timeFigure(
      {
        id: 'chart-time-latency',
        title: 'Latency over the run, per endpoint',
        yTitle: 'latency (ms)',
        unit: 'ms',
        decimals: 1,
        series: latency,
        ...common,
      },
      `Latency p95 (solid) and p50 (dotted) of each endpoint, slice by slice (ms), of ${latencySampling}.`,
      NO_SAMPLED_TIMES,
    ),
    timeFigure(
      {
        id: 'chart-time-errors',
        title: '429s and other errors over the run',
        yTitle: 'responses per second',
        unit: '/s',
        decimals: 2,
        series: errors,
        ...common,
      },
      'Responses per second that were 429 (rate limited) and that failed otherwise (other statuses, connection errors, timeouts).',
      'nothing sent.',
    ),
    timeFigure(
      {
        id: 'chart-time-lag',
        title: 'Schedule lag over the run',
        yTitle: `ms a ${lagUnit} started after it was due`,
        unit: 'ms',
        decimals: 1,
        series: lag,
        limit: lagGate(f),
        ...common,
      },
      `How late ${lagUnit}s started against their due time, p95 per slice of ${lagSampling}; above the line the load generator falls behind.`,
      NO_SAMPLED_TIMES,
    ),
    ...(seed
      ? []
      : [
          timeFigure(
            {
              id: 'chart-time-streams',
              title: 'Streams open over the run',
              yTitle: 'streams open (mean over the slice)',
              unit: 'streams',
              decimals: 1,
              series: streams,
              ...common,
            },
            "The SSE streams k6 held open, on average over each slice (the streams' open time in the slice over its length), all VUs together.",
            'none opened.',
          ),
        ]),
    foldedTable(
      `The numbers per slice (${sliceText})`,
      table(
        'Per slice',
        [
          'Slice',
          'Planned req/s',
          'Sent req/s',
          ...f.endpoints.map((e) => `${e.pathTemplate} p95 ms`),
          '429/s',
          'Errors/s',
          'Lag p95 ms',
          ...(seed ? [] : ['Open streams']),
        ],
        rows,
      ),
    ),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// The text report's sections, in its order

/** A text section's heading as the page shows it: `Load Plan:` -> `Load Plan`. */
function headingOf(lines: readonly string[]): string {
  return (lines[0] ?? '').replace(/:$/, '');
}

function testConfiguration(f: PollFigures): string {
  return figureTable('Test configuration', [
    ['Users', num(formatInt(f.config.users), 'config.users')],
    ['Rooms per user', num(formatInt(f.config.roomsPerUser), 'config.roomsPerUser')],
    ['Total connections', num(formatInt(f.config.users * f.config.roomsPerUser))],
    // The load's duration, as the rates divide by it.
    ['Duration', num(formatSeconds(rateDurationMs(f.duration) / 1000))],
  ]);
}

function requestStatistics(f: PollFigures): string {
  const r = f.requests;
  return figureTable('Requests (polling only)', [
    ['Total requests', num(formatInt(r.total), 'requests.total')],
    ['Successful', num(countWithShare(r.successful, r.successfulPercent), 'requests.successful')],
    ['Failed', num(countWithShare(r.failed, r.failedPercent), 'requests.failed')],
    ['Rate limited', num(formatInt(r.rateLimited), 'requests.rateLimited')],
    ['Requests/second', num(rate2(r.perSecond), 'requests.perSecond')],
  ]);
}

/** Requests per path as the text lists them (by path), and per room as bars. */
function requestsByEndpoint(f: PollFigures): string {
  if (!f.status.requestsMade) return '<p>None.</p>';
  const rows = f.endpoints.flatMap((e, ei) =>
    e.rooms === null
      ? [{ path: e.pathTemplate, requests: e.requests, figure: `endpoints.${ei}.requests`, e }]
      : e.rooms.map((room, ri) => ({
          path: room.path,
          requests: room.requests,
          figure: `endpoints.${ei}.rooms.${ri}.requests`,
          e,
        })),
  );
  rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const perRoom = f.endpoints.some((e) => e.rooms !== null);
  const chart = perRoom
    ? chartFigure(
        barChart(
          'chart-rooms',
          'Requests per room and endpoint',
          rows.map(
            (r): Bar => ({
              label: r.path,
              value: r.requests,
              valueText: formatInt(r.requests),
              fill: 'plan',
            }),
          ),
          { axisTitle: 'polling requests', labelWidth: 300 },
        ),
        'Polling requests each room path received: an uneven spread shows rooms polled more than others.',
      )
    : `<p>Totals of all ${formatInt(f.config.roomCount)} rooms: runs with more than 20 rooms are not broken down by room.</p>`;
  return [
    chart,
    table(
      'Requests by endpoint',
      ['Path', 'Requests'],
      rows.map((r) => [r.path, num(formatInt(r.requests), r.figure)]),
    ),
  ].join('\n');
}

const LATENCY_KEYS: readonly [string, keyof LatencyFigures][] = [
  ['Min', 'minMs'],
  ['Mean', 'avgMs'],
  ['Median', 'medMs'],
  ['95th percentile', 'p95Ms'],
  ['99th percentile', 'p99Ms'],
  ['Max', 'maxMs'],
];

function latency(f: PollFigures): string {
  return figureTable(
    'Latency of all polling requests (milliseconds)',
    LATENCY_KEYS.map(([label, key]) => [label, num(formatMs(f.latency[key]), `latency.${key}`)]),
  );
}

function bandwidth(f: PollFigures): string {
  return figureTable('Bandwidth', [
    ['Downstream', num(formatBandwidth(f.bandwidth.downstreamKbps), 'bandwidth.downstreamKbps')],
    ['Upstream', num(formatBandwidth(f.bandwidth.upstreamKbps), 'bandwidth.upstreamKbps')],
    ['Total', num(formatBandwidth(f.bandwidth.totalKbps), 'bandwidth.totalKbps')],
  ]);
}

function dataTransfer(f: PollFigures): string {
  const source =
    f.transfer.source === 'k6'
      ? 'as k6 measured them for the polling VUs'
      : 'as the scenario estimated them (k6 did not report its own)';
  return [
    figureTable('Data transfer', [
      ['Total received', num(formatBytes(f.transfer.receivedBytes), 'transfer.receivedBytes')],
      ['Total sent', num(formatBytes(f.transfer.sentBytes), 'transfer.sentBytes')],
    ]),
    `<p class="meta">The polling requests' bytes ${escapeHtml(source)}; setup, teardown and the live-room writer are not in them.</p>`,
  ].join('\n');
}

function projectedUsage(f: PollFigures): string {
  const p = f.projected;
  return [
    table(
      'Projected usage at this run’s rate (MB = 1024 x 1024 bytes)',
      ['Period', 'Received', 'Received + sent'],
      [
        [
          'Per hour',
          num(mb(p.receivedPerHourMB), 'projected.receivedPerHourMB'),
          num(mb(p.perHourMB), 'projected.perHourMB'),
        ],
        [
          'Per day',
          num(mb(p.receivedPerDayMB), 'projected.receivedPerDayMB'),
          num(mb(p.perDayMB), 'projected.perDayMB'),
        ],
      ],
    ),
    '<p class="meta">The old tool printed the received figure under this name.</p>',
  ].join('\n');
}

function errorsByType(f: PollFigures): string {
  const total = f.requests.total;
  const share = (n: number) => (total === 0 ? NOT_AVAILABLE : formatPercent((n * 100) / total));
  const rows = [
    {
      label: '200 OK',
      count: f.requests.successful,
      fill: 'good' as const,
      figure: 'requests.successful',
    },
    ...f.errors.map((e, i) => ({
      label: errorTypeLabel(e),
      count: e.count,
      fill: e.type === 'HTTP_429' ? ('warn' as const) : ('bad' as const),
      figure: `errors.${i}.count`,
    })),
  ];
  const chart =
    total === 0
      ? ''
      : chartFigure(
          barChart(
            'chart-status',
            'Polling requests by status',
            rows.map((r) => ({
              label: r.label,
              value: r.count,
              valueText: `${formatInt(r.count)} (${share(r.count)})`,
              fill: r.fill,
            })),
            { axisTitle: 'polling requests', labelWidth: 300 },
          ),
          'Polling requests by HTTP status or connection error: green answered 200, amber 429 (rate limited), red any other error.',
        );
  const errorTable =
    f.errors.length === 0
      ? '<p>No errors.</p>'
      : table(
          'Errors by type',
          ['Type', 'Requests', 'Share'],
          rows
            .slice(1)
            .map((r) => [r.label, num(formatInt(r.count), r.figure), num(share(r.count))]),
        );
  return [chart, errorTable].join('\n');
}

function distributionOf(label: string, d: QuantileFunction | null, style: number): CurveSeries[] {
  return d === null ? [] : [{ label, distribution: d, style }];
}

function latencyByEndpoint(f: PollFigures): string {
  const series = [
    ...f.endpoints.flatMap((e) =>
      distributionOf(e.pathTemplate, e.latencyDistribution, endpointStyle(f, e.endpoint)),
    ),
    ...distributionOf('all polling requests', f.latencyDistribution, ALL_STYLE),
  ];
  const chart =
    series.length === 0
      ? '<p>No latency distribution: no responses, or <code>--summary-trend-stats</code> left out the percentiles this report needs.</p>'
      : chartFigure(
          percentileChart('chart-latency', 'Latency by percentile and endpoint', series),
          'Latency by percentile (ms). The x axis spreads the tail: each step is one more nine. A curve ends at its second-largest sample: past it there is only the max.',
          `${curveLegend(series)}\n`,
        );
  const columns = LATENCY_COLUMNS;
  return [
    chart,
    table(
      'Latency by endpoint (milliseconds)',
      ['Endpoint', ...columns.map(([title]) => title)],
      f.endpoints.map((e, i) => [
        e.pathTemplate,
        ...columns.map(([, key]) => num(ms2(e.latency[key]), `endpoints.${i}.latency.${key}`)),
      ]),
    ),
    series.length === 0 ? '' : percentileTable('Percentiles (milliseconds)', series),
  ].join('\n');
}

function latencyHistograms(f: PollFigures): string {
  if (!f.status.requestsMade) return '<p>None.</p>';
  return f.endpoints
    .map((e: EndpointFigures, i) => {
      const d = e.latencyDistribution;
      if (d === null) {
        return `<h3>${escapeHtml(e.pathTemplate)}</h3>\n<p>n/a (no latency samples, or --summary-trend-stats left out the percentiles)</p>`;
      }
      const buckets = latencyHistogram(d);
      const share = (n: number) => formatPercent((n * 100) / d.count);
      const label = (b: { lowMs: number; highMs: number }) =>
        `${formatHistogramEdge(b.lowMs)} - ${formatHistogramEdge(b.highMs)} ms`;
      return `<h3>${escapeHtml(e.pathTemplate)}</h3>\n${chartFigure(
        barChart(
          `chart-histogram-${i}`,
          `Latency histogram: ${e.pathTemplate}`,
          buckets.map((b) => ({
            label: label(b),
            value: b.count,
            valueText: `${formatInt(b.count)} (${share(b.count)})`,
            fill: 'plan',
          })),
          { axisTitle: 'responses per bucket', labelWidth: 200 },
        ),
        `Responses per latency bucket (log-spaced edges, ms), ${e.pathTemplate}: ${formatInt(d.count)} responses.`,
      )}`;
    })
    .join('\n');
}

function loadPlan(f: PollFigures): string {
  const p = f.loadPlan;
  const c = f.config;
  const lagLimit = lagGate(f);
  return [
    chartFigure(
      barChart(
        'chart-plan',
        'Planned vs achieved request rate',
        [
          {
            label: 'Planned req/s',
            value: p.plannedRequestsPerSecond,
            valueText: rate2(p.plannedRequestsPerSecond),
            fill: 'plan',
          },
          {
            label: 'Achieved req/s',
            value: p.achievedRequestsPerSecond ?? 0,
            valueText: `${rate2(p.achievedRequestsPerSecond)} (${orNA(p.achievedPercentOfPlan, (v) => formatPercent(v))} of plan)`,
            fill: p.generatorFellBehind ? 'bad' : 'good',
          },
        ],
        { axisTitle: 'polling requests per second' },
      ),
      `Planned rate = users x rooms x ${f.endpoints.length} / poll interval; achieved = polling requests / the load's duration (setup and teardown left out).`,
    ),
    chartFigure(
      barChart(
        'chart-lag',
        'Schedule lag against the generator gate',
        [
          {
            label: 'Schedule lag p95',
            value: p.scheduleLagP95Ms ?? 0,
            valueText: formatMs(p.scheduleLagP95Ms),
            fill: (p.scheduleLagP95Ms ?? 0) > lagLimit.value ? 'bad' : 'good',
          },
          {
            label: 'Schedule lag max',
            value: p.scheduleLagMaxMs ?? 0,
            valueText: formatMs(p.scheduleLagMaxMs),
            fill: 'neutral',
          },
        ],
        {
          axisTitle: 'ms a poll started after it was due',
          markers: [lagLimit],
        },
      ),
      `How late ${f.config.client === 'seed' ? 'polls' : 'requests'} started against their due time; a p95 over ${lagLimit.label} means the load generator fell behind.`,
    ),
    figureTable('Load plan', [
      [
        'Room mode',
        `${c.roomMode} (${formatInt(p.usersPerRoom)} ${p.usersPerRoom === 1 ? 'user' : 'users'} per room)`,
      ],
      ['Poll interval', formatSeconds(c.pollIntervalMs / 1000)],
      ['VUs', num(formatInt(c.vusUsed), 'config.vusUsed')],
      ['Planned duration', formatSeconds(c.plannedDurationMs / 1000)],
      [
        'Planned req/s',
        num(
          `${rate2(p.plannedRequestsPerSecond)} (${plannedRateHow(f)})`,
          'loadPlan.plannedRequestsPerSecond',
        ),
      ],
      ...(c.rampUpMs > 0
        ? ([
            [
              'Ramp-up',
              `${formatSeconds(c.rampUpMs / 1000)} (users join evenly; ${formatInt(p.plannedRequests)} requests planned, ${formatFixed((p.plannedRequests * 1000) / c.plannedDurationMs, 2)} req/s on average)`,
            ],
          ] as [string, string][])
        : []),
      [
        'Sent',
        num(
          `${formatInt(f.requests.total)} of ${formatInt(p.plannedRequests)} planned (${orNA(p.requestsPercentOfPlan, (v) => formatPercent(v))})`,
          'requests.total',
        ),
      ],
      [
        'Achieved req/s',
        num(
          p.achievedRequestsPerSecond === null
            ? NOT_AVAILABLE
            : `${rate2(p.achievedRequestsPerSecond)} (over ${formatSeconds(rateDurationMs(f.duration) / 1000)}${f.duration.loadPhaseMs === null ? ', setup and teardown included' : ' of load'})`,
          'loadPlan.achievedRequestsPerSecond',
        ),
      ],
      ['Schedule lag p95', num(formatMs(p.scheduleLagP95Ms), 'loadPlan.scheduleLagP95Ms')],
      ['Schedule lag max', num(formatMs(p.scheduleLagMaxMs), 'loadPlan.scheduleLagMaxMs')],
      ['Per-user bandwidth', num(formatBandwidth(p.perUserKbps), 'loadPlan.perUserKbps')],
    ]),
  ].join('\n');
}

/** A path's finding, and what an at-the-limit plan risks. */
function findingText(r: RateLimitFigures): string {
  if (r.overLimit) return `${r.finding} (over the limit)`;
  if (r.finding === 'at-limit') {
    return 'at the limit: a late poll can meet a full window and get a 429';
  }
  return r.finding;
}

function rateLimits(f: PollFigures): string {
  const perMinute = (n: number | null) => orNA(n, (v) => `${formatFixed(v, 2)}/min`);
  const charts = f.rateLimits.map((r, i) =>
    chartFigure(
      barChart(
        `chart-limit-${i}`,
        `${r.pathTemplate}: requests per minute per path against the limit`,
        [
          {
            label: 'Planned per path',
            value: r.plannedPerPathPerMinute,
            valueText: perMinute(r.plannedPerPathPerMinute),
            fill: 'plan',
          },
          {
            label: 'Busiest path',
            value: r.achievedBusiestPerMinute ?? 0,
            valueText: perMinute(r.achievedBusiestPerMinute),
            fill: r.overLimit ? 'bad' : 'good',
          },
          {
            label: 'Mean per path',
            value: r.achievedMeanPerMinute ?? 0,
            valueText: perMinute(r.achievedMeanPerMinute),
            fill: 'neutral',
          },
        ],
        {
          axisTitle: 'requests per minute per path and client IP',
          markers: [{ label: 'limit', value: r.limitPerMinute }],
        },
      ),
      `${r.pathTemplate}: limit ${formatInt(r.limitPerMinute)}/min per client IP and path; finding: ${findingText(r)}.`,
    ),
  );
  return [
    ...charts,
    table(
      'Rate limits (per client IP and path, requests per minute)',
      [
        'Endpoint',
        'Limit',
        'Planned per path',
        'Busiest path',
        'Mean per path',
        '429s seen',
        'Finding',
      ],
      f.rateLimits.map((r, i) => [
        r.pathTemplate,
        num(formatInt(r.limitPerMinute), `rateLimits.${i}.limitPerMinute`),
        num(perMinute(r.plannedPerPathPerMinute), `rateLimits.${i}.plannedPerPathPerMinute`),
        num(
          r.achievedBusiestPerMinute === null
            ? NOT_AVAILABLE
            : `${perMinute(r.achievedBusiestPerMinute)} (${r.busiestPath ?? r.pathTemplate})`,
          `rateLimits.${i}.achievedBusiestPerMinute`,
        ),
        num(perMinute(r.achievedMeanPerMinute), `rateLimits.${i}.achievedMeanPerMinute`),
        num(formatInt(r.rateLimited), `rateLimits.${i}.rateLimited`),
        findingText(r),
      ]),
    ),
    `<p class="meta">Planned per path: ${f.rateLimits.map((r) => `${escapeHtml(r.pathTemplate)} ${formatInt(r.plannedUsersPerPath)} ${r.plannedUsersPerPath === 1 ? 'user' : 'users'} every ${formatFixed(f.config.pollIntervalMs / 1000, 2)} s`).join('; ')}.</p>`,
  ].join('\n');
}

function writer(f: PollFigures): string {
  return f.writer === null ? '' : writerHtml(f.writer);
}

function scaling(f: PollFigures): string {
  return scalingHtml(
    f.scaling,
    runRateFormula({
      client: f.config.client,
      rooms: f.config.roomsPerUser,
      pollIntervalMs: f.config.pollIntervalMs,
    }),
  );
}

function k6Totals(f: PollFigures): string {
  const t = f.k6Totals;
  const requests =
    t.httpRequests === null
      ? NOT_AVAILABLE
      : `${formatInt(t.httpRequests)} (${formatInt(f.requests.total)} polling, ${f.writer === null ? '' : `${formatInt(f.writer.sends)} writer, `}${formatInt(t.setupAndTeardownRequests ?? 0)} setup/teardown)`;
  return figureTable("k6's own counters (whole test, setup and teardown included)", [
    ['http_reqs', num(requests, t.httpRequests === null ? undefined : 'k6Totals.httpRequests')],
    ['data_received', num(orNA(t.dataReceivedBytes, formatBytes))],
    ['data_sent', num(orNA(t.dataSentBytes, formatBytes))],
  ]);
}

function thresholds(f: PollFigures): string {
  if (f.thresholds.length === 0) return '<p>None defined.</p>';
  return table(
    'Thresholds (thresholds.json; k6 exits 99 when one fails)',
    ['Metric', 'Expression', 'Result', 'Observed'],
    f.thresholds.map((t) => [
      t.metric,
      t.expression,
      OUTCOME_LABELS[t.outcome],
      t.outcome === 'no-samples'
        ? t.optional
          ? 'no sample; optional, so it does not fail the run'
          : 'no sample to judge: fails the run'
        : (t.observed ?? NOT_AVAILABLE),
    ]),
    f.thresholds.map((t) => (t.passed ? undefined : 'regression')),
  );
}

function recommendations(f: PollFigures): string {
  const items = f.recommendations
    .map((r) => `<li>${r.level === 'ok' ? 'OK: ' : 'Warning: '}${escapeHtml(r.text)}</li>`)
    .join('\n');
  return `<ul class="recs">\n${items}\n</ul>`;
}

/** What k6 saw of the streams (the client models). */
function streams(s: StreamFigures): string {
  const int = (n: number, figure: string) => num(formatInt(n), figure);
  const ms = (n: number | null, figure: string) => num(formatMs(n), figure);
  const perMinute = s.framesPerStreamMinute;
  return figureTable('Streams (SSE; plain k6 holds each with http.asyncRequest)', [
    ['Tickets', int(s.tickets, 'streams.tickets')],
    ['Tickets refused', int(s.ticketsRefused, 'streams.ticketsRefused')],
    ['Streams opened', int(s.opened, 'streams.opened')],
    ['Held to the end', int(s.byOutcome.held, 'streams.byOutcome.held')],
    ['Ended early by the server', int(s.byOutcome.ended, 'streams.byOutcome.ended')],
    ['Refused', int(s.byOutcome.refused, 'streams.byOutcome.refused')],
    ['Failed (no answer)', int(s.byOutcome.failed, 'streams.byOutcome.failed')],
    ['Not settled (k6 stopped their VU)', int(s.unsettled, 'streams.unsettled')],
    ['Reconnects', int(s.reconnects, 'streams.reconnects')],
    ['Peak open (VU peaks summed)', num(orNA(s.peakOpen, formatInt), 'streams.peakOpen')],
    ['First byte p50', ms(s.timeToFirstByteP50Ms, 'streams.timeToFirstByteP50Ms')],
    ['First byte p95', ms(s.timeToFirstByteP95Ms, 'streams.timeToFirstByteP95Ms')],
    [
      'Bytes per stream and minute',
      num(orNA(s.receivedBytesPerStreamMinute, formatInt), 'streams.receivedBytesPerStreamMinute'),
    ],
    [
      'Frames per stream and minute',
      perMinute === null
        ? 'n/a (read only from streams the server ended)'
        : num(formatFixed(perMinute.keepalive + perMinute.ping + perMinute.other, 1)),
    ],
  ]);
}

/** Each user's bytes per hour, polling and streams apart (the client models). */
function userBandwidth(b: UserBandwidthFigures): string {
  // Shown in KB: the cell's number is the field over 1024.
  const kb = (n: number | null, figure: string): Cell => ({
    text: orNA(n, (v) => `${formatFixed(v / 1024, 1, true)} KB`),
    numeric: true,
    figure,
    scale: 1 / 1024,
  });
  return figureTable('Bandwidth per user and hour', [
    [
      'Polling down',
      kb(b.pollingReceivedBytesPerHour, 'userBandwidth.pollingReceivedBytesPerHour'),
    ],
    ['Polling up', kb(b.pollingSentBytesPerHour, 'userBandwidth.pollingSentBytesPerHour')],
    ['Streams down', kb(b.streamReceivedBytesPerHour, 'userBandwidth.streamReceivedBytesPerHour')],
    ['Streams up', kb(b.streamSentBytesPerHour, 'userBandwidth.streamSentBytesPerHour')],
  ]);
}

function configuration(f: PollFigures): string {
  const c = f.config;
  return figureTable('Configuration (no secrets)', [
    ...(c.client === 'seed' ? [] : ([['CLIENT', c.client]] as [string, string][])),
    ['BASE_URL', c.baseUrl],
    ['USERS', num(formatInt(c.users), 'config.users')],
    ['ROOMS (per user)', num(formatInt(c.roomsPerUser), 'config.roomsPerUser')],
    ['ROOM_MODE', c.roomMode],
    ['Rooms created', num(formatInt(c.roomCount), 'config.roomCount')],
    ['DURATION', formatSeconds(c.plannedDurationMs / 1000)],
    ['POLL_INTERVAL', formatSeconds(c.pollIntervalMs / 1000)],
    ['RAMP_UP', c.rampUpMs > 0 ? formatSeconds(c.rampUpMs / 1000) : 'off'],
    ['START_PHASE', c.startPhase],
    [
      'VUS',
      c.vusConfigured === null ? `derived: ${formatInt(c.vusUsed)}` : formatInt(c.vusConfigured),
    ],
    [
      'MESSAGES_PER_MINUTE',
      c.live.messagesPerMinute > 0
        ? `${formatFixed(c.live.messagesPerMinute, 2)} per room (${formatInt(c.live.messageBytes)} bytes each)`
        : 'off',
    ],
    [
      RATE_LIMITED_ENDPOINTS.map((e) => rateLimitOf(e).env).join(' / '),
      RATE_LIMITED_ENDPOINTS.map((e) => c.limitsPerMinute[e]).join(' / '),
    ],
    ['SCALE_USERS', c.scaleUsers.map(formatInt).join(', ')],
    ['RUN_ID', c.runId ?? `unset (${f.instance.runId ?? 'none'} made up by setup)`],
    ['CLEANUP_GRACE', formatSeconds(c.cleanupGraceMs / 1000)],
    ['NO_CLEANUP', c.noCleanup ? 'true (test rooms kept)' : 'false'],
    ['SUMMARY_DIR', c.summaryDir === '' ? "k6's working directory" : c.summaryDir],
  ]);
}

function mergedInstances(f: PollFigures): string {
  const m = f.merged;
  if (m === null) return '';
  return table(
    `Instances merged (coverage ${formatPercent(m.coverage * 100)}${m.missingSegments.length === 0 ? '' : `; missing ${m.missingSegments.join(', ')}`})`,
    ['File', 'Segment', 'Source address', 'Users', 'Planned', 'Requests', 'Thresholds'],
    m.instances.map((i, n) => [
      i.file,
      i.executionSegment ?? 'n/a',
      i.localIps ?? 'chosen by k6',
      num(formatInt(i.users), `merged.instances.${n}.users`),
      num(formatInt(i.plannedRequests), `merged.instances.${n}.plannedRequests`),
      num(formatInt(i.requests), `merged.instances.${n}.requests`),
      i.thresholdsPassed ? 'passed' : 'FAILED',
    ]),
  );
}

/** Each text section's HTML, by the section's place in the text report. */
/** A run that sent no load: its plan, as the text's `Test Configuration (planned)`. */
function plannedConfiguration(f: PollFigures): string {
  return figureTable('Test configuration (planned)', [
    ['Users', num(formatInt(f.config.users), 'config.users')],
    ['Rooms per user', num(formatInt(f.config.roomsPerUser), 'config.roomsPerUser')],
    ['Duration', formatSeconds(f.config.plannedDurationMs / 1000)],
    ['Target', f.config.baseUrl],
  ]);
}

/** Each text section's body, in the text's order (pollTextSections). */
function sectionBodies(f: PollFigures): [id: string, body: string][] {
  if (f.status.end === 'setup-failed') {
    return [
      [ID.configuration, plannedConfiguration(f)],
      [ID.thresholds, thresholds(f)],
      [ID.recommendations, recommendations(f)],
    ];
  }
  return [
    [ID.configuration, testConfiguration(f)],
    [ID.requests, requestStatistics(f)],
    [ID.byEndpoint, requestsByEndpoint(f)],
    [ID.latency, latency(f)],
    [ID.bandwidth, bandwidth(f)],
    [ID.transfer, dataTransfer(f)],
    [ID.projected, projectedUsage(f)],
    [ID.errors, errorsByType(f)],
    [ID.latencyByEndpoint, latencyByEndpoint(f)],
    [ID.histogram, latencyHistograms(f)],
    [ID.loadPlan, loadPlan(f)],
    [ID.rateLimits, rateLimits(f)],
    ...(f.streams === null
      ? []
      : ([
          [ID.streams, streams(f.streams)],
          [ID.userBandwidth, userBandwidth(f.userBandwidth)],
        ] as [string, string][])),
    ...(f.writer === null ? [] : ([[ID.writer, writer(f)]] as [string, string][])),
    [ID.scaling, scaling(f)],
    [ID.k6Totals, k6Totals(f)],
    [ID.thresholds, thresholds(f)],
    [ID.recommendations, recommendations(f)],
  ];
}

/** The text report's sections with their headings, in the text's order. */
function reportSections(f: PollFigures): { id: string; heading: string; html: string }[] {
  const headings = pollTextSections(f).map(headingOf);
  const bodies = sectionBodies(f);
  if (headings.length !== bodies.length) {
    throw new Error(
      `summary.html has ${bodies.length} sections, the text report ${headings.length}: ${headings.join(', ')}`,
    );
  }
  return bodies.map(([id, body], i) => {
    const heading = headings[i] as string;
    return { id, heading, html: anchoredSection(id, heading, body) };
  });
}

function contents(
  sections: readonly { id: string; heading: string }[],
  withOverTime: boolean,
): string {
  const links = [
    ...(withOverTime ? [`<a href="#${ID.overTime}">Over the run</a>`] : []),
    ...sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.heading.replace(/ \(.*$/, ''))}</a>`),
    `<a href="#${ID.settings}">Configuration</a>`,
  ];
  return `<nav class="contents">${links.join(' · ')}</nav>`;
}

/**
 * The whole summary.html of one poll run, or of a merged distributed run (same figures).
 * `title` names the page, e.g. "ClaudeWorld poll test (merged, 4 instances)".
 */
export function renderPollHtml(f: PollFigures, title = 'ClaudeWorld poll load test'): string {
  const sections = reportSections(f);
  // A run whose setup failed sent no load: nothing over time.
  const withOverTime = f.status.end !== 'setup-failed';
  return htmlPage(
    title,
    [
      header(f, title),
      contents(sections, withOverTime),
      ...(withOverTime ? [anchoredSection(ID.overTime, 'Over the run', overTime(f))] : []),
      ...sections.map((s) => s.html),
      anchoredSection(ID.settings, 'Configuration', configuration(f), mergedInstances(f)),
    ].join('\n'),
  );
}
