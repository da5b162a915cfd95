// `npx tsx test/browser/readme-screenshots.ts`: the README's pictures of the HTML reports
// (docs/images/*.png), the top of each page as the known runs render it, in headless
// Chromium. Run it again after a change to the pages; `pngquant` (Debian's package), when
// installed, makes the files a third of the size.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { renderPollSummaryFiles } from '../../lib/poll/report';
import { healthyRun, rateLimitedRun } from '../known-runs/poll-runs';
import { capacityPageFiles, rateLimitPageFiles } from '../known-runs/report-pages';
import { CHROMIUM_PATH, hasChromium } from './open-html';

const OUT = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const ENDED_AT = Date.UTC(2026, 11, 1, 9, 30, 0);

function pollPage(run: typeof healthyRun): string {
  const { data, run: info } = run();
  const files = renderPollSummaryFiles(data, {
    ...info,
    config: { ...info.config, summaryDir: '' },
    endedAtMs: ENDED_AT,
    k6Version: '2.2.0',
  });
  return files['summary.html'] as string;
}

/** Each picture: its page, and where on the page the picture starts (a section's id). */
const PICTURES: { name: string; html: () => string; from?: string; height: number }[] = [
  { name: 'summary-failed', html: () => pollPage(rateLimitedRun), height: 560 },
  {
    name: 'summary-over-the-run',
    html: () => pollPage(healthyRun),
    from: 'over-the-run',
    height: 760,
  },
  { name: 'capacity', html: () => capacityPageFiles()['capacity.html'] as string, height: 820 },
  { name: 'ratelimit', html: () => rateLimitPageFiles()['ratelimit.html'] as string, height: 640 },
];

if (!hasChromium()) {
  console.error(`no Chromium at ${CHROMIUM_PATH}`);
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'readme-shots-'));
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: ['--headless', '--no-sandbox'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
  for (const p of PICTURES) {
    const file = join(dir, `${p.name}.html`);
    writeFileSync(file, p.html());
    await page.goto(pathToFileURL(file).href);
    const top =
      p.from === undefined ? 0 : ((await page.locator(`#${p.from}`).boundingBox())?.y ?? 0);
    const png = join(OUT, `${p.name}.png`);
    await page.screenshot({
      path: png,
      fullPage: true,
      clip: { x: 0, y: top, width: 1000, height: p.height },
    });
    const quantized = spawnSync('pngquant', [
      '--force',
      '--skip-if-larger',
      '--output',
      png,
      '64',
      png,
    ]);
    console.log(`${png}${quantized.status === 0 ? ' (pngquant)' : ''}`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
