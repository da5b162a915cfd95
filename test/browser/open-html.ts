// Opens an HTML report in headless Chromium (Debian's `chromium` package, driven by
// playwright-core) and reports what a person would see: console errors, network requests,
// the figures shown, the chart lines and how much of each chart's screenshot is drawn on.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { FigureCell } from '../report/html-figures';

/** Where Debian installs Chromium; CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Run in the page (source text: Node's type check has no DOM): the share of a base64 PNG's
 * pixels in colour, decoded by the browser itself. Frames, grids and labels are grey; only
 * the drawn data (curves, bars) is coloured, so a chart without data scores 0.
 */
const COLOURED_SHARE = `async (data) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + data;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, image.width, image.height).data;
  let inked = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
    if (Math.max(r, g, b) - Math.min(r, g, b) > 60) inked++;
  }
  return inked / (pixels.length / 4);
}`;

export interface SeenPage {
  consoleErrors: string[];
  /** Requests for anything but the file itself. */
  otherRequests: string[];
  cells: FigureCell[];
  /** Drawn size of each percentile curve, in CSS pixels. */
  curves: { series: string; width: number; height: number; points: number }[];
  /** Per chart: the share of its screenshot's pixels in colour, i.e. drawn data (0..1). */
  chartInk: number[];
  /** Per chart: its drawn width in CSS pixels. */
  chartWidths: number[];
  /** Where the failure box's rows link to (`#chart-latency`), in order. */
  failureLinks: string[];
  /** In-page links whose target is not on the page. */
  brokenLinks: string[];
  pdfBytes: number;
}

/**
 * Where the browser tests keep their screenshots (a CI artifact): SCREENSHOT_DIR, else
 * `artifacts/screenshots` in the checkout, which .ci/run lists at its end.
 */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOT_DIR ??
  fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

export interface OpenOptions {
  /** Saves a screenshot of the whole page there (PNG). */
  screenshot?: string;
}

export async function openHtml(path: string, options: OpenOptions = {}): Promise<SeenPage> {
  // playwright-core makes a fresh temporary profile (user data dir) per launch.
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const consoleErrors: string[] = [];
    const otherRequests: string[] = [];
    const url = pathToFileURL(path).href;
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('request', (request) => {
      if (request.url() !== url) otherRequests.push(request.url());
    });
    await page.goto(url, { waitUntil: 'load' });
    if (options.screenshot !== undefined) {
      mkdirSync(dirname(options.screenshot), { recursive: true });
      await page.screenshot({ path: options.screenshot, fullPage: true });
    }
    const cells = await page.$$eval('[data-figure]', (elements) =>
      elements.map((e) => {
        const scale = e.getAttribute('data-scale');
        return {
          figure: e.getAttribute('data-figure') ?? '',
          text: e.textContent ?? '',
          ...(scale === null ? {} : { scale: Number(scale) }),
        };
      }),
    );
    const curves = await page.$$eval('svg path.series', (elements) =>
      elements.map((e) => {
        const box = e.getBoundingClientRect();
        return {
          series: e.getAttribute('data-series') ?? '',
          width: box.width,
          height: box.height,
          points: (e.getAttribute('d') ?? '').split('L').length,
        };
      }),
    );
    const failureLinks = await page.$$eval('.failure-box a', (links) =>
      links.map((a) => a.getAttribute('href') ?? ''),
    );
    const ids = new Set(await page.$$eval('[id]', (elements) => elements.map((e) => e.id)));
    const brokenLinks = (
      await page.$$eval('a[href^="#"]', (links) => links.map((a) => a.getAttribute('href') ?? ''))
    ).filter((href) => !ids.has(href.slice(1)));
    const chartWidths = await page.$$eval('svg.chart', (charts) =>
      charts.map((c) => c.getBoundingClientRect().width),
    );
    const chartInk: number[] = [];
    for (const chart of await page.locator('svg.chart').all()) {
      const png = (await chart.screenshot()).toString('base64');
      chartInk.push(await page.evaluate<number>(`(${COLOURED_SHARE})(${JSON.stringify(png)})`));
    }
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4' });
    return {
      consoleErrors,
      otherRequests,
      cells,
      curves,
      chartInk,
      chartWidths,
      failureLinks,
      brokenLinks,
      pdfBytes: pdf.length,
    };
  } finally {
    await browser.close();
  }
}
