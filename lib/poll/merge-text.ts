// The lines a merged report prints before the run's text report: which instances it was made
// of, how much of the test their segments cover, and what could not be merged.

import { formatInt, formatPercent } from '../format';
import type { MergeResult } from './merge';

function pad(cells: readonly string[], widths: readonly number[]): string {
  return `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
}

export function renderMergeHeader(result: MergeResult): string {
  const instances = result.figures.instances ?? [];
  const rows = instances.map((i) => [
    i.executionSegment ?? 'whole test',
    i.localIps ?? 'not set',
    formatInt(i.requests),
    i.thresholdsPassed ? 'passed' : 'failed',
    i.file,
  ]);
  const header = ['segment', 'source address', 'requests', 'thresholds', 'file'];
  const widths = header.map((h, col) =>
    Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)),
  );
  const runId = result.figures.instance.runId ?? 'unknown';
  const lines = [
    `Merged run ${runId}: ${instances.length} instance(s), segments cover ${formatPercent(result.coverage * 100, 0)} of the test`,
    pad(header, widths),
    ...rows.map((r) => pad(r, widths)),
    ...result.warnings,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
