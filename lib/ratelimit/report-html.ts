// ratelimit.html: when and on which k6 the check ran, what failed first (each check's one
// line, linked to its endpoint's chart), then per endpoint the observed window against the
// limit (accepted and refused in the clean window, the first window, the sustained third
// room) and the recovery against the window, and the text report's table, failures and notes.
// Pure strings: runs in k6's handleSummary.

import { formatFixed, formatInt, formatSeconds, NOT_AVAILABLE } from '../format';
import { type Bar, barChart, chartFigure } from '../report/html/charts';
import {
  anchoredSection,
  escapeHtml,
  type Failure,
  failureBox,
  htmlPage,
  runFacts,
  table,
} from '../report/html/page';
import { numberCell } from '../report/html/sections';
import { type RunFacts, utcText } from '../run-facts';
import { type EndpointReport, NOT_MEASURED, type RateLimitFigures } from './report-figures';
import type { CheckName } from './verdict';

const num = numberCell;

function chartId(e: EndpointReport): string {
  return `chart-window-${e.endpoint}`;
}

function failures(f: RateLimitFigures): Failure[] {
  return f.endpoints.flatMap((e): Failure[] => {
    if (e.verdict === undefined) {
      return [
        {
          what: `${e.label}: not measured`,
          observed: NOT_MEASURED,
          limit: `${formatInt(e.expectedLimit)} per window`,
          href: null,
        },
      ];
    }
    return e.verdict.checks
      .filter((c) => c.status === 'fail')
      .map((c) => ({
        what: `${e.label}: ${c.check}`,
        observed: c.detail,
        limit: `${formatInt(e.expectedLimit)} per ${formatSeconds(f.config.windowMs / 1000)} window`,
        href: `#${chartId(e)}`,
      }));
  });
}

function checkStatus(e: EndpointReport, check: CheckName): string {
  const c = e.verdict?.checks.find((x) => x.check === check);
  if (c === undefined || c.status === 'skip') return NOT_AVAILABLE;
  return c.status === 'pass' ? 'ok' : 'FAIL';
}

/** The clean window's answers and the other windows, against the expected limit. */
function windowChart(f: RateLimitFigures, e: EndpointReport): string {
  const o = e.observation;
  if (o === undefined || e.verdict === undefined) {
    return `<p>${escapeHtml(`${e.label}: ${NOT_MEASURED}`)}</p>`;
  }
  const v = e.verdict;
  const bars: Bar[] = [
    {
      label: 'Clean window: accepted',
      value: o.cleanWindow.accepted,
      valueText: `${formatInt(o.cleanWindow.accepted)}${v.limitMissing ? ' (no 429: a lower bound)' : ''}`,
      fill: o.cleanWindow.accepted === e.expectedLimit ? 'good' : 'bad',
    },
    {
      label: 'Clean window: refused (429)',
      value: o.cleanWindow.rejected,
      valueText: formatInt(o.cleanWindow.rejected),
      fill: 'warn',
    },
    {
      label: 'First window: accepted',
      value: o.firstWindow.accepted,
      valueText: `${formatInt(o.firstWindow.accepted)}${v.firstWindowUsed > 0 ? ` (${formatInt(v.firstWindowUsed)} already used)` : ''}`,
      fill: 'neutral',
    },
    ...(o.sustained === undefined
      ? []
      : [
          {
            label: 'Sustained: accepted',
            value: o.sustained.accepted,
            valueText: `${formatInt(o.sustained.accepted)} of ${formatInt(o.sustained.sent)} sent`,
            fill: 'plan' as const,
          },
        ]),
  ];
  const window = formatSeconds(f.config.windowMs / 1000);
  const recovery: Bar[] = [
    {
      label: 'Burst took',
      value: o.cleanSpanMs / 1000,
      valueText: `${formatFixed(o.cleanSpanMs / 1000, 2)} s`,
      fill: o.cleanSpanMs < f.config.windowMs ? 'neutral' : 'bad',
    },
    {
      label: 'Accepted again after',
      value: (o.recoveryMs ?? o.probedUntilMs) / 1000,
      valueText:
        o.recoveryMs === undefined
          ? `never (probed until ${formatFixed(o.probedUntilMs / 1000, 1)} s)`
          : `${formatFixed(o.recoveryMs / 1000, 2)} s`,
      fill: checkStatus(e, 'recovery') === 'FAIL' ? 'bad' : 'good',
    },
  ];
  return [
    chartFigure(
      barChart(`${chartId(e)}`, `${e.label}: the observed window against the limit`, bars, {
        axisTitle: `requests in one ${window} window of one path`,
        markers: [{ label: 'expected limit', value: e.expectedLimit }],
        labelWidth: 230,
      }),
      `${e.label}: a burst of ${formatInt(o.cleanWindow.sent)} requests in a window known to be clean; the server should accept exactly ${formatInt(e.expectedLimit)} and refuse the rest with 429. Measured: ${v.limitMissing ? `at least ${formatInt(v.measuredLimit)}` : formatInt(v.measuredLimit)}.`,
    ),
    chartFigure(
      barChart(
        `chart-recovery-${e.endpoint}`,
        `${e.label}: recovery against the window`,
        recovery,
        {
          axisTitle: 'seconds from the clean burst’s first request',
          markers: [{ label: 'window (s):', value: f.config.windowMs / 1000 }],
          labelWidth: 230,
        },
      ),
      `When ${e.label} accepted a request again after the clean burst, against the ${window} window (a fixed window should reopen after it).`,
    ),
  ].join('\n');
}

