// summary.html of the poll scenario: the report's figures as tables, the latency distribution
// per endpoint as percentile curves, requests by status, planned vs achieved rate and each
// path's rate against its limit. Pure strings: it runs in k6's handleSummary and in Node.

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
import type { QuantileFunction } from '../quantiles';
import { barChart, type CurveSeries, chartFigure } from '../report/html/charts';
import { distributionCharts } from '../report/html/distribution';
import { type Cell, escapeHtml, figureTable, htmlPage, section, table } from '../report/html/page';
import { progressText } from '../run-status';
import { rateDurationMs } from './report-figures';
import type { EndpointFigures, LatencyFigures, PollFigures } from './summary-schema';

/** A numeric cell showing a summary.json field (`figure` is its dotted path). */
function num(text: string, figure?: string): Cell {
  return figure === undefined ? { text, numeric: true } : { text, numeric: true, figure };
}

function orNA(value: number | null, format: (n: number) => string): string {
  return value === null ? NOT_AVAILABLE : format(value);
}

const ms2 = (n: number | null) => orNA(n, (v) => formatFixed(v, 2));
const mb = (n: number | null) => orNA(n, (v) => `${formatFixed(v, 2)} MB`);

const LATENCY_KEYS: readonly [string, keyof LatencyFigures][] = [
  ['Min', 'minMs'],
  ['Mean', 'avgMs'],
  ['Median', 'medMs'],
  ['p95', 'p95Ms'],
  ['p99', 'p99Ms'],
  ['Max', 'maxMs'],
];

function latencyRow(label: string, latency: LatencyFigures, path: string): Cell[] {
  return [
    { text: label },
    ...LATENCY_KEYS.map(([, key]) => num(ms2(latency[key]), `${path}.${key}`)),
  ];
}

function header(f: PollFigures, title: string): string {
  const c = f.config;
  const meta = `${plural(c.users, 'user')} x ${plural(c.roomsPerUser, 'room')} (${c.roomMode}), poll every ${formatSeconds(c.pollIntervalMs / 1000)}, ${formatSeconds(rateDurationMs(f.duration) / 1000)} of load, against ${c.baseUrl}`;
  const s = f.status;
  const stopped = `${s.end === 'interrupted' ? 'Interrupted' : 'Aborted'} ${progressText(s)}${s.cause === null ? '' : `: ${s.cause}`}. Sent ${formatInt(f.requests.total)} of ${formatInt(f.loadPlan.plannedRequests)} planned polling requests; the figures cover only that part.`;
  const banner =
    s.end === 'setup-failed'
      ? `<p class="banner bad">Setup failed: ${escapeHtml(s.cause ?? '')}. No load was sent; the thresholds were not evaluated.</p>`
      : s.end !== 'completed'
        ? `<p class="banner bad">${escapeHtml(stopped)}</p>`
        : !f.status.requestsMade
          ? '<p class="banner bad">No polling requests were made.</p>'
          : f.status.thresholdsPassed
            ? '<p class="banner good">Every threshold passed.</p>'
            : '<p class="banner bad">A threshold failed (k6 exits 99).</p>';
  return `<h1>${escapeHtml(title)}</h1>\n<p class="meta">${escapeHtml(meta)}</p>\n${banner}`;
}

function requestTables(f: PollFigures): string {
  const r = f.requests;
  const share = (p: number | null) => orNA(p, (v) => formatPercent(v));
  return [
    figureTable('Requests (polling only)', [
      ['Total requests', num(formatInt(r.total), 'requests.total')],
      ['Successful (200)', num(formatInt(r.successful), 'requests.successful')],
      ['Successful share', num(share(r.successfulPercent), 'requests.successfulPercent')],
      ['Failed', num(formatInt(r.failed), 'requests.failed')],
      ['Rate limited (429)', num(formatInt(r.rateLimited), 'requests.rateLimited')],
      ['Connection errors', num(formatInt(r.connectionErrors), 'requests.connectionErrors')],
      ['Errors other than 429', num(share(r.errorPercent), 'requests.errorPercent')],
      [
        'Requests/second',
        num(
          orNA(r.perSecond, (v) => formatFixed(v, 2)),
          'requests.perSecond',
        ),
      ],
    ]),
    table(
      'Latency (milliseconds)',
      ['Endpoint', ...LATENCY_KEYS.map(([label]) => label)],
      [
        latencyRow('All polling requests', f.latency, 'latency'),
        ...f.endpoints.map((e, i) =>
          latencyRow(e.pathTemplate, e.latency, `endpoints.${i}.latency`),
        ),
      ],
    ),
    figureTable('Bandwidth and transfer', [
      ['Downstream', num(formatBandwidth(f.bandwidth.downstreamKbps))],
      ['Upstream', num(formatBandwidth(f.bandwidth.upstreamKbps))],
      ['Total', num(formatBandwidth(f.bandwidth.totalKbps), 'bandwidth.totalKbps')],
      ['Total received', num(formatBytes(f.transfer.receivedBytes), 'transfer.receivedBytes')],
      ['Total sent', num(formatBytes(f.transfer.sentBytes), 'transfer.sentBytes')],
      [
        "Projected per hour, received (the old tool's figure)",
        num(mb(f.projected.receivedPerHourMB)),
      ],
      ['Projected per hour, received + sent', num(mb(f.projected.perHourMB))],
      ['Projected per day, received', num(mb(f.projected.receivedPerDayMB))],
      ['Projected per day, received + sent', num(mb(f.projected.perDayMB))],
    ]),
  ].join('\n');
}

