// The k6 side of `npm run bench:html`: renders summary.html from a summary.json (SUMMARY, read
// at init as k6 allows) five times inside k6, as handleSummary would, and prints the page's
// size and each rendering's time. Bundled by bench/html-render.ts.

import { buildPollFigures } from '../lib/poll/report-figures';
import { renderPollHtml } from '../lib/poll/report-html';
import type { PollSummaryJson } from '../lib/poll/summary-schema';

const summary = JSON.parse(open(__ENV.SUMMARY ?? '')) as PollSummaryJson;

export const options = { vus: 1, iterations: 1 };

export default function render(): void {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const start = Date.now();
    const html = renderPollHtml(
      buildPollFigures({ config: summary.config, measured: summary.measured }),
    );
    times.push(Date.now() - start);
    bytes = html.length;
  }
  console.log(
    `RENDER ${__ENV.LABEL}: ${bytes} characters, figures and page in ${times.join(', ')} ms`,
  );
}
