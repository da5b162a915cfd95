// Poll summaries for the comparison tests: the known healthy run as summary.json has it, with
// chosen figures changed.

import { renderPollSummaryFiles } from '../../lib/poll/report';
import type { PollSummaryJson } from '../../lib/poll/summary-schema';
import { healthyRun } from './poll-runs';

export function healthySummary(): PollSummaryJson {
  const { data, run } = healthyRun();
  const out = renderPollSummaryFiles(data, { ...run, config: { ...run.config, summaryDir: '' } });
  return JSON.parse(out['summary.json'] as string) as PollSummaryJson;
}

/** The healthy summary with the poll endpoint's p95 and the achieved rate set. */
export function withFigures(
  summary: PollSummaryJson,
  figures: { pollP95Ms?: number; achieved?: number; users?: number },
): PollSummaryJson {
  const copy = JSON.parse(JSON.stringify(summary)) as PollSummaryJson;
  const poll = copy.endpoints.find((e) => e.endpoint === 'poll');
  if (poll !== undefined && figures.pollP95Ms !== undefined) poll.latency.p95Ms = figures.pollP95Ms;
  if (figures.achieved !== undefined) copy.loadPlan.achievedRequestsPerSecond = figures.achieved;
  if (figures.users !== undefined) copy.config.users = figures.users;
  return copy;
}