function distributionOf(label: string, d: QuantileFunction | null): CurveSeries[] {
  return d === null ? [] : [{ label, distribution: d }];
}

function latencyDistributions(f: PollFigures): string {
  return distributionCharts('latency', [
    { title: 'all polling requests', series: distributionOf('this run', f.latencyDistribution) },
    ...f.endpoints.map((e: EndpointFigures) => ({
      title: e.pathTemplate,
      series: distributionOf('this run', e.latencyDistribution),
    })),
  ]);
}

/** Responses by status: 200s, then each error type the summary counted. */
function statusRows(f: PollFigures): { label: string; count: number }[] {
  return [
    { label: '200 OK', count: f.requests.successful },
    ...f.errors.map((e) => ({
      label: e.description === null ? e.type : `${e.type} (${e.description})`,
      count: e.count,
    })),
  ];
}

function requestsByStatus(f: PollFigures): string {
  const rows = statusRows(f);
  const total = f.requests.total;
  const share = (n: number) => (total === 0 ? NOT_AVAILABLE : formatPercent((n * 100) / total));
  return [
    chartFigure(
      barChart(
        'status',
        'Requests by status',
        rows.map((r, i) => ({
          label: r.label,
          value: r.count,
          valueText: `${formatInt(r.count)} (${share(r.count)})`,
          color: i === 0 ? 2 : 1,
        })),
      ),
      'Polling requests by HTTP status or connection error.',
    ),
    table(
      'Requests by status',
      ['Status', 'Requests', 'Share'],
      rows.map((r) => [r.label, num(formatInt(r.count)), num(share(r.count))]),
    ),
  ].join('\n');
}

function loadPlan(f: PollFigures): string {
  const p = f.loadPlan;
  const rate = (n: number | null) => orNA(n, (v) => formatFixed(v, 2));
  return [
    chartFigure(
      barChart('plan', 'Planned vs achieved request rate (req/s)', [
        {
          label: 'Planned req/s',
          value: p.plannedRequestsPerSecond,
          valueText: rate(p.plannedRequestsPerSecond),
          color: 0,
        },
        {
          label: 'Achieved req/s',
          value: p.achievedRequestsPerSecond ?? 0,
          valueText: `${rate(p.achievedRequestsPerSecond)} (${orNA(p.achievedPercentOfPlan, (v) => formatPercent(v))} of plan)`,
          color: 2,
        },
      ]),
      `Planned rate = users x rooms x ${f.endpoints.length} / poll interval; achieved = polling requests / the load's duration (setup and teardown left out).`,
    ),
    figureTable('Load plan', [
      ['Planned req/s', num(rate(p.plannedRequestsPerSecond), 'loadPlan.plannedRequestsPerSecond')],
      [
        'Achieved req/s',
        num(rate(p.achievedRequestsPerSecond), 'loadPlan.achievedRequestsPerSecond'),
      ],
      [
        'Achieved share of plan',
        num(
          orNA(p.achievedPercentOfPlan, (v) => formatPercent(v)),
          'loadPlan.achievedPercentOfPlan',
        ),
      ],
      ['Users per room', num(formatInt(p.usersPerRoom), 'loadPlan.usersPerRoom')],
      ['Schedule lag p95', num(formatMs(p.scheduleLagP95Ms), 'loadPlan.scheduleLagP95Ms')],
      ['Schedule lag max', num(formatMs(p.scheduleLagMaxMs), 'loadPlan.scheduleLagMaxMs')],
      ['Per-user bandwidth', num(formatBandwidth(p.perUserKbps), 'loadPlan.perUserKbps')],
    ]),
  ].join('\n');
}

