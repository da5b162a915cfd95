import { describe, expect, it } from 'vitest';
import {
  connectionErrorRun,
  healthyRun,
  type KnownRun,
  rateLimitedRun,
  setupFailedRun,
} from '../../test/known-runs/poll-runs';
import { figureCellsOf, figureMismatches } from '../../test/report/html-figures';
import { renderPollSummaryFiles } from './report';
import { renderPollHtml } from './report-html';

const KNOWN_RUNS = { healthyRun, rateLimitedRun, connectionErrorRun, setupFailedRun };

function htmlAndSummary({ data, run }: KnownRun) {
  const config = { ...run.config, summaryDir: '' };
  const out = renderPollSummaryFiles(data, { ...run, config });
  return { html: out['summary.html'] ?? '', summary: JSON.parse(out['summary.json'] ?? '{}') };
}

describe('renderPollHtml', () => {
  for (const [name, make] of Object.entries(KNOWN_RUNS)) {
    it(`shows the numbers of summary.json for the ${name}`, () => {
      const { html, summary } = htmlAndSummary(make());
      const cells = figureCellsOf(html);
      expect(cells.length).toBeGreaterThan(40);
      expect(figureMismatches(cells, summary)).toEqual([]);
      expect(html).not.toMatch(/NaN|Infinity|undefined/);
    });
  }

  it('is self-contained: no scripts, no links, no remote resources, under 200 KB', () => {
    for (const make of Object.values(KNOWN_RUNS)) {
      const { html } = htmlAndSummary(make());
      expect(html).not.toMatch(/<script|<link|src=|href=|url\(|@import|http:\/\/www/i);
      expect(html.length).toBeLessThan(200 * 1024);
    }
  });

  it('draws a percentile curve per endpoint and overall, with a text alternative', () => {
    const { html } = htmlAndSummary(healthyRun());
    const curves = [...html.matchAll(/<path class="series" data-series="this run" d="M([^"]+)"/g)];
    expect(curves).toHaveLength(3);
    for (const [, d] of curves) expect((d ?? '').split('L').length).toBeGreaterThan(100);
    expect(html).toContain(
      '<desc id="latency-1-desc">this run: p50 42.12 ms, p90 70.10 ms, p95 78.90 ms, p99 95.23 ms, p99.9 120.63 ms, max 123.45 ms (120 responses)</desc>',
    );
    expect(html.match(/role="img"/g)).toHaveLength(3 + 1 + 1 + 2);
  });

  it('says why there is no curve when k6 left out the percentiles', () => {
    const { html } = htmlAndSummary(rateLimitedRun());
    expect(html).not.toContain('class="series"');
    expect(html).toContain('No latency distribution: no responses, or <code>--summary-trend-stats');
  });

  it('draws each path rate against its limit and the requests by status', () => {
    const { html } = htmlAndSummary(rateLimitedRun());
    expect(html).toContain(
      '<desc id="status-desc">200 OK: 360 (60.0%); HTTP_429: 240 (40.0%)</desc>',
    );
    expect(html).toContain(
      '<desc id="limit-0-desc">Planned per path: 150.00/min; Busiest path: 145.53/min; Mean per path: 145.53/min; limit: 60.00</desc>',
    );
    expect(html).toContain('<p class="banner bad">A threshold failed (k6 exits 99).</p>');
  });

  it('escapes what it prints', () => {
    const { data, run } = healthyRun();
    const { summary } = htmlAndSummary({ data, run });
    const html = renderPollHtml(
      { ...summary, config: { ...summary.config, baseUrl: 'http://x/<b>&' } },
      'A <title>',
    );
    expect(html).toContain('<title>A &lt;title&gt;</title>');
    expect(html).toContain('http://x/&lt;b&gt;&amp;');
  });
});
