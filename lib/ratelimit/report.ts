// The rate-limit check's handleSummary output: a text report for stdout, summary.json and
// junit.xml, all from one set of figures. Shares the JUnit writer and file paths with the poll
// report; never serializes `data` or `setup_data`.

import { type JUnitCase, renderJUnit } from '../report/junit';
import { summaryPaths } from '../report/summary-paths';
import { type RunFacts, runFactsOf } from '../run-facts';
import type { SummaryData } from '../summary-data';
import type { RateLimitConfig } from './config';
import {
  buildRateLimitFigures,
  NOT_MEASURED,
  RATELIMIT_FILES,
  type RateLimitFigures,
} from './report-figures';
import { renderRateLimitHtml } from './report-html';
import { renderRateLimitText } from './report-text';

export const RATELIMIT_SUMMARY_SCHEMA = 'claudeworld-loadtest/ratelimit-summary';
export const RATELIMIT_SUMMARY_VERSION = 1;

/** When handleSummary ran and k6's version (from setup), for the page and summary.json. */
export interface RateLimitStamp {
  endedAtMs: number | null;
  k6Version: string | null;
}

function summaryJson(f: RateLimitFigures, run: RunFacts): string {
  const json = {
    schema: RATELIMIT_SUMMARY_SCHEMA,
    version: RATELIMIT_SUMMARY_VERSION,
    status: f.passed ? 'passed' : 'failed',
    run,
    durationMs: f.durationMs,
    config: f.config,
    endpoints: f.endpoints.map((e) => ({
      endpoint: e.endpoint,
      label: e.label,
      expectedLimit: e.expectedLimit,
      measured: e.verdict !== undefined,
      measuredLimit: e.verdict?.measuredLimit ?? null,
      limitMissing: e.verdict?.limitMissing ?? null,
      firstWindowUsed: e.verdict?.firstWindowUsed ?? null,
      recoveryMs: e.observation?.recoveryMs ?? null,
      isolationStatus: e.observation?.isolationStatus ?? null,
      sustained: e.observation?.sustained ?? null,
      cleanWindow:
        e.observation === undefined
          ? null
          : {
              sent: e.observation.cleanWindow.sent,
              accepted: e.observation.cleanWindow.accepted,
              rejected: e.observation.cleanWindow.rejected,
            },
      cleanSpanMs: e.observation?.cleanSpanMs ?? null,
      passed: e.verdict?.passed ?? false,
      checks: e.verdict?.checks ?? [],
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

/** One test case per endpoint and check that ran; an endpoint never measured is one failure. */
function junitXml(f: RateLimitFigures): string {
  return renderJUnit({
    name: 'claudeworld-loadtest rate limits',
    timeSeconds: f.durationMs / 1000,
    cases: f.endpoints.flatMap((e): JUnitCase[] => {
      const classname = `ratelimit.${e.endpoint}`;
      if (e.verdict === undefined) {
        const details = `${e.label}: ${NOT_MEASURED}`;
        return [
          {
            classname,
            name: 'measured',
            failure: { message: details, type: 'not-measured', details },
          },
        ];
      }
      return e.verdict.checks
        .filter((c) => c.status !== 'skip')
        .map((c) => ({
          classname,
          name: c.check,
          ...(c.status === 'pass'
            ? {}
            : { failure: { message: c.detail, type: c.check, details: c.detail } }),
        }));
    }),
  });
}

/** The whole handleSummary result: stdout plus summary.json, junit.xml and ratelimit.html. */
export function renderRateLimitSummaryFiles(
  data: SummaryData,
  config: RateLimitConfig,
  stamp: RateLimitStamp = { endedAtMs: null, k6Version: null },
): Record<string, string> {
  const figures = buildRateLimitFigures(data, config);
  const run = runFactsOf([{ ...stamp, testRunMs: figures.durationMs }]);
  const paths = summaryPaths(config.summaryDir, RATELIMIT_FILES);
  return {
    stdout: renderRateLimitText(figures),
    [paths.json]: summaryJson(figures, run),
    [paths.junit]: junitXml(figures),
    [paths.html]: renderRateLimitHtml(figures, run),
  };
}
