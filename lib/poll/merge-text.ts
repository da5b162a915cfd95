// The lines a merged report prints before the run's text report: which instances it was made
// of (each with its share of the plan), how much of the test their segments cover, what is
// missing for the whole test, and what could not be merged.

import { formatInt, formatPercent } from '../format';
import type { MergeResult } from './merge';
import { incompleteRunLines } from './recommendations';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
}

export function renderMergeHeader(result: MergeResult): string {
  const merged = result.figures.merged;
  const instances = merged?.instances ?? [];
  const rows = instances.map((i) => [
    i.executionSegment ?? 'whole test',
    i.localIps ?? 'not set',
    formatInt(i.users),
    `${formatInt(i.requests)} of ${formatInt(i.plannedRequests)}`,
    i.plannedRequests > 0 ? formatPercent((i.requests * 100) / i.plannedRequests) : 'n/a',
    i.thresholdsPassed ? 'passed' : 'failed',
    i.file,
  ]);
  const header = [
    'segment',
    'source address',
    'users',
    'requests',
    'of plan',
    'thresholds',
    'file',
  ];
  const widths = header.map((h, col) =>
    Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)),
  );
  const runId = result.figures.instance.runId ?? 'unknown';
  const coverage = formatPercent((merged?.coverage ?? 0) * 100, 0);
  const lines = [
    `Merged run ${runId}: ${instances.length} instance(s), segments cover ${coverage} of the test`,
    pad(header, widths),
    ...rows.map((r) => pad(r, widths)),
    ...(merged === null ? [] : incompleteRunLines(merged)),
    ...result.warnings,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
