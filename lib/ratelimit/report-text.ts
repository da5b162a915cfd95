// The rate-limit check's text report: one row per endpoint (expected and measured limit, 429
// body, isolation, recovery, result), then every failure reason and notes on the first window.

import { formatFixed, formatInt, NOT_AVAILABLE } from '../format';
import { summaryFilesLine } from '../report/summary-paths';
import {
  type EndpointReport,
  NOT_MEASURED,
  RATELIMIT_FILES,
  type RateLimitFigures,
} from './report-figures';
import type { CheckName, CheckResult } from './verdict';

const COLUMNS: readonly [title: string, width: number][] = [
  ['Endpoint', 18],
  ['Expected', 10],
  ['Measured', 10],
  ['429 body', 10],
  ['Isolation', 11],
  ['Recovery', 11],
  ['Result', 6],
];

function row(cells: readonly string[]): string {
  return `  ${cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 0;
      return i === cells.length - 1 ? cell : cell.length < width ? cell.padEnd(width) : `${cell} `;
    })
    .join('')}`;
}

function checkOf(e: EndpointReport, name: CheckName): CheckResult | undefined {
  return e.verdict?.checks.find((c) => c.check === name);
}

function statusWord(check: CheckResult | undefined, passed: string): string {
  if (check === undefined || check.status === 'skip') return NOT_AVAILABLE;
  return check.status === 'pass' ? passed : 'FAIL';
}

function endpointRow(e: EndpointReport): string {
  const v = e.verdict;
  const o = e.observation;
  if (v === undefined || o === undefined) {
    return row([
      e.label,
      formatInt(e.expectedLimit),
      NOT_AVAILABLE,
      NOT_AVAILABLE,
      NOT_AVAILABLE,
      NOT_AVAILABLE,
      'FAIL',
    ]);
  }
  const measured = v.limitMissing ? `>=${formatInt(v.measuredLimit)}` : formatInt(v.measuredLimit);
  const recovery = checkOf(e, 'recovery');
  const recoveryText =
    recovery?.status === 'skip' || recovery === undefined
      ? NOT_AVAILABLE
      : o.recoveryMs === undefined
        ? 'none'
        : `${formatFixed(o.recoveryMs / 1000, 1)} s`;
  return row([
    e.label,
    formatInt(e.expectedLimit),
    measured,
    statusWord(checkOf(e, 'body'), 'ok'),
    statusWord(checkOf(e, 'isolation'), 'ok'),
    recovery?.status === 'fail' ? `${recoveryText} !` : recoveryText,
    v.passed ? 'pass' : 'FAIL',
  ]);
}

function failures(f: RateLimitFigures): string[] {
  return f.endpoints.flatMap((e) => {
    if (e.verdict === undefined) return [`  - ${e.label}: ${NOT_MEASURED}`];
    return e.verdict.checks.filter((c) => c.status === 'fail').map((c) => `  - ${c.detail}`);
  });
}

function notes(f: RateLimitFigures): string[] {
  const lines: string[] = [];
  for (const e of f.endpoints) {
    const used = e.verdict?.firstWindowUsed ?? 0;
    if (used > 0) {
      lines.push(
        `  - ${e.label}: the first window was partly used (${formatInt(used)} request(s) already counted, ${e.endpoint === 'login' ? "this run's own setup login included" : 'by an earlier run on a room with the same id'}); the limit was measured in the next, clean window.`,
      );
    }
    const sustained = checkOf(e, 'sustained');
    if (sustained !== undefined && sustained.status !== 'skip')
      lines.push(`  - sustained: ${sustained.detail}`);
  }
  return lines;
}

export function renderRateLimitText(f: RateLimitFigures): string {
  const failed = f.endpoints.filter((e) => e.verdict?.passed !== true).length;
  const status = f.passed
    ? 'PASSED'
    : `FAILED (${failed} of ${f.endpoints.length} endpoint(s) off)`;
  const failureLines = failures(f);
  const noteLines = notes(f);
  return [
    '',
    `ClaudeWorld rate-limit check: ${status}`,
    `  Target: ${f.config.baseUrl}   window: ${formatFixed(f.config.windowMs / 1000, 1)} s   run: ${formatFixed(f.durationMs / 1000, 1)} s`,
    '',
    row(COLUMNS.map(([title]) => title)),
    ...f.endpoints.map(endpointRow),
    ...(failureLines.length > 0 ? ['', 'Failures:', ...failureLines] : []),
    ...(noteLines.length > 0 ? ['', 'Notes:', ...noteLines] : []),
    '',
    summaryFilesLine(f.config.summaryDir, { names: RATELIMIT_FILES, withHtml: true }),
    '',
  ].join('\n');
}
