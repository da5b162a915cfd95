import { describe, expect, it } from 'vitest';
import {
  connectionErrorRun,
  healthyRun,
  type KnownRun,
  rateLimitedRun,
  setupFailedRun,
} from '../../test/known-runs/poll-runs';
import { figureCellsOf, figureMismatches } from '../../test/report/html-figures';
import { curveEndPercent } from '../report/html/charts';
import { renderPollSummaryFiles } from './report';
import { renderPollHtml } from './report-html';
import { pollTextSections } from './report-text';

const KNOWN_RUNS = { healthyRun, rateLimitedRun, connectionErrorRun, setupFailedRun };
const ENDED_AT = Date.UTC(2026, 11, 1, 12, 0, 0);

function htmlAndSummary({ data, run }: KnownRun) {
  const config = { ...run.config, summaryDir: '' };
  const out = renderPollSummaryFiles(data, {
    ...run,
    config,
    endedAtMs: ENDED_AT,
    k6Version: '2.2.0',
  });
  return { html: out['summary.html'] ?? '', summary: JSON.parse(out['summary.json'] ?? '{}') };
}

/** The page's text sections: each `<section id>`'s heading and its text without tags. */
function pageSections(html: string): { heading: string; text: string }[] {
  return [...html.matchAll(/<section id="[^"]+">\n<h2>([^<]*)<\/h2>([\s\S]*?)<\/section>/g)].map(
    (m) => ({
      heading: (m[1] as string).replace(/&amp;/g, '&'),
      text: (m[2] as string)
        .replace(/<title[\s\S]*?<\/title>|<desc[\s\S]*?<\/desc>/g, ' ')
        .replace(/<[^>]+>/g, ' ')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    }),
  );
}

/** The numbers a text shows (`1,200`, `45.67`, `99.6%`), as printed. */
function numbersIn(text: string): string[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0]);
}

