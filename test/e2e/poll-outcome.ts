// What one end-to-end run of dist/poll.js produced, the same for the sandbox and real k6, and
// the checks on it: a case's expectations collect problems instead of throwing, so the vitest
// suite and `npm run test:k6` report the same findings.

import { endpointPath } from '../../lib/endpoints';
import type { PollSummaryJson } from '../../lib/poll/summary-schema';
import type { StandInStats } from '../../server/core';
import { figureCellsOf, figureMismatches } from '../report/html-figures';
import type { ProxiedPoll } from './stand-in-hooks';

export interface PollRunOutcome {
  exitCode: number;
  /** What k6 printed on stdout (the report). */
  stdout: string;
  /** console output and k6's own log lines (stderr). */
  log: string;
  /** handleSummary's files by base name: `summary.json`, `junit.xml`. */
  files: Record<string, string>;
  /** The stand-in's /_stats after the run. */
  stats: StandInStats;
  /** The API keys the stand-in issued during the run. */
  issuedApiKeys: string[];
  /** The polls a case's stand-in hook logged (empty without one). */
  proxiedPolls: ProxiedPoll[];
  /** What the k6 process cost (real k6 only): ms from its start to the first poll, its peak RSS. */
  k6?: { firstPollAfterMs: number | undefined; peakRssKb: number | undefined };
}

/** Collects failed expectations as readable lines. */
export class Verdict {
  readonly problems: string[] = [];
  /** Figures a case measured, printed with its result (not judged: timings vary per machine). */
  readonly notes: string[] = [];

  note(text: string): void {
    this.notes.push(text);
  }

  equal(label: string, actual: unknown, expected: unknown): void {
    const a = JSON.stringify(actual);
    const e = JSON.stringify(expected);
    if (a !== e) this.problems.push(`${label}: expected ${e}, got ${a}`);
  }

  ok(label: string, condition: boolean, detail = ''): void {
    if (!condition) this.problems.push(`${label}${detail === '' ? '' : `: ${detail}`}`);
  }
}

export function summaryJson(o: PollRunOutcome): PollSummaryJson | undefined {
  const text = o.files['summary.json'];
  return text === undefined ? undefined : (JSON.parse(text) as PollSummaryJson);
}

/** Requests the stand-in counted for `METHOD template`, e.g. `GET /rooms/{id}/messages/poll`. */
export function serverCount(stats: StandInStats, key: string, status?: number): number {
  const entry = stats.endpoints[key];
  if (entry === undefined) return 0;
  return status === undefined ? entry.requests : (entry.statuses[String(status)] ?? 0);
}

/** 429s the stand-in answered on one room's path of an endpoint. */
export function serverPath429(stats: StandInStats, path: string): number {
  return stats.paths[`GET ${path}`]?.statuses['429'] ?? 0;
}

/** Rooms created and not deleted, as the stand-in saw it. */
export function roomsLeft(stats: StandInStats): number {
  return serverCount(stats, 'POST /rooms', 200) - serverCount(stats, 'DELETE /rooms/{id}', 200);
}

export const POLL_KEY = `GET ${endpointPath('poll', '{id}')}`;
export const AGENTS_KEY = `GET ${endpointPath('agents', '{id}')}`;

/**
 * summary.html as k6 wrote it: every number it marks equals summary.json's, the run over time
 * is drawn when the seed model polled, it is self-contained and under 300 KB.
 */
export function verifySummaryHtml(o: PollRunOutcome, v: Verdict): void {
  const html = o.files['summary.html'];
  const summary = summaryJson(o);
  if (html === undefined || summary === undefined) return;
  const cells = figureCellsOf(html);
  // A run whose setup failed shows its plan and thresholds only, and says so first.
  if (summary.status.end === 'setup-failed') {
    v.ok(
      'summary.html opens with the failed setup',
      html.includes('<p class="banner bad">Setup failed: '),
    );
  } else {
    v.ok('summary.html shows figures', cells.length > 20, `${cells.length} marked figures`);
  }
  v.equal(
    'summary.html figures that differ from summary.json',
    figureMismatches(cells, summary),
    [],
  );
  v.ok('summary.html is under 300 KB', html.length < 300 * 1024, `${html.length} bytes`);
  v.ok('summary.html has no NaN or undefined', !/NaN|undefined/.test(html));
  v.ok('summary.html loads nothing', !/<script|<link|src=|url\(/i.test(html));
  if (summary.requests.total > 0) {
    v.ok('summary.html draws the run over time', html.includes('<svg id="chart-time-latency"'));
  }
  if (summary.config.client !== 'seed' && (summary.streams?.opened ?? 0) > 0) {
    v.ok('summary.html draws the streams over time', html.includes('<svg id="chart-time-streams"'));
  }
}

/** Every output of the run: report, logs, files. */
export function allOutput(o: PollRunOutcome): string {
  return [o.stdout, o.log, ...Object.values(o.files)].join('\n');
}

/** The password and the issued API keys appear nowhere in the run's output. */
export function verifyNoSecrets(o: PollRunOutcome, password: string | undefined, v: Verdict): void {
  const text = allOutput(o);
  for (const secret of [password, ...o.issuedApiKeys]) {
    if (secret === undefined || secret === '') continue;
    v.ok('a secret appears in the output', !text.includes(secret), `${secret.slice(0, 4)}...`);
  }
}