function rateLimits(f: PollFigures): string {
  const perMinute = (n: number | null) => orNA(n, (v) => `${formatFixed(v, 2)}/min`);
  const charts = f.rateLimits.map((r, i) =>
    chartFigure(
      barChart(
        `limit-${i}`,
        `${r.pathTemplate}: requests per minute per path against the limit`,
        [
          {
            label: 'Planned per path',
            value: r.plannedPerPathPerMinute,
            valueText: perMinute(r.plannedPerPathPerMinute),
          },
          {
            label: 'Busiest path',
            value: r.achievedBusiestPerMinute ?? 0,
            valueText: perMinute(r.achievedBusiestPerMinute),
            color: r.overLimit ? 1 : 2,
          },
          {
            label: 'Mean per path',
            value: r.achievedMeanPerMinute ?? 0,
            valueText: perMinute(r.achievedMeanPerMinute),
            color: 2,
          },
        ],
        [{ label: 'limit', value: r.limitPerMinute }],
      ),
      `${r.pathTemplate}: limit ${formatInt(r.limitPerMinute)}/min per client IP and path${r.overLimit ? ' (over the limit)' : ''}.`,
    ),
  );
  return [
    ...charts,
    table(
      'Rate limits (per client IP and path, requests per minute)',
      ['Endpoint', 'Limit', 'Planned', 'Busiest', 'Mean', '429s', 'Over limit'],
      f.rateLimits.map((r, i) => [
        r.pathTemplate,
        num(formatInt(r.limitPerMinute), `rateLimits.${i}.limitPerMinute`),
        num(perMinute(r.plannedPerPathPerMinute), `rateLimits.${i}.plannedPerPathPerMinute`),
        num(perMinute(r.achievedBusiestPerMinute), `rateLimits.${i}.achievedBusiestPerMinute`),
        num(perMinute(r.achievedMeanPerMinute), `rateLimits.${i}.achievedMeanPerMinute`),
        num(formatInt(r.rateLimited), `rateLimits.${i}.rateLimited`),
        r.overLimit ? 'yes' : 'no',
      ]),
    ),
  ].join('\n');
}

function thresholdsAndAdvice(f: PollFigures): string {
  const thresholds =
    f.thresholds.length === 0
      ? '<p>No thresholds defined.</p>'
      : table(
          'Thresholds',
          ['Metric', 'Expression', 'Result', 'Observed'],
          f.thresholds.map((t) => [
            t.metric,
            t.expression,
            t.passed ? 'PASS' : 'FAIL',
            t.observed ?? NOT_AVAILABLE,
          ]),
        );
  const recs = f.recommendations
    .map((r) => `<li>${r.level === 'ok' ? 'OK: ' : 'Warning: '}${escapeHtml(r.text)}</li>`)
    .join('\n');
  return `${thresholds}\n<h3>Recommendations</h3>\n<ul class="recs">\n${recs}\n</ul>`;
}

/** What k6 saw of the streams, and each user's bytes per hour, polling and streams apart. */
function streams(s: StreamFigures, b: UserBandwidthFigures): string {
  const int = (n: number, figure: string) => num(formatInt(n), figure);
  const ms = (n: number | null, figure: string) => num(formatMs(n), figure);
  const kb = (n: number | null, figure: string) =>
    num(
      orNA(n, (v) => `${formatFixed(v / 1024, 1, true)} KB`),
      figure,
    );
  const perMinute = s.framesPerStreamMinute;
  return [
    figureTable('Streams (SSE; plain k6 holds each with http.asyncRequest)', [
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
        num(
          orNA(s.receivedBytesPerStreamMinute, formatInt),
          'streams.receivedBytesPerStreamMinute',
        ),
      ],
      [
        'Frames per stream and minute',
        perMinute === null
          ? 'n/a (read only from streams the server ended)'
          : num(formatFixed(perMinute.keepalive + perMinute.ping + perMinute.other, 1)),
      ],
    ]),
    figureTable('Bandwidth per user and hour', [
      [
        'Polling down',
        kb(b.pollingReceivedBytesPerHour, 'userBandwidth.pollingReceivedBytesPerHour'),
      ],
      ['Polling up', kb(b.pollingSentBytesPerHour, 'userBandwidth.pollingSentBytesPerHour')],
      [
        'Streams down',
        kb(b.streamReceivedBytesPerHour, 'userBandwidth.streamReceivedBytesPerHour'),
      ],
      ['Streams up', kb(b.streamSentBytesPerHour, 'userBandwidth.streamSentBytesPerHour')],
    ]),
  ].join('\n');
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
    ['START_PHASE', c.startPhase],
    ['VUs used', num(formatInt(c.vusUsed), 'config.vusUsed')],
    [
      RATE_LIMITED_ENDPOINTS.map((e) => rateLimitOf(e).env).join(' / '),
      RATE_LIMITED_ENDPOINTS.map((e) => c.limitsPerMinute[e]).join(' / '),
    ],
  ]);
}

/**
 * The whole summary.html of one poll run, or of a merged distributed run (same figures).
 * `title` names the page, e.g. "ClaudeWorld poll test (merged, 4 instances)".
 */
export function renderPollHtml(f: PollFigures, title = 'ClaudeWorld poll load test'): string {
  return htmlPage(
    title,
    [
      header(f, title),
      section('Requests and latency', requestTables(f)),
      section('Latency distribution', latencyDistributions(f)),
      section('Requests by status', requestsByStatus(f)),
      section('Load plan: planned vs achieved', loadPlan(f)),
      section('Rate limits', rateLimits(f)),
      ...(f.streams === null ? [] : [section('Streams', streams(f.streams, f.userBandwidth))]),
      section('Thresholds and recommendations', thresholdsAndAdvice(f)),
      section('Configuration', configuration(f)),
    ].join('\n'),
  );
}
