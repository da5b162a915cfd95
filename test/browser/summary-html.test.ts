// summary.html as a person sees it, in headless Chromium. Skipped where Debian's `chromium`
// is not installed (CHROMIUM_PATH to use another binary), so `npm test` passes without it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareRuns } from '../../lib/compare/compare';
import { renderComparisonHtml } from '../../lib/compare/report-html';
import { renderPollSummaryFiles } from '../../lib/poll/report';
import { healthySummary, withFigures } from '../known-runs/compare-summaries';
import { healthyRun } from '../known-runs/poll-runs';
import { figureMismatches } from '../report/html-figures';
import { CHROMIUM_PATH, hasChromium, openHtml } from './open-html';

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

describe.skipIf(skipReason !== undefined)(
  `summary.html in headless Chromium (${skipReason ?? CHROMIUM_PATH})`,
  () => {
    it('loads without errors or requests, shows summary.json numbers and drawn charts', async () => {
      const { data, run } = healthyRun();
      const out = renderPollSummaryFiles(data, {
        ...run,
        config: { ...run.config, summaryDir: dir },
      });
      const htmlPath = join(dir, 'summary.html');
      writeFileSync(htmlPath, out[htmlPath] as string);
      const summary = JSON.parse(out[join(dir, 'summary.json')] as string);

      const seen = await openHtml(htmlPath);
      expect(seen.consoleErrors).toEqual([]);
      expect(seen.otherRequests).toEqual([]);
      expect(seen.cells.length).toBeGreaterThan(40);
      expect(seen.cells).toContainEqual({ figure: 'endpoints.0.latency.p95Ms', text: '78.90' });
      expect(figureMismatches(seen.cells, summary)).toEqual([]);
      // Three percentile curves (poll, agents, all) in one chart, drawn across the plot.
      expect(seen.curves).toHaveLength(3);
      for (const curve of seen.curves) {
        expect(curve.width).toBeGreaterThan(400);
        expect(curve.height).toBeGreaterThan(50);
        expect(curve.points).toBeGreaterThan(100);
      }
      // Rooms, status, curves, 2 histograms, plan, lag, 2 rate limits: each shows coloured data.
      expect(seen.chartInk).toHaveLength(9);
      for (const ink of seen.chartInk) expect(ink).toBeGreaterThan(0.002);
      expect(seen.pdfBytes).toBeGreaterThan(10_000);
    }, 60_000);

    it('shows a comparison with base and new overlaid', async () => {
      const s = healthySummary();
      const comparison = compareRuns(
        { paths: ['base.json'], summaries: [s] },
        { paths: ['new.json'], summaries: [withFigures(s, { pollP95Ms: 110 })] },
        10,
      );
      const htmlPath = join(dir, 'compare.html');
      writeFileSync(htmlPath, renderComparisonHtml(comparison));
      const seen = await openHtml(htmlPath);
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
