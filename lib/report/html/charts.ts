// Inline SVG charts as strings (k6 has no DOM): percentile curves on a log percentile axis,
// lines over the run's time slices, and horizontal bars with marker lines (limits, gates).
// Every chart is drawn on a 960-unit-wide canvas that the page scales to its full width, names
// its axes with their units, carries a <title> and <desc> as its text alternative and native
// tooltips (<title> on the parts you point at); the reports print its numbers beside it.
// Series differ by colour (Okabe-Ito, colour-blind safe) and by dash pattern, so they stay
// apart on a greyscale printout too.

import { formatFixed, formatInt } from '../../format';
import { type QuantileFunction, quantileAt } from '../../quantiles';
import { escapeHtml } from './page';

/** How one series is drawn: a colour and a dash pattern (null: solid). */
export interface SeriesStyle {
  color: string;
  dash: string | null;
}

/** Series styles in order: each differs from the others in colour and in dash pattern. */
export const SERIES_STYLES: readonly SeriesStyle[] = [
  { color: '#0072b2', dash: null },
  { color: '#d55e00', dash: '8 4' },
  { color: '#009e73', dash: '2 3' },
  { color: '#cc79a7', dash: '10 3 2 3' },
  { color: '#8a5a00', dash: '5 2' },
  { color: '#56b4e9', dash: '1 2' },
  { color: '#4d4d4d', dash: '12 4' },
];

/** Fills for bars: good, bad, neutral, and the style colours after them. */
export const BAR_FILLS = {
  good: '#2e8540',
  bad: '#c0392b',
  plan: '#0072b2',
  neutral: '#8c96a0',
  warn: '#d58e00',
} as const;
export type BarFill = keyof typeof BAR_FILLS;

export function seriesStyle(index: number): SeriesStyle {
  return SERIES_STYLES[index % SERIES_STYLES.length] as SeriesStyle;
}

/** The canvas every chart draws on; the page scales it to the column's width. */
export const CHART_WIDTH = 960;

/** The 1-2-5 value at or above `value`: a round axis maximum (1 for nothing above 0). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const exponent = Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) {
    const candidate = m * 10 ** exponent;
    if (candidate >= value * (1 - 1e-12)) return candidate;
  }
  return 10 ** (exponent + 1);
}

/** How many steps an axis from 0 to a {@link niceCeiling} value takes: round ticks. */
export function tickSteps(max: number): number {
  const mantissa = max / 10 ** Math.floor(Math.log10(max));
  return Math.abs(mantissa - 2) < 1e-9 ? 4 : 5;
}

/**
 * Coordinates with one decimal: enough for screen and print, small in the file. Plain
 * arithmetic, not formatFixed: a page has thousands, and k6 renders it.
 */
function coordinate(value: number): string {
  return `${Math.round(value * 10) / 10}`;
}

/** An axis tick's label: as few decimals as the step needs, grouped thousands. */
export function tickLabel(value: number, step: number): string {
  const decimals = step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step) - 1e-9));
  return formatFixed(value, decimals, true);
}

function titleAndDesc(id: string, title: string, desc: string): string {
  return `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>`;
}

function svgOpen(id: string, height: number): string {
  return `<svg id="${id}" class="chart" viewBox="0 0 ${CHART_WIDTH} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc">`;
}

function strokeAttributes(style: SeriesStyle, width = 2.5): string {
  const dash = style.dash === null ? '' : ` stroke-dasharray="${style.dash}"`;
  return `fill="none" stroke="${style.color}" stroke-width="${width}"${dash}`;
}

/** A rotated y-axis title and an x-axis title under the plot. */
function axisTitles(plot: Plot, xTitle: string, yTitle: string, height: number): string[] {
  const midY = plot.top + plot.height / 2;
  return [
    `<text class="axis-title" x="${coordinate(plot.left + plot.width / 2)}" y="${height - 6}" text-anchor="middle">${escapeHtml(xTitle)}</text>`,
    `<text class="axis-title" x="16" y="${coordinate(midY)}" text-anchor="middle" transform="rotate(-90 16 ${coordinate(midY)})">${escapeHtml(yTitle)}</text>`,
  ];
}

interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

function plotFrame(plot: Plot): string[] {
  const bottom = plot.top + plot.height;
  return [
    `<line class="axis" x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${bottom}"/>`,
    `<line class="axis" x1="${plot.left}" x2="${plot.left + plot.width}" y1="${bottom}" y2="${bottom}"/>`,
  ];
}

