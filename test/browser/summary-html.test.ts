// The HTML reports as a person sees them, in headless Chromium: summary.html (poll),
// capacity.html, ratelimit.html and the comparison page. Each must load without console
// errors or requests, draw every chart, and show the numbers of its summary.json; a
// screenshot of each is kept in SCREENSHOT_DIR (artifacts/screenshots/, a CI artifact).
// Skipped where Debian's `chromium` is not installed (CHROMIUM_PATH to use another binary),
// so `npm test` passes without it.

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../lib/compare/compare';
import { renderComparisonHtml } from '../../lib/compare/report-html';
import { renderPollSummaryFiles } from '../../lib/poll/report';
import { healthySummary, withFigures } from '../known-runs/compare-summaries';
import { healthyRun, type KnownRun, rateLimitedRun } from '../known-runs/poll-runs';
import { capacityPageFiles, rateLimitPageFiles } from '../known-runs/report-pages';
import { figureMismatches } from '../report/html-figures';
import { CHROMIUM_PATH, hasChromium, openHtml, SCREENSHOT_DIR, type SeenPage } from './open-html';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'summary-html-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Why the browser tests cannot run here; undefined when they can. */
const skipReason = hasChromium()
  ? undefined
  : `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
// vitest lists skipped tests as a count only: say why where the run's output shows it.
if (skipReason !== undefined) console.warn(`summary.html browser tests skipped: ${skipReason}`);

/** Writes `html` to the temporary folder and opens it, keeping a screenshot as `name`.png. */
async function open(name: string, html: string): Promise<SeenPage> {
  const path = join(dir, `${name}.html`);
  writeFileSync(path, html);
  const screenshot = join(SCREENSHOT_DIR, `${name}.png`);
  const seen = await openHtml(path, { screenshot });
  expect(existsSync(screenshot)).toBe(true);
  return seen;
}

/** What every page must be: no errors, no requests, every chart drawn, numbers as summary.json. */
function expectReadable(seen: SeenPage, summary: unknown, charts: number): void {
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.otherRequests).toEqual([]);
  expect(figureMismatches(seen.cells, summary)).toEqual([]);
  expect(seen.chartInk).toHaveLength(charts);
  seen.chartInk.forEach((ink, i) => {
    expect(ink, `chart ${i + 1} of ${charts} looks blank`).toBeGreaterThan(0.002);
  });
  // Full width: every chart spans most of the 1100 px viewport's column.
  for (const width of seen.chartWidths) expect(width).toBeGreaterThan(900);
  expect(seen.pdfBytes).toBeGreaterThan(10_000);
}

function pollFiles({ data, run }: KnownRun) {
  const out = renderPollSummaryFiles(data, {
    ...run,
    config: { ...run.config, summaryDir: '' },
    endedAtMs: Date.UTC(2026, 11, 1, 9, 30, 0),
    k6Version: '2.2.0',
  });
  return {
    html: out['summary.html'] as string,
    summary: JSON.parse(out['summary.json'] as string),
  };
}

describe.skipIf(skipReason !== undefined)(
  `HTML reports in headless Chromium (${skipReason ?? CHROMIUM_PATH})`,
  () => {
    it('summary.html of a healthy run: every chart drawn, the numbers of summary.json', async () => {
      const { html, summary } = pollFiles(healthyRun());
      const seen = await open('summary', html);
      expect(seen.cells.length).toBeGreaterThan(40);
      expect(seen.cells).toContainEqual({ figure: 'endpoints.0.latency.p95Ms', text: '78.90' });
      // 4 over the run, rooms, status, the curves, 2 histograms, plan, lag, 2 rate limits.
      expectReadable(seen, summary, 13);
      const overTime = seen.curves.filter((c) => c.series.includes(' slices'));
      expect(overTime.map((c) => c.series)).toEqual([
        'sent (30 slices)',
        'planned (30 slices)',
        '/rooms/{id}/messages/poll p95 (30 slices, 120 sampled)',
        '/rooms/{id}/messages/poll p50 (30 slices, 120 sampled)',
        '/rooms/{id}/chatting-agents p95 (30 slices, 120 sampled)',
        '/rooms/{id}/chatting-agents p50 (30 slices, 120 sampled)',
        '429 (rate limited) (30 slices)',
        'other errors (30 slices)',
        'schedule lag p95 (30 slices)',
      ]);
      // The lines span the plot: 30 slices across the width.
      for (const curve of overTime) expect(curve.width).toBeGreaterThan(800);
      // Three percentile curves (poll, agents, all) in one chart, drawn across the plot.
      const percentiles = seen.curves.filter((c) => !c.series.includes(' slices'));
      expect(percentiles.map((c) => c.series)).toEqual([
        '/rooms/{id}/messages/poll',
        '/rooms/{id}/chatting-agents',
        'all polling requests',
      ]);
      for (const curve of percentiles) {
        expect(curve.width).toBeGreaterThan(400);
        expect(curve.height).toBeGreaterThan(50);
        expect(curve.points).toBeGreaterThan(100);
      }
    }, 60_000);

    it('summary.html of a failed run opens with what failed, linked to its charts', async () => {
      const { html, summary } = pollFiles(rateLimitedRun());
      const seen = await open('summary-failed', html);
      // 2 over the run (k6 left out the percentiles: no latency or lag per slice, no curve, no
      // histogram), rooms, status, plan, lag, 2 rate limits.
      expectReadable(seen, summary, 8);
      expect(seen.failureLinks).toEqual(['#chart-time-latency', '#chart-time-errors']);
      expect(seen.brokenLinks).toEqual([]);
    }, 60_000);

    it('capacity.html: steps against the gates, the knee, the run over time', async () => {
      const files = capacityPageFiles();
      const seen = await open('capacity', files['capacity.html'] as string);
      expectReadable(seen, JSON.parse(files['summary.json'] as string), 5);
      expect(seen.failureLinks).toEqual(['#chart-step-latency', '#chart-step-latency']);
      expect(seen.brokenLinks).toEqual([]);
      expect(seen.curves.map((c) => c.series)).toEqual([
        'p50',
        'p95',
        'p99',
        'errors other than 429',
        '429 (rate limited)',
      ]);
    }, 60_000);

    it('ratelimit.html: each observed window against its limit', async () => {
      const files = rateLimitPageFiles();
      const seen = await open('ratelimit', files['ratelimit.html'] as string);
      expectReadable(seen, JSON.parse(files['summary.json'] as string), 4);
      expect(seen.failureLinks).toEqual(['#chart-window-agents']);
      expect(seen.brokenLinks).toEqual([]);
    }, 60_000);

    it('shows a comparison with base and new overlaid', async () => {
      const s = healthySummary();
      const comparison = compareRuns(
        { paths: ['base.json'], summaries: [s] },
        { paths: ['new.json'], summaries: [withFigures(s, { pollP95Ms: 110 })] },
        10,
      );
      const seen = await open('compare', renderComparisonHtml(comparison));
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.otherRequests).toEqual([]);
      expect(seen.curves.map((c) => c.series)).toEqual([
        'base',
        'new',
        'base',
        'new',
        'base',
        'new',
      ]);
      for (const ink of seen.chartInk) expect(ink).toBeGreaterThan(0.002);
    }, 60_000);
  },
);