describe('renderPollHtml', () => {
  for (const [name, make] of Object.entries(KNOWN_RUNS)) {
    it(`shows the numbers of summary.json for the ${name}`, () => {
      const { html, summary } = htmlAndSummary(make());
      const cells = figureCellsOf(html);
      // A run whose setup failed shows its plan and thresholds only.
      expect(cells.length).toBeGreaterThan(name === 'setupFailedRun' ? 3 : 40);
      expect(figureMismatches(cells, summary)).toEqual([]);
      expect(html).not.toMatch(/NaN|Infinity|undefined/);
    });

    it(`has every section of the text report, in its order and with its numbers, for the ${name}`, () => {
      const { html, summary } = htmlAndSummary(make());
      const text = pollTextSections(summary);
      const page = pageSections(html);
      const headings = text.map((lines) => (lines[0] as string).replace(/:$/, ''));
      // Over the run first, unless setup failed and no load was sent.
      const overTime = summary.status.end === 'setup-failed' ? [] : ['Over the run'];
      expect(page.map((s) => s.heading)).toEqual([...overTime, ...headings, 'Configuration']);
      text.forEach((lines, i) => {
        const shown = new Set(numbersIn(page[i + overTime.length]?.text ?? ''));
        const missing = numbersIn(lines.slice(1).join('\n')).filter((n) => !shown.has(n));
        expect(missing, `${headings[i]}: numbers of the text report not on the page`).toEqual([]);
      });
    });
  }

  it('is self-contained: no scripts, no links out, no remote resources, under 300 KB', () => {
    for (const make of Object.values(KNOWN_RUNS)) {
      const { html } = htmlAndSummary(make());
      expect(html).not.toMatch(/<script|<link|src=|url\(|@import|http:\/\/www/i);
      expect(html.match(/href="[^#][^"]*"/g)).toBeNull();
      expect(html.length).toBeLessThan(300 * 1024);
    }
  });

  it('opens with when, where and on which k6 the run ran', () => {
    const { html } = htmlAndSummary(healthyRun());
    expect(html).toContain('<dt>Started</dt><dd>2026-12-01 11:58:59 UTC</dd>');
    expect(html).toContain('<dt>Ended</dt><dd>2026-12-01 12:00:00 UTC</dd>');
    expect(html).toContain('<dt>k6 version</dt><dd>2.2.0</dd>');
    expect(html).toContain('<dt>Instance</dt><dd>single instance</dd>');
    expect(html).toContain('<p class="banner good">Every threshold passed.</p>');
  });

  it('draws the endpoints and all requests as three curves in one chart, each ending at its samples', () => {
    const { html: page } = htmlAndSummary(healthyRun());
    const html = page.slice(page.indexOf('<svg id="chart-latency"'));
    const curves = [
      ...html
        .slice(0, html.indexOf('</svg>'))
        .matchAll(/<path class="series" data-series="([^"]+)" data-samples="(\d+)" d="M([^"]+)"/g),
    ];
    expect(curves.map((c) => [c[1], Number(c[2])])).toEqual([
      ['/rooms/{id}/messages/poll', 120],
      ['/rooms/{id}/chatting-agents', 120],
      ['all polling requests', 240],
    ]);
    for (const [, , , d] of curves) expect((d ?? '').split('L').length).toBeGreaterThan(100);
    // 120 samples: the curve stops at p99.16, the second-largest sample's level.
    expect(curveEndPercent(120)).toBeCloseTo(99.16, 2);
    expect(html).toContain(
      '/rooms/{id}/messages/poll (120 samples, drawn to p99.16 (max 123.45 ms))',
    );
    expect(html).toContain(
      '<desc id="chart-latency-desc">/rooms/{id}/messages/poll: p50 42.12 ms, p90 70.10 ms, p95 78.90 ms, p99 95.23 ms, p99.9 120.63 ms, max 123.45 ms (120 responses)',
    );
  });

  it('opens a failed run with each failed threshold, its value and limit, linked to its chart', () => {
    const { html } = htmlAndSummary(rateLimitedRun());
    expect(html).toContain('<p class="banner bad">2 of 3 thresholds failed (k6 exits 99).</p>');
    expect(html).toContain(
      '<tr><th><a href="#chart-time-latency">Threshold cw_latency{endpoint:poll} p(95)&lt;1000</a></th><td>p(95)=2250.00 ms</td><td>p(95) &lt; 1,000 ms</td></tr>',
    );
    expect(html).toContain(
      '<tr><th><a href="#chart-time-errors">Threshold cw_requests{status:429} count&lt;1</a></th><td>count=240</td><td>count &lt; 1</td></tr>',
    );
    for (const [, id] of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
    expect(html.indexOf('failure-box')).toBeLessThan(html.indexOf('<section'));
  });

  it('draws the run over time: planned and sent, latency per endpoint, errors, lag', () => {
    const { html } = htmlAndSummary(healthyRun());
    for (const id of ['requests', 'latency', 'errors', 'lag']) {
      expect(html).toContain(`<svg id="chart-time-${id}"`);
    }
    expect(html).toContain(
      '<desc id="chart-time-requests-desc">sent (30 slices): 30 slices, from 4.00 req/s to 4.00 req/s; planned (30 slices): 30 slices, from 4.00 req/s to 4.00 req/s</desc>',
    );
    // 30 and 45 ms for 40 s, then 60 and 110 ms: p95 within a quarter octave of the samples.
    const p95 =
      /\/rooms\/\{id\}\/messages\/poll p95 \(30 slices, 120 sampled\): 30 slices, from ([\d.]+) ms to ([\d.]+) ms/.exec(
        html,
      );
    expect(Number(p95?.[1])).toBeGreaterThan(45 / 1.19);
    expect(Number(p95?.[1])).toBeLessThan(45 * 1.19);
    expect(Number(p95?.[2])).toBeGreaterThan(110 / 1.19);
    expect(Number(p95?.[2])).toBeLessThan(110 * 1.19);
    expect(html).toContain('<a href="#over-the-run">Over the run</a>');
  });

  it('says the run over time was not recorded in an older summary', () => {
    const { html } = htmlAndSummary(connectionErrorRun());
    expect(html).toContain('<p>Not recorded: this summary has no time slices');
  });

  it('says so first when setup failed, then shows only the plan, the thresholds and the advice', () => {
    const { html } = htmlAndSummary(setupFailedRun());
    const banner =
      /<p class="banner bad">Setup failed: [^<]+\. No load was sent: no polling request was made, and setup deleted any test room it had created\. The thresholds were not evaluated\.<\/p>/;
    expect(html).toMatch(banner);
    expect(html.search(banner)).toBeLessThan(html.indexOf('<section'));
    expect([...html.matchAll(/<h2>([^<]+)<\/h2>/g)].map((m) => m[1])).toEqual([
      'Test Configuration (planned)',
      'Thresholds',
      'Recommendations',
      'Configuration',
    ]);
  });

  it('draws each path rate against its limit, requests by status and per room', () => {
    const { html } = htmlAndSummary(rateLimitedRun());
    expect(html).toContain(
      '<desc id="chart-status-desc">200 OK: 360 (60.0%); HTTP_429: 240 (40.0%)</desc>',
    );
    expect(html).toContain(
      '<desc id="chart-limit-0-desc">Planned per path: 150.00/min; Busiest path: 145.53/min; Mean per path: 145.53/min; limit: 60.00</desc>',
    );
    expect(html).toMatch(/<desc id="chart-rooms-desc">\/rooms\/\d+\/chatting-agents: \d+/);
  });

  it('escapes what it prints', () => {
    const { summary } = htmlAndSummary(healthyRun());
    const html = renderPollHtml(
      { ...summary, config: { ...summary.config, baseUrl: 'http://x/<b>&' } },
      'A <title>',
    );
    expect(html).toContain('<title>A &lt;title&gt;</title>');
    expect(html).toContain('http://x/&lt;b&gt;&amp;');
  });
});