/** Horizontal grid lines and labels for a linear y axis from 0 to `yMax`. */
function yGrid(plot: Plot, yMax: number, y: (v: number) => number): string[] {
  const steps = tickSteps(yMax);
  const parts: string[] = [];
  for (let i = 0; i <= steps; i++) {
    const value = (yMax * i) / steps;
    const py = coordinate(y(value));
    parts.push(
      `<line class="grid" x1="${plot.left}" x2="${plot.left + plot.width}" y1="${py}" y2="${py}"/>`,
      `<text x="${plot.left - 6}" y="${py}" text-anchor="end" dominant-baseline="middle">${tickLabel(value, yMax / steps)}</text>`,
    );
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Percentile curves

export interface CurveSeries {
  label: string;
  distribution: QuantileFunction;
  /** Index into SERIES_STYLES; the series' position by default. */
  style?: number;
}

/** Percent levels the x axis marks: "nines" on a log(1 / (1 - p)) scale. */
const PERCENTILE_TICKS: readonly [number, string][] = [
  [0, '0'],
  [50, '50'],
  [90, '90'],
  [99, '99'],
  [99.9, '99.9'],
  [99.99, '99.99'],
];
const NINES = 4;

/** Where a percentile sits on the log axis: 0 at 0 %, 1 at 90 %, 2 at 99 %, 4 at 99.99 %. */
function ninesOf(percent: number): number {
  return Math.min(NINES, -Math.log10(1 - percent / 100));
}

/** Percentiles the text alternative and the tables name. */
export const KEY_PERCENTILES: readonly number[] = [50, 90, 95, 99, 99.9];

/**
 * The highest percentile a curve of `count` samples is drawn to: the second-largest sample's
 * level (k6 interpolates between neighbouring samples, so above it lies only the line to the
 * max, which on this axis would be stretched into a made-up flat tail), at most 99.99.
 */
export function curveEndPercent(count: number): number {
  if (count < 2) return 0;
  return Math.min(99.99, (100 * (count - 2)) / (count - 1));
}

/** `p50 12.30 ms, p90 ...` for one distribution. */
export function keyPercentilesText(f: QuantileFunction): string {
  const points = KEY_PERCENTILES.map((p) => `p${p} ${formatFixed(quantileAt(f, p), 2)} ms`);
  return `${points.join(', ')}, max ${formatFixed(f.max, 2)} ms (${formatFixed(f.count, 0, true)} responses)`;
}

/** What a curve's legend says about its data: how many samples, where it ends. */
export function curveSamplesText(f: QuantileFunction): string {
  const end = curveEndPercent(f.count);
  const samples = `${formatInt(f.count)} ${f.count === 1 ? 'sample' : 'samples'}`;
  if (end >= 99.99) return samples;
  return `${samples}, drawn to p${formatFixed(end, end >= 99 ? 2 : 1)} (max ${formatFixed(f.max, 2)} ms)`;
}

/**
 * Latency (linear, ms) against percentile (log axis of nines), one line per series, drawn
 * from the stored quantile function: the tail gets as much room as the body. Each curve ends
 * where its samples end ({@link curveEndPercent}), marked with a dot.
 */
export function percentileChart(id: string, title: string, series: readonly CurveSeries[]) {
  const height = 340;
  const plot: Plot = { left: 74, top: 14, width: CHART_WIDTH - 74 - 24, height: height - 14 - 52 };
  const ends = series.map((s) => curveEndPercent(s.distribution.count));
  const top = Math.max(...series.map((s, i) => quantileAt(s.distribution, ends[i] as number)));
  const yMax = niceCeiling(top);
  const x = (percent: number) => plot.left + (ninesOf(percent) / NINES) * plot.width;
  const y = (ms: number) => plot.top + plot.height - (Math.min(ms, yMax) / yMax) * plot.height;
  const parts: string[] = [svgOpen(id, height)];
  parts.push(
    titleAndDesc(
      id,
      title,
      series.map((s) => `${s.label}: ${keyPercentilesText(s.distribution)}`).join('; '),
    ),
    ...yGrid(plot, yMax, y),
  );
  for (const [percent, label] of PERCENTILE_TICKS) {
    const px = coordinate(x(percent));
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${plot.top}" y2="${plot.top + plot.height}"/>`,
      `<text x="${px}" y="${plot.top + plot.height + 16}" text-anchor="middle">p${label}</text>`,
    );
  }
  parts.push(
    ...plotFrame(plot),
    ...axisTitles(plot, 'percentile (log scale: each step one more nine)', 'latency (ms)', height),
  );
  // Every series has the same grid of levels: place each level once.
  const placed = new Map<number, number>();
  const xOf = (percent: number) => {
    let px = placed.get(percent);
    if (px === undefined) {
      px = x(percent);
      placed.set(percent, px);
    }
    return px;
  };
  series.forEach((s, index) => {
    const f = s.distribution;
    const end = ends[index] as number;
    const points: string[] = [];
    let lastX = Number.NEGATIVE_INFINITY;
    const percents = [0, ...f.levels.filter((level) => level <= end + 1e-9)];
    percents.forEach((percent, i) => {
      const px = xOf(percent);
      // A point per unit of the 960-unit canvas is all a screen or printer shows; keeps the
      // file small and its rendering in k6 short.
      if (px - lastX < 1 && i !== percents.length - 1) return;
      lastX = px;
      const value = percent === 0 ? f.min : (f.values[i - 1] as number);
      points.push(`${coordinate(px)},${coordinate(y(value))}`);
    });
    const style = seriesStyle(s.style ?? index);
    const endValue = quantileAt(f, percents[percents.length - 1] as number);
    parts.push(
      `<path class="series" data-series="${escapeHtml(s.label)}" data-samples="${f.count}" d="M${points.join('L')}" ${strokeAttributes(style)}/>`,
      `<circle cx="${coordinate(x(percents[percents.length - 1] as number))}" cy="${coordinate(y(endValue))}" r="3.5" fill="${style.color}"><title>${escapeHtml(`${s.label}: ${curveSamplesText(f)}`)}</title></circle>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** A legend for the series of a chart, in their colours and dashes. */
export function legend(
  items: readonly { label: string; style: number; dash?: string | null }[],
): string {
  const spans = items.map((item) => {
    const { label } = item;
    const s = timeSeriesStyle(item);
    return `<span><svg class="key" viewBox="0 0 30 8" aria-hidden="true"><line x1="0" x2="30" y1="4" y2="4" ${strokeAttributes(s, 3)}/></svg>${escapeHtml(label)}</span>`;
  });
  return `<div class="legend">${spans.join('')}</div>`;
}

// ---------------------------------------------------------------------------------------------
// Lines over time

export interface TimeSeries {
  label: string;
  /** One value per slice; null where nothing was measured (the line breaks there). */
  values: readonly (number | null)[];
  /** Index into SERIES_STYLES: the colour, and the dash unless `dash` says otherwise. */
  style: number;
  /** A dash pattern of its own (null: solid), e.g. p50 dotted beside p95 in one colour. */
  dash?: string | null;
}

/** A series' style with its own dash, when it has one. */
function timeSeriesStyle(s: { style: number; dash?: string | null }): SeriesStyle {
  const base = seriesStyle(s.style);
  return s.dash === undefined ? base : { color: base.color, dash: s.dash };
}

/** A vertical line at a moment of the run: a step's start, the knee. */
export interface TimeMarker {
  atMs: number;
  label: string;
  /** Drawn red and bold: where something failed. */
  emphasis?: boolean;
}

export interface TimeChart {
  id: string;
  title: string;
  /** The y axis's title with its unit: `requests per second`. */
  yTitle: string;
  /** Unit after a value in tooltips: `req/s`, `ms`. */
  unit: string;
  decimals: number;
  /** Slice i covers [i x sliceMs, (i + 1) x sliceMs) ms from the load's start. */
  sliceMs: number;
  series: readonly TimeSeries[];
  markers?: readonly TimeMarker[];
  /** A horizontal line: a gate, a limit. */
  limit?: { value: number; label: string };
  /** The whole span the x axis covers, in ms (default: every slice). */
  spanMs?: number;
}

/** `1:05` (m:ss) or `42 s`: a moment of the run for tooltips. */
export function runTimeText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return `${m}:${s < 10 ? '0' : ''}${s}`;
}

/** The x axis's unit: minutes for runs over 5 minutes, else seconds. */
function timeUnit(spanMs: number): { ms: number; name: string } {
  return spanMs > 300_000 ? { ms: 60_000, name: 'min' } : { ms: 1000, name: 's' };
}

/**
 * Values over the run, one point per time slice at its middle, a line per series that breaks
 * where a slice has no value and ends at the series' last one. Each slice is a tooltip target
 * listing every series' value in it.
 */
export function timeChart(chart: TimeChart): string {
  const height = 300;
  const plot: Plot = { left: 74, top: 18, width: CHART_WIDTH - 74 - 24, height: height - 18 - 50 };
  const slices = Math.max(0, ...chart.series.map((s) => s.values.length));
  const spanMs = Math.max(chart.spanMs ?? 0, slices * chart.sliceMs, 1);
  const unit = timeUnit(spanMs);
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yMax = niceCeiling(Math.max(0, ...values, chart.limit?.value ?? 0) * 1.05);
  const x = (ms: number) => plot.left + (Math.min(ms, spanMs) / spanMs) * plot.width;
  const y = (v: number) =>
    plot.top + plot.height - (Math.max(0, Math.min(v, yMax)) / yMax) * plot.height;
  const value = (v: number | null) =>
    v === null ? 'n/a' : `${formatFixed(v, chart.decimals, true)} ${chart.unit}`;
  const desc = chart.series
    .map((s) => {
      const measured = s.values.filter((v): v is number => v !== null);
      if (measured.length === 0) return `${s.label}: no values`;
      return `${s.label}: ${measured.length} slices, from ${value(Math.min(...measured))} to ${value(Math.max(...measured))}`;
    })
    .join('; ');
  const parts: string[] = [svgOpen(chart.id, height), titleAndDesc(chart.id, chart.title, desc)];
  parts.push(...yGrid(plot, yMax, y));
  const tickStep = niceCeiling(spanMs / unit.ms / 8);
  for (let t = 0; t <= spanMs / unit.ms + 1e-9; t += tickStep) {
    const px = coordinate(x(t * unit.ms));
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${plot.top}" y2="${plot.top + plot.height}"/>`,
      `<text x="${px}" y="${plot.top + plot.height + 16}" text-anchor="middle">${tickLabel(t, tickStep)}</text>`,
    );
  }
  parts.push(
    ...plotFrame(plot),
    ...axisTitles(plot, `time since the load started (${unit.name})`, chart.yTitle, height),
  );
  for (const m of chart.markers ?? []) {
    const px = coordinate(x(m.atMs));
    const cls = m.emphasis === true ? 'marker bad' : 'marker';
    parts.push(
      `<line class="${cls}" x1="${px}" x2="${px}" y1="${plot.top}" y2="${plot.top + plot.height}"/>`,
      `<text class="${cls}" x="${coordinate(x(m.atMs) + 3)}" y="${plot.top + 10}">${escapeHtml(m.label)}</text>`,
    );
  }
  if (chart.limit !== undefined) {
    const py = coordinate(y(chart.limit.value));
    parts.push(
      `<line class="marker bad" x1="${plot.left}" x2="${plot.left + plot.width}" y1="${py}" y2="${py}"/>`,
      `<text class="marker bad" x="${plot.left + plot.width - 4}" y="${coordinate(y(chart.limit.value) - 4)}" text-anchor="end">${escapeHtml(`${chart.limit.label} ${formatFixed(chart.limit.value, chart.decimals, true)} ${chart.unit}`)}</text>`,
    );
  }
  const mid = (i: number) => x((i + 0.5) * chart.sliceMs);
  chart.series.forEach((s) => {
    const style = timeSeriesStyle(s);
    const runs: string[][] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length > 0) runs.push(run);
        run = [];
        return;
      }
      run.push(`${coordinate(mid(i))},${coordinate(y(v))}`);
    });
    if (run.length > 0) runs.push(run);
    const d = runs.map((r) => `M${r.join('L')}`).join('');
    const count = s.values.filter((v) => v !== null).length;
    if (d !== '') {
      parts.push(
        `<path class="series" data-series="${escapeHtml(s.label)}" data-samples="${count}" d="${d}" ${strokeAttributes(style)}/>`,
      );
    }
    // Lone points (a slice between two gaps) would not show as a line.
    for (const r of runs) {
      if (r.length !== 1) continue;
      const [cx, cy] = (r[0] as string).split(',');
      parts.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${style.color}"/>`);
    }
  });
  const hitWidth = coordinate(x(chart.sliceMs) - x(0));
  for (let i = 0; i < slices; i++) {
    const from = i * chart.sliceMs;
    if (from >= spanMs) break;
    const lines = chart.series.map((s) => `${s.label}: ${value(s.values[i] ?? null)}`);
    parts.push(
      `<rect class="hit" x="${coordinate(x(from))}" y="${plot.top}" width="${hitWidth}" height="${plot.height}"><title>${escapeHtml(`${runTimeText(from)} to ${runTimeText(from + chart.sliceMs)}\n${lines.join('\n')}`)}</title></rect>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Bars

export interface Bar {
  label: string;
  value: number;
  /** What the bar's end says, e.g. `1,200 (40.0%)`. */
  valueText: string;
  fill?: BarFill;
  /** Where the bar points to (an anchor on the page). */
  tooltip?: string;
}

/** A vertical marker across all bars: a rate limit, a gate. */
export interface Marker {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** The value axis's title with its unit: `requests per minute per path`. */
  axisTitle: string;
  markers?: readonly Marker[];
  /** Width of the label column (long labels: paths). */
  labelWidth?: number;
}

/** Horizontal bars from 0, one per row, with marker lines (limits, gates) and a value axis. */
export function barChart(
  id: string,
  title: string,
  bars: readonly Bar[],
  options: BarChartOptions,
): string {
  const markers = options.markers ?? [];
  const labelW = options.labelWidth ?? 260;
  const valueW = 190;
  const row = 28;
  const top = markers.length > 0 ? 24 : 8;
  const plotH = bars.length * row;
  const height = top + plotH + 52;
  const plot: Plot = { left: labelW, top, width: CHART_WIDTH - labelW - valueW, height: plotH };
  const max = niceCeiling(Math.max(0, ...bars.map((b) => b.value), ...markers.map((m) => m.value)));
  const x = (value: number) => labelW + (Math.max(0, Math.min(value, max)) / max) * plot.width;
  const desc = [
    ...bars.map((b) => `${b.label}: ${b.valueText}`),
    ...markers.map((m) => `${m.label}: ${formatFixed(m.value, 2, true)}`),
  ].join('; ');
  const parts = [svgOpen(id, height), titleAndDesc(id, title, desc)];
  const steps = tickSteps(max);
  for (let i = 0; i <= steps; i++) {
    const value = (max * i) / steps;
    const px = coordinate(x(value));
    parts.push(
      `<line class="grid" x1="${px}" x2="${px}" y1="${top}" y2="${top + plotH}"/>`,
      `<text x="${px}" y="${top + plotH + 16}" text-anchor="middle">${tickLabel(value, max / steps)}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = top + i * row;
    const w = x(b.value) - labelW;
    const tip = b.tooltip ?? `${b.label}: ${b.valueText}`;
    parts.push(
      `<text x="${labelW - 8}" y="${y + row / 2}" text-anchor="end" dominant-baseline="middle">${escapeHtml(b.label)}</text>`,
      `<rect class="bar" x="${labelW}" y="${y + 4}" width="${coordinate(Math.max(w, b.value > 0 ? 1.5 : 0))}" height="${row - 8}" fill="${BAR_FILLS[b.fill ?? 'plan']}"><title>${escapeHtml(tip)}</title></rect>`,
      `<text x="${coordinate(x(b.value) + 6)}" y="${y + row / 2}" dominant-baseline="middle">${escapeHtml(b.valueText)}</text>`,
    );
  });
  parts.push(
    `<line class="axis" x1="${labelW}" x2="${labelW}" y1="${top}" y2="${top + plotH}"/>`,
    `<line class="axis" x1="${labelW}" x2="${labelW + plot.width}" y1="${top + plotH}" y2="${top + plotH}"/>`,
    `<text class="axis-title" x="${coordinate(labelW + plot.width / 2)}" y="${height - 8}" text-anchor="middle">${escapeHtml(options.axisTitle)}</text>`,
  );
  for (const m of markers) {
    const px = coordinate(x(m.value));
    parts.push(
      `<line class="marker bad" x1="${px}" x2="${px}" y1="${top - 4}" y2="${top + plotH}"/>`,
      `<text class="marker bad" x="${px}" y="${top - 8}" text-anchor="middle">${escapeHtml(`${m.label} ${formatFixed(m.value, m.value % 1 === 0 ? 0 : 2, true)}`)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/** A chart with its caption: the figure element the reports place. */
export function chartFigure(svg: string, caption: string, extra = ''): string {
  return `<figure>\n${svg}\n${extra}<figcaption>${escapeHtml(caption)}</figcaption>\n</figure>`;
}
