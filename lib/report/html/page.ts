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
  /** Right-aligned (numbers). */
  numeric?: boolean;
}

export type CellInput = string | Cell;

function cell(input: CellInput, tag: 'td' | 'th'): string {
  const c = typeof input === 'string' ? { text: input } : input;
  const classes = c.numeric ? ' class="num"' : '';
  const figure = c.figure === undefined ? '' : ` data-figure="${escapeHtml(c.figure)}"`;
  return `<${tag}${classes}${figure}>${escapeHtml(c.text)}</${tag}>`;
}

/** A table with a caption and a header row. */
export function table(caption: string, head: readonly string[], rows: readonly CellInput[][]) {
  return [
    '<table>',
    `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${head.map((h) => cell(h, 'th')).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => cell(c, i === 0 ? 'th' : 'td')).join('')}</tr>`).join('\n')}</tbody>`,
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

export function section(title: string, ...body: string[]): string {
  return `<section>\n<h2>${escapeHtml(title)}</h2>\n${body.join('\n')}\n</section>`;
}

const STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --bad: #b42318; --good: #1a7f37; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1000px; padding: 0 16px; }
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
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.regression td, tr.regression th { background: #fef3f2; }
tr.improvement td, tr.improvement th { background: #f0fdf4; }
figure { margin: 8px 0 20px; }
figcaption { color: var(--muted); font-size: 13px; }
svg { max-width: 100%; height: auto; background: #fff; }
svg text { font: 11px system-ui, Arial, sans-serif; fill: var(--ink); }
svg .grid { stroke: #e5e7eb; stroke-width: 1; }
svg .axis { stroke: #6e7781; stroke-width: 1; }
.legend span { display: inline-block; margin-right: 16px; }
.legend i { display: inline-block; width: 24px; height: 0; border-top: 3px solid; vertical-align: middle; margin-right: 6px; }
ul.recs li { margin: 2px 0; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  section, figure, table { break-inside: avoid; }
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
