// The capacity test's figures across repeated runs (`REPEAT=3 npm run capacity`): how each run
// ended and its knee, then the users the knee held as median and spread over the runs that
// completed (an interrupted run's knee is only a lower bound). Pure.

import { sideStats } from '../compare/compare';
import { formatSide } from '../compare/render';
import { plural } from '../format';
import { progressText } from '../run-status';
import type { CapacitySummaryJson } from './report';

/** What the text reads of a run's summary.json. */
export type CapacityRun = Pick<CapacitySummaryJson, 'status' | 'knee'>;

function runEnd(s: CapacityRun): string {
  switch (s.status.end) {
    case 'completed':
      return '';
    case 'setup-failed':
      return `SETUP FAILED (${s.status.cause}); `;
    default:
      return `${s.status.end.toUpperCase()} ${progressText(s.status)}; `;
  }
}

export function renderCapacityRunsText(summaries: readonly CapacityRun[]): string {
  const completed = summaries.filter((s) => s.status.end === 'completed');
  const holds = sideStats(completed.map((s) => s.knee.holdsUsers));
  const lines = [
    `Knee of ${plural(summaries.length, 'run')}:`,
    ...summaries.map((s, i) => `  run ${i + 1}: ${runEnd(s)}${s.knee.text}`),
    completed.length === 0
      ? '  Holds: no run completed'
      : `  Holds (median ±half the range of the ${plural(completed.length, 'completed run')}): ${formatSide(holds, { decimals: 0, unit: 'users' })}`,
  ];
  return `${lines.join('\n')}\n`;
}
