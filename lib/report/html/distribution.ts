// Latency distributions as overlaid percentile curves, each with a table of its key
// percentiles (the chart's text alternative), for the poll and comparison reports.

import { formatFixed, formatInt } from '../../format';
import { quantileAt } from '../../quantiles';
import {
  type CurveSeries,
  chartFigure,
  curveSamplesText,
  KEY_PERCENTILES,
  legend,
  percentileChart,
} from './charts';
import { type Cell, escapeHtml, table } from './page';

function num(text: string): Cell {
  return { text, numeric: true };
}

/** Percentile tables of the distributions, the charts' text alternative. */
export function percentileTable(caption: string, series: readonly CurveSeries[]): string {
  return table(
    caption,
    ['Series', ...KEY_PERCENTILES.map((p) => `p${p}`), 'Max', 'Responses'],
    series.map((s) => [
      s.label,
      ...KEY_PERCENTILES.map((p) => num(formatFixed(quantileAt(s.distribution, p), 2))),
      num(formatFixed(s.distribution.max, 2)),
      num(formatInt(s.distribution.count)),
    ]),
  );
}

/** The legend of a percentile chart: each series with how many samples its curve has. */
export function curveLegend(series: readonly CurveSeries[]): string {
  return legend(
    series.map((s, i) => ({
      label: `${s.label} (${curveSamplesText(s.distribution)})`,
      style: s.style ?? i,
    })),
  );
}

/** One chart per distribution, each with its series overlaid and its table. */
export function distributionCharts(
  idPrefix: string,
  charts: readonly { title: string; series: readonly CurveSeries[] }[],
): string {
  const drawn = charts.filter((c) => c.series.length > 0);
  if (drawn.length === 0) {
    return '<p>No latency distribution: no responses, or <code>--summary-trend-stats</code> left out the percentiles this report needs.</p>';
  }
  return drawn
    .map(
      (c, i) =>
        `<h3>${escapeHtml(c.title)}</h3>\n${chartFigure(
          percentileChart(`${idPrefix}-${i}`, `Latency distribution: ${c.title}`, c.series),
          `Latency by percentile, ${c.title} (ms). The x axis spreads the tail: each step is one more nine; a curve ends at its second-largest sample.`,
          `${curveLegend(c.series)}\n${percentileTable(`Percentiles: ${c.title} (ms)`, c.series)}\n`,
        )}`,
    )
    .join('\n');
}