function endpointTable(f: RateLimitFigures): string {
  return table(
    'Per endpoint',
    ['Endpoint', 'Expected', 'Measured', '429 body', 'Isolation', 'Recovery', 'Result'],
    f.endpoints.map((e, i) => {
      const v = e.verdict;
      const o = e.observation;
      const measured =
        v === undefined
          ? NOT_AVAILABLE
          : v.limitMissing
            ? `>=${formatInt(v.measuredLimit)}`
            : formatInt(v.measuredLimit);
      const recovery =
        o === undefined || checkStatus(e, 'recovery') === NOT_AVAILABLE
          ? NOT_AVAILABLE
          : o.recoveryMs === undefined
            ? 'none'
            : `${formatFixed(o.recoveryMs / 1000, 1)} s`;
      return [
        e.label,
        num(formatInt(e.expectedLimit), `endpoints.${i}.expectedLimit`),
        num(measured, v === undefined ? undefined : `endpoints.${i}.measuredLimit`),
        checkStatus(e, 'body'),
        checkStatus(e, 'isolation'),
        recovery === NOT_AVAILABLE || recovery === 'none'
          ? num(recovery)
          : { ...num(recovery, `endpoints.${i}.recoveryMs`), scale: 0.001 },
        v?.passed === true ? 'pass' : 'FAIL',
      ];
    }),
    f.endpoints.map((e) => (e.verdict?.passed === true ? undefined : 'regression')),
  );
}

function notes(f: RateLimitFigures): string {
  const lines = f.endpoints.flatMap((e) => {
    const used = e.verdict?.firstWindowUsed ?? 0;
    const sustained = e.verdict?.checks.find((c) => c.check === 'sustained');
    return [
      ...(used > 0
        ? [
            `${e.label}: the first window was partly used (${formatInt(used)} request(s) already counted); the limit was measured in the next, clean window.`,
          ]
        : []),
      ...(sustained !== undefined && sustained.status !== 'skip'
        ? [`sustained: ${sustained.detail}`]
        : []),
    ];
  });
  return lines.length === 0
    ? '<p>None.</p>'
    : `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`;
}

export function renderRateLimitHtml(
  f: RateLimitFigures,
  run: RunFacts,
  title = 'ClaudeWorld rate-limit check',
): string {
  const failed = f.endpoints.filter((e) => e.verdict?.passed !== true).length;
  const facts = runFacts([
    ['Started', utcText(run.startedAt)],
    ['Ended', utcText(run.endedAt)],
    [
      'Duration (k6 test run)',
      { ...num(formatSeconds(f.durationMs / 1000), 'durationMs'), scale: 0.001 },
    ],
    ['k6 version', run.k6Version ?? 'unknown (User-Agent set by the user?)'],
    ['Window', formatSeconds(f.config.windowMs / 1000)],
    ['Target', f.config.baseUrl],
  ]);
  const status = f.passed
    ? '<p class="banner good">Every endpoint holds its limit: PASSED.</p>'
    : failureBox(
        `FAILED: ${formatInt(failed)} of ${formatInt(f.endpoints.length)} endpoint(s) off.`,
        failures(f),
      );
  const failureLines = f.endpoints.flatMap((e) =>
    e.verdict === undefined
      ? [`${e.label}: ${NOT_MEASURED}`]
      : e.verdict.checks.filter((c) => c.status === 'fail').map((c) => c.detail),
  );
  return htmlPage(
    title,
    [
      `<h1>${escapeHtml(title)}</h1>`,
      facts,
      status,
      ...f.endpoints.map((e) =>
        anchoredSection(
          `endpoint-${e.endpoint}`,
          `${e.label} (limit ${formatInt(e.expectedLimit)} per window)`,
          windowChart(f, e),
        ),
      ),
      anchoredSection('results', 'Results', endpointTable(f)),
      anchoredSection(
        'failures',
        'Failures',
        failureLines.length === 0
          ? '<p>None.</p>'
          : `<ul>${failureLines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
      ),
      anchoredSection('notes', 'Notes', notes(f)),
    ].join('\n'),
  );
}
