// Inline SVG charts as strings (k6 has no DOM): a percentile curve on a log percentile axis and
// a horizontal bar chart. Each chart carries a <title> and <desc> as its text alternative; the
// reports put a table of the same figures next to it.

import { formatFixed } from '../../format';
import { type QuantileFunction, quantileAt } from '../../quantiles';
import { escapeHtml } from './page';

/** Line colours that stay apart in greyscale print too (dark, light, dashed variants). */
export const SERIES_COLORS = ['#0b5cad', '#d1495b', '#2e8540', '#8a5a00', '#6b4fa1'] as const;

/** The 1-2-5 value at or above `value` (at least 1): a round axis maximum. */
export function niceCeiling(value: number): number {
  if (!(value > 1)) return 1;
  const exponent = Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) {
    const candidate = m * 10 ** exponent;
    if (candidate >= value) return candidate;
  }
  return 10 ** (exponent + 1);
}

/** Coordinates with one decimal: enough for screen and print, small in the file. */
function coordinate(value: number): string {
  return formatFixed(value, 1);
}

function titleAndDesc(id: string, title: string, desc: string): string {
  return `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>`;
}

function svgOpen(id: string, width: number, height: number): string {
  return `<svg id="${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`;
}

export interface CurveSeries {
  label: string;
  distribution: QuantileFunction;
}

/** Percent levels the x axis marks: "nines" on a log(1 / (1 - p)) scale. */
const PERCENTILE_TICKS: readonly [number, string][] = [
  [0, '0%'],
  [50, '50%'],
  [90, '90%'],
  [99, '99%'],
  [99.9, '99.9%'],
  [99.99, '99.99%'],
];
const NINES = 4;

/** Where a percentile sits on the log axis: 0 at 0 %, 1 at 90 %, 2 at 99 %, 4 at 99.99 %. */
function ninesOf(percent: number): number {
  return Math.min(NINES, -Math.log10(1 - percent / 100));
}

/** Percentiles the text alternative and the tables name. */
export const KEY_PERCENTILES: readonly number[] = [50, 90, 95, 99, 99.9];

/** `p50 12.30 ms, p90 ...` for one distribution. */
export function keyPercentilesText(f: QuantileFunction): string {
  const points = KEY_PERCENTILES.map((p) => `p${p} ${formatFixed(quantileAt(f, p), 2)} ms`);
  return `${points.join(', ')}, max ${formatFixed(f.max, 2)} ms (${formatFixed(f.count, 0, true)} responses)`;
}

/**
 * Latency (linear, ms) against percentile (log axis of nines), one line per series, drawn
 * from the stored quantile function: the tail gets as much room as the body.
 */
