// The poll scenario's handleSummary output: the text report for stdout, summary.json and
// junit.xml, all computed from one set of figures. Never serializes `data` or `setup_data`.

import { summaryFileStem } from '../distributed';
import { type JUnitCase, renderJUnit } from '../report/junit';
import { summaryPaths } from '../report/summary-paths';
import { progressText } from '../run-status';
import type { SummaryData } from '../summary-data';
import type { PollMeasured } from './measured';
import { buildPollFigures, type PollRunInfo, pollBasis } from './report-figures';
import { renderPollHtml } from './report-html';
import { renderPollText } from './report-text';
import {
  POLL_SUMMARY_SCHEMA,
  POLL_SUMMARY_VERSION,
  type PollFigures,
  type PollSummaryJson,
  type ThresholdFigures,
} from './summary-schema';

export type { PollRunInfo } from './report-figures';
export type { PollSummaryJson } from './summary-schema';

/** The text report k6 prints on stdout. */
export function renderPollReport(data: SummaryData, run: PollRunInfo): string {
  return renderPollText(buildPollFigures(pollBasis(data, run)));
}

/** summary.json's content: the figures, and what they were computed from. */
export function pollSummary(f: PollFigures, measured: PollMeasured): PollSummaryJson {
  return { schema: POLL_SUMMARY_SCHEMA, version: POLL_SUMMARY_VERSION, ...f, measured };
}

/** A single run's summary.json content, straight from k6's data. */
export function pollSummaryOf(data: SummaryData, run: PollRunInfo): PollSummaryJson {
  const basis = pollBasis(data, run);
  return pollSummary(buildPollFigures(basis), basis.measured);
}

export function summaryJson(f: PollFigures, measured: PollMeasured): string {
  return `${JSON.stringify(pollSummary(f, measured), null, 2)}\n`;
}

/** The run's own case: it fails when the run did not complete (interrupted, aborted, setup failed). */
export function runCase(f: PollFigures): JUnitCase {
  const name = 'the run completed as planned';
  const s = f.status;
  if (s.end === 'completed') return { classname: 'poll.run', name };
  const message =
    s.end === 'setup-failed'
      ? `setup failed: ${s.cause}; no load was sent`
      : `${s.end} ${progressText(s)}${s.cause === null ? '' : `: ${s.cause}`}; sent ${f.requests.total} of ${f.loadPlan.plannedRequests} planned polling requests`;
  return {
    classname: 'poll.run',
    name,
    failure: { message, type: s.end, details: message },
  };
}

/**
 * A threshold's case: a failure carries the value it saw, or "no samples"; a gate a failed
 * setup did not judge, or an optional one without samples, is skipped.
 */
export function thresholdCase(t: ThresholdFigures): JUnitCase {
  const name = `${t.metric} ${t.expression}`;
  const base = { classname: 'poll.thresholds', name };
  if (t.outcome === 'not-evaluated') {
    return { ...base, skipped: { message: 'not evaluated: setup failed, nothing was measured' } };
  }
  if (t.outcome === 'no-samples' && t.passed) {
    return { ...base, skipped: { message: 'no samples (optional gate)' } };
  }
  if (t.passed) return base;
  const observed = t.outcome === 'no-samples' ? 'no samples' : (t.observed ?? 'value not reported');
  return {
    ...base,
    failure: {
      message: observed,
      type: t.outcome === 'no-samples' ? 'no-samples' : 'threshold',
      details: `threshold ${name} failed: ${observed}`,
    },
  };
}

/** The run's case, then one per threshold. */
export function junitXml(f: PollFigures): string {
  return renderJUnit({
    name: 'claudeworld-loadtest poll thresholds',
    timeSeconds: f.duration.measuredMs / 1000,
    cases: [runCase(f), ...f.thresholds.map(thresholdCase)],
  });
}

/** The whole handleSummary result: stdout plus summary.json, junit.xml and summary.html. */
export function renderPollSummaryFiles(
  data: SummaryData,
  run: PollRunInfo,
): Record<string, string> {
  const basis = pollBasis(data, run);
  const figures = buildPollFigures(basis);
  const paths = summaryPaths(run.config.summaryDir, summaryFileStem(figures.instance));
  return {
    stdout: renderPollText(figures),
    [paths.json]: summaryJson(figures, basis.measured),
    [paths.junit]: junitXml(figures),
    [paths.html]: renderPollHtml(figures),
  };
}
