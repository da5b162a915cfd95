// The comparison as text (stdout) and JUnit (one case per compared figure), and the figures of
// repeated runs as median and spread. Pure; the k6-safe number formats of ../format.

import { formatFixed, formatPercent, NOT_AVAILABLE } from '../format';
import type { PollSummaryJson } from '../poll/summary-schema';
import { renderJUnit } from '../report/junit';
import {
  type Comparison,
  type FigureComparison,
  regressions,
  type SideStats,
  sideStats,
} from './compare';
import { comparedFigures, type FigureDefinition } from './figures';

const RULE = '='.repeat(100);

type Shown = Pick<FigureDefinition, 'decimals' | 'unit'>;

function unitSuffix(f: Shown): string {
  return f.unit === '%' ? '%' : ` ${f.unit}`;
}

export function formatFigure(value: number | null, f: Shown): string {
  if (value === null) return NOT_AVAILABLE;
  return `${formatFixed(value, f.decimals, true)}${unitSuffix(f)}`;
}

/** `45.67 ±1.05 ms`: the median and half the range over the runs (no ± for one run). */
export function formatSide(s: SideStats, f: Shown): string {
  if (s.median === null) return NOT_AVAILABLE;
  const measured = s.values.filter((v) => v !== null).length;
  if (measured < 2) return formatFigure(s.median, f);
  const spread = formatFixed(s.spread ?? 0, f.decimals, true);
  return `${formatFixed(s.median, f.decimals, true)} ±${spread}${unitSuffix(f)}`;
}

/** `+12.5%`, `-3.0%`; `n/a` without a base. */
export function formatChange(c: FigureComparison): string {
  if (c.change === null) return NOT_AVAILABLE;
  if (c.change === 0) return formatPercent(0);
  if (c.changePercent === null) return 'from 0';
  const sign = c.changePercent > 0 ? '+' : '';
  return `${sign}${formatPercent(c.changePercent)}`;
}

function pad(text: string, width: number): string {
  return text.length < width ? text.padEnd(width) : `${text} `;
}

function runs(n: number): string {
  return `${n} ${n === 1 ? 'run' : 'runs'}`;
}

/** The comparison report for stdout; ends with the result line a pipeline log shows. */
export function renderComparisonText(c: Comparison): string {
  const failed = regressions(c);
  const lines = [
    RULE,
    `COMPARISON: ${runs(c.base.paths.length)} (base) vs ${runs(c.new.paths.length)} (new), tolerance ${formatPercent(c.tolerancePercent, 0)}`,
    RULE,
    '',
    'Configuration differences:',
    ...(c.configDifferences.length === 0 ? ['  None'] : c.configDifferences.map((d) => `  ${d}`)),
    '',
    'Figures (median ±half the range over the runs):',
    `  ${pad('Figure', 40)}${pad('Base', 24)}${pad('New', 24)}${pad('Change', 10)}Verdict`,
    ...c.figures.map(
      (f) =>
        `  ${pad(f.figure.name, 40)}${pad(formatSide(f.base, f.figure), 24)}${pad(formatSide(f.new, f.figure), 24)}${pad(formatChange(f), 10)}${f.verdict}`,
    ),
    '',
    `A regression is a change for the worse beyond the tolerance (${formatPercent(c.tolerancePercent, 0)}), beyond the runs' own noise`,
    '(the two half-ranges added) and beyond the smallest change that matters (1 ms, 0.1 points, 1 byte).',
    RULE,
    failed.length === 0
      ? 'Result: no regression'
      : `Result: ${failed.length} ${failed.length === 1 ? 'regression' : 'regressions'}: ${failed.map((f) => f.figure.name).join(', ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** One test case per compared figure; a regression is a failure saying base, new and change. */
export function renderComparisonJUnit(c: Comparison): string {
  return renderJUnit({
    name: 'claudeworld-loadtest compare',
    timeSeconds: 0,
    cases: c.figures.map((f) => {
      const message = `${formatSide(f.base, f.figure)} -> ${formatSide(f.new, f.figure)} (${formatChange(f)})`;
      return {
        classname: 'poll.compare',
        name: f.figure.name,
        ...(f.verdict === 'regression'
          ? {
              failure: {
                message,
                type: 'regression',
                details: `${f.figure.name} regressed: ${message}, beyond the tolerance of ${formatPercent(c.tolerancePercent, 0)} and the runs' noise`,
              },
            }
          : {}),
      };
    }),
  });
}

/** The figures of repeated runs, one column per run, then median and spread. */
export function renderRunsText(summaries: readonly PollSummaryJson[]): string {
  const figures = comparedFigures(summaries);
  const runColumns = summaries.map((_, i) => pad(`run ${i + 1}`, 14)).join('');
  const lines = [
    `Figures of ${runs(summaries.length)} (median ±half the range):`,
    `  ${pad('Figure', 40)}${runColumns}Median`,
    ...figures.map((f) => {
      const stats = sideStats(summaries.map(f.read));
      const perRun = stats.values.map((v) => pad(formatFigure(v, f), 14)).join('');
      return `  ${pad(f.name, 40)}${perRun}${formatSide(stats, f)}`;
    }),
  ];
  return `${lines.join('\n')}\n`;
}
