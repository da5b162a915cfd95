// summary.html of `report compare`: the configuration differences first, the compared figures
// with their verdicts, and each latency distribution with base and new overlaid.

import { formatPercent } from '../format';
import type { CurveSeries } from '../report/html/charts';
import { distributionCharts } from '../report/html/distribution';
import { escapeHtml, htmlPage, section, table } from '../report/html/page';
import { type Comparison, regressions } from './compare';
import { formatChange, formatSide } from './render';

function figureRows(c: Comparison): string {
  return table(
    'Figures: median ±half the range over the runs',
    ['Figure', 'Base', 'New', 'Change', 'Verdict'],
    c.figures.map((f) => [
      f.figure.name,
      { text: formatSide(f.base, f.figure), numeric: true },
      { text: formatSide(f.new, f.figure), numeric: true },
      { text: formatChange(f), numeric: true },
      f.verdict,
    ]),
    c.figures.map((f) =>
      f.verdict === 'regression' || f.verdict === 'improvement' ? f.verdict : undefined,
    ),
  );
}

function sideList(label: string, paths: readonly string[]): string {
  return `<p><strong>${escapeHtml(label)}</strong> (${paths.length}): ${paths.map((p) => `<code>${escapeHtml(p)}</code>`).join(', ')}</p>`;
}

/** The whole comparison page. */
export function renderComparisonHtml(c: Comparison): string {
  const failed = regressions(c);
  const title = 'ClaudeWorld poll test: comparison';
  const banner =
    failed.length === 0
      ? '<p class="banner good">No regression.</p>'
      : `<p class="banner bad">${failed.length} ${failed.length === 1 ? 'regression' : 'regressions'}: ${escapeHtml(failed.map((f) => f.figure.name).join(', '))}</p>`;
  const differences =
    c.configDifferences.length === 0
      ? '<p>None: both sides ran the same configuration.</p>'
      : `<ul>${c.configDifferences.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`;
  const charts = c.distributions.map((d) => {
    const series: CurveSeries[] = [];
    if (d.base !== null) series.push({ label: 'base', distribution: d.base });
    if (d.new !== null) series.push({ label: 'new', distribution: d.new });
    return { title: d.title, series };
  });
  return htmlPage(
    title,
    [
      `<h1>${escapeHtml(title)}</h1>`,
      `<p class="meta">Tolerance ${escapeHtml(formatPercent(c.tolerancePercent, 0))}. A regression is a change for the worse beyond the tolerance, beyond the runs' own noise (the two half-ranges added) and beyond the smallest change that matters.</p>`,
      banner,
      sideList('Base runs', c.base.paths),
      sideList('New runs', c.new.paths),
      section('Configuration differences', differences),
      section('Figures', figureRows(c)),
      section(
        'Latency distribution: base and new',
        "<p>Each side is the distribution of all its runs' responses, merged from their stored quantile functions.</p>",
        distributionCharts('compare', charts),
      ),
    ].join('\n'),
  );
}
