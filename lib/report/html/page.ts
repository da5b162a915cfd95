// The HTML page shell and table helpers shared by the HTML reports: one self-contained file,
// inline CSS, no scripts, no network. Built as strings so that it runs inside k6 (no DOM).

import { escapeXml } from '../junit';

/** Text safe inside HTML elements and attribute values. */
export function escapeHtml(text: string): string {
  return escapeXml(text);
}

/** One table cell; `figure` names the summary.json field it shows, for checking the page. */
export interface Cell {
  text: string;
  figure?: string;
  /** What the shown number is the field times (0.001: ms shown as seconds). */
  scale?: number;
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

export type CellInput = string | Cell;

function cell(input: CellInput, tag: 'td' | 'th'): string {
  const c = typeof input === 'string' ? { text: input } : input;
  const classes = c.numeric ? ' class="num"' : '';
  return `<${tag}${classes}${figureAttributes(c)}>${escapeHtml(c.text)}</${tag}>`;
}

/** `data-figure` (and `data-scale`) of a cell that shows a summary.json field. */
function figureAttributes(c: Cell): string {
  if (c.figure === undefined) return '';
  const scale = c.scale === undefined ? '' : ` data-scale="${c.scale}"`;
  return ` data-figure="${escapeHtml(c.figure)}"${scale}`;
}

/**
 * A table with a caption and a header row; `rowClasses[i]` marks row i (`regression`: red,
 * `improvement`: green).
 */
export function table(
  caption: string,
  head: readonly string[],
  rows: readonly CellInput[][],
  rowClasses: readonly (string | undefined)[] = [],
) {
  const row = (r: readonly CellInput[], i: number) => {
    const cls =
      rowClasses[i] === undefined ? '' : ` class="${escapeHtml(rowClasses[i] as string)}"`;
    return `<tr${cls}>${r.map((c, n) => cell(c, n === 0 ? 'th' : 'td')).join('')}</tr>`;
  };
  return [
    '<table>',
    `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead>`,
    `<tbody>${rows.map(row).join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

/** A two-column table of labelled figures. */
export function figureTable(caption: string, rows: readonly [string, CellInput][]): string {
  return table(
    caption,
    ['Figure', 'Value'],
    rows.map(([label, value]) => [label, value]),
  );
}

/** A section with its heading; `id` makes it a link target (`#id`). */
export function section(title: string, ...body: string[]): string {
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${body.join('\n')}\n</section>`;
}

/** A section that failure lists and the table of contents link to. */
export function anchoredSection(id: string, title: string, ...body: string[]): string {
  return `<section id="${escapeHtml(id)}">\n<h2>${escapeHtml(title)}</h2>\n${body.join('\n')}\n</section>`;
}

/** A table folded away (the numbers behind a chart, one row a slice): opened by a click. */
export function foldedTable(summary: string, tableHtml: string): string {
  return `<details class="numbers"><summary>${escapeHtml(summary)}</summary>\n${tableHtml}\n</details>`;
}

/** One thing that went wrong: what, the value seen, the limit, and where its chart is. */
export interface Failure {
  what: string;
  observed: string;
  limit: string;
  /** An anchor on the page (`#chart-latency`), or null. */
  href: string | null;
}

/**
 * The box a failed, stopped or generator-limited run opens with: `headline` (why the run
 * did not pass) and each failure as a row linked to its chart.
 */
export function failureBox(headline: string, failures: readonly Failure[]): string {
  const rows = failures.map((f) => {
    const what =
      f.href === null
        ? escapeHtml(f.what)
        : `<a href="${escapeHtml(f.href)}">${escapeHtml(f.what)}</a>`;
    return `<tr><th>${what}</th><td>${escapeHtml(f.observed)}</td><td>${escapeHtml(f.limit)}</td></tr>`;
  });
  const list =
    failures.length === 0
      ? ''
      : `\n<table class="failures"><thead><tr><th>What failed</th><th>Observed</th><th>Limit</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
  return `<div class="failure-box" role="alert">\n<p class="banner bad">${escapeHtml(headline)}</p>${list}\n</div>`;
}

/** The run's facts under the title: a definition list, one fact a line. */
export function runFacts(facts: readonly [string, CellInput][]): string {
  const items = facts.map(([label, value]) => {
    const c = typeof value === 'string' ? { text: value } : value;
    return `<div><dt>${escapeHtml(label)}</dt><dd${figureAttributes(c)}>${escapeHtml(c.text)}</dd></div>`;
  });
  return `<dl class="facts">${items.join('')}</dl>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bad: #b42318; --good: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1040px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
p.meta { color: var(--muted); margin: 0 0 12px; }
.banner { padding: 8px 12px; border-radius: 6px; margin: 12px 0; font-weight: 600; border: 1px solid; }
.banner.bad { color: var(--bad); border-color: var(--bad); background: #fef3f2; }
.banner.good { color: var(--good); border-color: var(--good); background: #f0fdf4; }
table { border-collapse: collapse; margin: 8px 0 16px; min-width: 50%; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
nav.contents { font-size: 13px; margin: 8px 0 4px; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.regression td, tr.regression th { background: #fef3f2; }
tr.improvement td, tr.improvement th { background: #f0fdf4; }
tr.limited td, tr.limited th { background: #fff8e6; }
figure { margin: 8px 0 20px; }
figcaption { color: var(--muted); font-size: 13px; }
svg.chart { display: block; width: 100%; height: auto; background: #fff; }
svg text { font: 12px system-ui, Arial, sans-serif; fill: var(--ink); }
svg .axis-title { font-weight: 600; fill: var(--muted); }
svg .grid { stroke: #e5e7eb; stroke-width: 1; }
svg .axis { stroke: #6e7781; stroke-width: 1; }
svg line.marker { stroke: #57606a; stroke-width: 1.5; stroke-dasharray: 4 3; }
svg line.marker.bad { stroke: var(--bad); stroke-width: 2; }
svg text.marker { font-size: 11px; fill: var(--muted); }
svg text.marker.bad { fill: var(--bad); font-weight: 600; }
svg .hit { fill: transparent; }
svg .hit:hover { fill: rgba(0, 0, 0, 0.06); }
.legend span { display: inline-block; margin-right: 18px; }
svg.key { display: inline-block; width: 30px; height: 8px; vertical-align: middle; margin-right: 6px; }
ul.recs li { margin: 2px 0; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 4px 16px; margin: 8px 0 12px; }
dl.facts div { border-left: 3px solid var(--line); padding-left: 8px; }
dl.facts dt { color: var(--muted); font-size: 12px; }
dl.facts dd { margin: 0; font-weight: 600; }
.failure-box { margin: 12px 0; }
.failure-box .banner { margin-bottom: 4px; }
table.failures { min-width: 100%; }
table.failures th a { color: var(--bad); }
details.numbers summary { cursor: pointer; color: var(--muted); font-size: 13px; }
pre.bars { font-size: 12px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  figure, table { break-inside: avoid; }
  details.numbers > summary { display: none; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@page { margin: 15mm; }
`;

/** The whole document: `body` is trusted markup built by the report renderers. */
export function htmlPage(title: string, body: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