export function percentileChart(id: string, title: string, series: readonly CurveSeries[]) {
  const width = 680;
  const height = 300;
  const left = 64;
  const right = 32;
  const top = 16;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const top99 = Math.max(...series.map((s) => quantileAt(s.distribution, 99.99)));
  const yMax = niceCeiling(top99);
  const x = (percent: number) => left + (ninesOf(percent) / NINES) * plotW;
  const y = (ms: number) => top + plotH - (Math.min(ms, yMax) / yMax) * plotH;
  const parts: string[] = [svgOpen(id, width, height)];
  parts.push(
    titleAndDesc(
      id,
      title,
      series.map((s) => `${s.label}: ${keyPercentilesText(s.distribution)}`).join('; '),
    ),
  );
  for (let i = 0; i <= 5; i++) {
    const value = (yMax * i) / 5;
    const py = coordinate(y(value));
    parts.push(
      `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${py}" y2="${py}"/>`,
      `<text x="${left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${escapeHtml(formatFixed(value, value < 10 && value % 1 !== 0 ? 1 : 0, true))}</text>`,
    );
  }
  for (const [percent, label] of PERCENTILE_TICKS) {
    const px = coordinate(x(percent));
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${top}" y2="${top + plotH}"/>`,
      `<text x="${px}" y="${top + plotH + 16}" text-anchor="middle">${label}</text>`,
    );
  }
  parts.push(
    `<line class="axis" x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}"/>`,
    `<line class="axis" x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}"/>`,
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle">percentile (log scale of nines)</text>`,
    `<text x="14" y="${top + plotH / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + plotH / 2})">latency (ms)</text>`,
  );
  series.forEach((s, index) => {
    const f = s.distribution;
    const points: string[] = [];
    let lastX = Number.NEGATIVE_INFINITY;
    const percents = [0, ...f.levels];
    percents.forEach((percent, i) => {
      const px = x(percent);
      // One point per half pixel is all a screen or printer shows; keeps the file small.
      if (px - lastX < 0.5 && i !== percents.length - 1) return;
      lastX = px;
      const value = percent === 0 ? f.min : (f.values[i - 1] as number);
      points.push(`${coordinate(px)},${coordinate(y(value))}`);
    });
    const color = SERIES_COLORS[index % SERIES_COLORS.length];
    const dash = index % 2 === 1 ? ' stroke-dasharray="6 3"' : '';
    parts.push(
      `<path class="series" data-series="${escapeHtml(s.label)}" d="M${points.join('L')}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A legend for the series of a chart, in their colours and dash. */
export function legend(labels: readonly string[]): string {
  const items = labels.map((label, index) => {
    const color = SERIES_COLORS[index % SERIES_COLORS.length];
    const style = index % 2 === 1 ? 'dashed' : 'solid';
    return `<span><i style="border-top-style:${style};border-color:${color}"></i>${escapeHtml(label)}</span>`;
  });
  return `<div class="legend">${items.join('')}</div>`;
}

export interface Bar {
  label: string;
  value: number;
  /** What the bar's end says, e.g. `1,200 (40.0%)`. */
  valueText: string;
  /** Index into SERIES_COLORS. */
  color?: number;
}

/** A vertical marker across all bars, e.g. a rate limit. */
export interface Marker {
  label: string;
  value: number;
}

/** Horizontal bars from 0, one per row, with optional marker lines (limits, plans). */
export function barChart(
  id: string,
  title: string,
  bars: readonly Bar[],
  markers: readonly Marker[] = [],
): string {
  const width = 680;
  const labelW = 230;
  const valueW = 130;
  const row = 26;
  const top = markers.length > 0 ? 22 : 6;
  const height = top + bars.length * row + 8;
  const plotW = width - labelW - valueW;
  const max = niceCeiling(Math.max(1, ...bars.map((b) => b.value), ...markers.map((m) => m.value)));
  const x = (value: number) => labelW + (Math.max(0, value) / max) * plotW;
  const desc = [
    ...bars.map((b) => `${b.label}: ${b.valueText}`),
    ...markers.map((m) => `${m.label}: ${formatFixed(m.value, 2, true)}`),
  ].join('; ');
  const parts = [svgOpen(id, width, height), titleAndDesc(id, title, desc)];
  bars.forEach((b, i) => {
    const y = top + i * row;
    const color = SERIES_COLORS[(b.color ?? 0) % SERIES_COLORS.length];
    const w = x(b.value) - labelW;
    parts.push(
      `<text x="${labelW - 8}" y="${y + row / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(b.label)}</text>`,
      `<rect class="bar" x="${labelW}" y="${y + 4}" width="${coordinate(Math.max(w, b.value > 0 ? 1 : 0))}" height="${row - 8}" fill="${color}"/>`,
      `<text x="${coordinate(x(b.value) + 6)}" y="${y + row / 2}" dominant-baseline="middle">${escapeHtml(b.valueText)}</text>`,
    );
  });
  parts.push(
    `<line class="axis" x1="${labelW}" x2="${labelW}" y1="${top}" y2="${top + bars.length * row}"/>`,
  );
  for (const m of markers) {
    const px = coordinate(x(m.value));
    parts.push(
      `<line class="marker" x1="${px}" x2="${px}" y1="${top - 4}" y2="${top + bars.length * row}" stroke="#b42318" stroke-width="2" stroke-dasharray="4 3"/>`,
      `<text x="${px}" y="${top - 8}" text-anchor="middle">${escapeHtml(`${m.label} ${formatFixed(m.value, 0, true)}`)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** A chart with its caption: the figure element the reports place. */
export function chartFigure(svg: string, caption: string, extra = ''): string {
  return `<figure>\n${svg}\n${extra}<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}
