// `npm run report -- compare --base ... --new ...`: reads the summaries, prints the comparison,
// writes summary.html and junit.xml into --out, and exits 1 on a regression, 2 on bad input.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CompareArgsError, parseCompareArgs } from '../../lib/compare/args';
import { compareRuns, regressions } from '../../lib/compare/compare';
import { renderComparisonJUnit, renderComparisonText } from '../../lib/compare/render';
import { renderComparisonHtml } from '../../lib/compare/report-html';
import { loadPollSummaries, ReportInputError } from './summary-input';

export function compareCommand(argv: readonly string[]): number {
  let args: ReturnType<typeof parseCompareArgs>;
  let base: ReturnType<typeof loadPollSummaries>;
  let next: ReturnType<typeof loadPollSummaries>;
  try {
    args = parseCompareArgs(argv);
    base = loadPollSummaries(args.base);
    next = loadPollSummaries(args.new);
  } catch (error) {
    if (error instanceof CompareArgsError || error instanceof ReportInputError) {
      console.error(`report compare: ${error.message}`);
      return 2;
    }
    throw error;
  }
  const side = (loaded: typeof base) => ({
    paths: loaded.map((l) => l.path),
    summaries: loaded.map((l) => l.summary),
  });
  const comparison = compareRuns(side(base), side(next), args.tolerancePercent);
  process.stdout.write(renderComparisonText(comparison));
  try {
    mkdirSync(args.outDir, { recursive: true });
    writeFileSync(join(args.outDir, 'summary.html'), renderComparisonHtml(comparison));
    writeFileSync(join(args.outDir, 'junit.xml'), renderComparisonJUnit(comparison));
  } catch (error) {
    console.error(`report compare: cannot write to ${args.outDir}: ${(error as Error).message}`);
    return 2;
  }
  console.log(
    `Comparison files: ${join(args.outDir, 'summary.html')} and ${join(args.outDir, 'junit.xml')}`,
  );
  return regressions(comparison).length > 0 ? 1 : 0;
}
