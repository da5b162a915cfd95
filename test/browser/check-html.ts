// `npx tsx test/browser/check-html.ts <folder>...`: opens each folder's summary.html (as
// written by k6's handleSummary) in headless Chromium and checks it against its summary.json.
// For checking real k6 runs by hand; exits 1 on any problem.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { figureMismatches } from '../report/html-figures';
import { hasChromium, openHtml } from './open-html';

if (!hasChromium()) {
  console.error('chromium not found (install Debian chromium or set CHROMIUM_PATH)');
  process.exit(2);
}
let failed = false;
for (const folder of process.argv.slice(2)) {
  const html = join(folder, 'summary.html');
  const summary = JSON.parse(readFileSync(join(folder, 'summary.json'), 'utf8'));
  const seen = await openHtml(html);
  const problems = [
    ...seen.consoleErrors.map((e) => `console error: ${e}`),
    ...seen.otherRequests.map((r) => `request: ${r}`),
    ...figureMismatches(seen.cells, summary),
    ...seen.chartInk.flatMap((ink, i) => (ink > 0.002 ? [] : [`chart ${i + 1} looks blank`])),
  ];
  const size = readFileSync(html).length;
  console.log(
    `${html}: ${size} bytes, ${seen.cells.length} figures checked, ${seen.curves.length} curves (${seen.curves.map((c) => `${Math.round(c.width)}x${Math.round(c.height)} px`).join(', ')}), ${seen.chartInk.length} charts, PDF ${seen.pdfBytes} bytes: ${problems.length === 0 ? 'OK' : problems.join('; ')}`,
  );
  if (problems.length > 0 || size > 200 * 1024) failed = true;
}
process.exitCode = failed ? 1 : 0;
