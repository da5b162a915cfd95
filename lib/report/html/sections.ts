// HTML sections the poll and capacity pages share: the live-room writer's sends and the
// scaling estimates, with the text report's numbers and the summary.json fields they show
// (both summaries keep them as `writer` and `scaling`).

import { type Endpoint, isRateLimitedEndpoint } from '../../endpoints';
import { formatFixed, formatInt, formatMs, formatPercent, NOT_AVAILABLE } from '../../format';
import type { WriterFigures } from '../../live-rooms/report';
import type { RateFormula, ScalingEstimates } from '../../scaling/estimates';
import { type Cell, escapeHtml, figureTable, table } from './page';

/** A numeric cell, showing the summary.json field `figure` when given. */
export function numberCell(text: string, figure?: string): Cell {
  return figure === undefined ? { text, numeric: true } : { text, numeric: true, figure };
}

function orNA(value: number | null, format: (n: number) => string): string {
  return value === null ? NOT_AVAILABLE : format(value);
}

/** The writer's sends (summary.json `writer`), as the text report's Live Rooms section. */
export function writerHtml(w: WriterFigures): string {
  const share = (n: number) => (w.sends > 0 ? ` (${formatPercent((n * 100) / w.sends)})` : '');
  return figureTable('Live rooms: the writer’s sends (not in the polling figures)', [
    [
      'Messages',
      `${formatFixed(w.messagesPerMinutePerRoom, 2)}/min per room x ${formatInt(w.rooms)} ${w.rooms === 1 ? 'room' : 'rooms'}, ${formatInt(w.messageBytes)} bytes each`,
    ],
    [
      'Sends',
      numberCell(
        `${formatInt(w.sends)} (${orNA(w.achievedSendsPerMinute, (v) => formatFixed(v, 2))}/min of ${formatFixed(w.plannedSendsPerMinute, 2)}/min planned)`,
        'writer.sends',
      ),
    ],
    [
      'Rate limited',
      numberCell(`${formatInt(w.rateLimited)}${share(w.rateLimited)}`, 'writer.rateLimited'),
    ],
    ['Errors', numberCell(`${formatInt(w.errors)}${share(w.errors)}`, 'writer.errors')],
    ['Latency median', numberCell(formatMs(w.latencyMedMs), 'writer.latencyMedMs')],
    ['Latency p95', numberCell(formatMs(w.latencyP95Ms), 'writer.latencyP95Ms')],
  ]);
}

/** The scaling estimates (summary.json `scaling`), as the text report's section. */
export function scalingHtml(s: ScalingEstimates, formula: RateFormula): string {
  const limited = (Object.keys(s.responseBytes) as Endpoint[]).filter(isRateLimitedEndpoint);
  const sizes = Object.entries(s.responseBytes)
    .map(([e, bytes]) => `${bytes == null ? NOT_AVAILABLE : `${formatInt(bytes)} bytes`} (${e})`)
    .join(', ');
  const cell = (v: number | null, figure: string) =>
    numberCell(
      orNA(v, (n) => formatFixed(n, 2, true)),
      figure,
    );
  return [
    `<p>A linear extrapolation of this run, not a measurement. Per user: ${formatFixed(s.perUserRequestsPerSecond, 2)} req/s (${escapeHtml(formula.perUser)}); measured mean response: ${escapeHtml(sizes)}.</p>`,
    table(
      'What N users would send',
      ['Users', 'req/s', 'Down kbps', 'MB/hour', 'MB/day', ...limited.map((e) => `${e}/min/path`)],
      s.rows.map((row, i) => [
        formatInt(row.users),
        cell(row.requestsPerSecond, `scaling.rows.${i}.requestsPerSecond`),
        cell(row.downstreamKbps, `scaling.rows.${i}.downstreamKbps`),
        cell(row.downstreamMBPerHour, `scaling.rows.${i}.downstreamMBPerHour`),
        cell(row.downstreamMBPerDay, `scaling.rows.${i}.downstreamMBPerDay`),
        ...limited.map((e) =>
          numberCell(
            `${formatFixed(row.pathPerMinute[e] ?? 0, 0, true)}${row.overLimit[e] === true ? ' ! over the limit' : ''}`,
          ),
        ),
      ]),
    ),
    `<p class="meta">req/s = ${escapeHtml(formula.requestsPerSecond)}; kbps = req/s x measured response size; MB = 1024 x 1024 bytes. Per-path limits per client IP: ${limited.map((e) => `${e} ${formatInt(s.limits[e])}/min`).join(', ')}.</p>`,
  ].join('\n');
}
