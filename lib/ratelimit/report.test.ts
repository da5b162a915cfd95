import { describe, expect, it } from 'vitest';
import { figureCellsOf, figureMismatches } from '../../test/report/html-figures';
import type { SummaryData, SummaryMetric } from '../summary-data';
import { parseRateLimitConfig } from './config';
import {
  OBSERVATION_FIELDS,
  observationFields,
  observationKey,
  rateLimitThresholds,
} from './metrics';
import type { EndpointObservation } from './observation';
import { renderRateLimitSummaryFiles } from './report';
import { emptyTally } from './tally';

const CONFIG = parseRateLimitConfig({
  PASSWORD: 'hunter2-Secret!pw',
  WINDOW: '2s',
  SUMMARY_DIR: 'out',
});
const TOKEN = 'sk-live-api-key-0123456789';

function observation(
  endpoint: 'poll' | 'agents',
  limit: number,
  accepted: number,
): EndpointObservation {
  const sent = Math.max(accepted, limit) + 6;
  return {
    endpoint,
    firstWindow: {
      ...emptyTally(),
      sent: limit + 6,
      accepted: Math.min(accepted, limit + 6) - (endpoint === 'agents' ? 50 : 0),
    },
    cleanWindow: {
      ...emptyTally(),
      sent,
      accepted,
      rejected: sent - accepted,
      bodyOk: accepted === limit,
      bodyLimit: accepted,
    },
    cleanSpanMs: 0,
    isolationStatus: 200,
    recoveryMs: 2000,
    probedUntilMs: 2000,
    sustained: undefined,
  };
}

/** handleSummary data as k6 gives it: declared sub-metrics present, recorded ones with values. */
function summary(observations: EndpointObservation[]): SummaryData {
  const metrics: Record<string, SummaryMetric> = {};
  for (const key of Object.keys(rateLimitThresholds(['poll', 'agents']))) {
    metrics[key] = key.startsWith('ratelimit_observation')
      ? { type: 'gauge', contains: 'default', values: { value: 0, min: 0, max: 0 } }
      : { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 0 } };
  }
  metrics.ratelimit_endpoints_checked = {
    type: 'counter',
    contains: 'default',
    values: { count: observations.length, rate: 0 },
  };
  for (const o of observations) {
    const fields = observationFields(o);
    for (const field of OBSERVATION_FIELDS) {
      const value = fields[field];
      metrics[observationKey(o.endpoint, field)] = {
        type: 'gauge',
        contains: 'default',
        values: { value, min: value, max: value },
      };
    }
  }
  return {
    metrics,
    options: { summaryTrendStats: [] },
    state: { testRunDurationMs: 4321.5 },
    setup_data: { apiKey: TOKEN, roomIds: [1, 2] },
  };
}

describe('renderRateLimitSummaryFiles', () => {
  it('shows each endpoint, names the one that is off with both numbers, and notes a used first window', () => {
    const files = renderRateLimitSummaryFiles(
      summary([observation('poll', 60, 90), observation('agents', 120, 120)]),
      CONFIG,
    );
    expect(Object.keys(files)).toEqual([
      'stdout',
      'out/summary.json',
      'out/junit.xml',
      'out/ratelimit.html',
    ]);
    expect(files.stdout).toBe(
      [
        '',
        'ClaudeWorld rate-limit check: FAILED (1 of 2 endpoint(s) off)',
        '  Target: http://localhost:8000   window: 2.0 s   run: 4.3 s',
        '',
        '  Endpoint          Expected  Measured  429 body  Isolation  Recovery   Result',
        '  messages/poll     60        90        FAIL      ok         2.0 s      FAIL',
        '  chatting-agents   120       120       ok        ok         2.0 s      pass',
        '',
        'Failures:',
        '  - messages/poll: measured 90 per window, expected 60 (30 too loose)',
        '  - messages/poll: 429 body names a limit of 90, expected {"error":"Rate limit exceeded: 60 per 2 second"}',
        '',
        'Notes:',
        '  - chatting-agents: the first window was partly used (50 request(s) already counted, by an earlier run on a room with the same id); the limit was measured in the next, clean window.',
        '',
        'Summary files: out/summary.json, out/ratelimit.html and out/junit.xml (SUMMARY_DIR must exist: k6 does not create folders)',
        '',
      ].join('\n'),
    );
    const json = JSON.parse(files['out/summary.json'] as string);
    expect(json).toMatchObject({
      schema: 'claudeworld-loadtest/ratelimit-summary',
      status: 'failed',
      durationMs: 4321.5,
    });
    expect(json.endpoints[0]).toMatchObject({
      endpoint: 'poll',
      expectedLimit: 60,
      measuredLimit: 90,
      passed: false,
      recoveryMs: 2000,
    });
    expect(json.endpoints[1]).toMatchObject({
      endpoint: 'agents',
      measuredLimit: 120,
      firstWindowUsed: 50,
      passed: true,
    });
    const junit = files['out/junit.xml'] as string;
    expect(junit).toContain(
      '<testsuites name="claudeworld-loadtest rate limits" tests="8" failures="2"',
    );
    expect(junit).toContain(
      '<failure message="messages/poll: measured 90 per window, expected 60 (30 too loose)" type="limit">',
    );
    for (const text of Object.values(files)) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(TOKEN);
    }
  });

  it('fails every endpoint that was never measured, as after a failed setup', () => {
    const files = renderRateLimitSummaryFiles(summary([]), CONFIG);
    expect(files.stdout).toContain('ClaudeWorld rate-limit check: FAILED (2 of 2 endpoint(s) off)');
    expect(files.stdout).toContain(
      '  messages/poll     60        n/a       n/a       n/a        n/a        FAIL',
    );
    expect(files.stdout).toContain(
      '  - messages/poll: not measured: setup failed or the run was aborted before the check finished',
    );
    expect(JSON.parse(files['out/summary.json'] as string).endpoints[0]).toMatchObject({
      measured: false,
      measuredLimit: null,
    });
    expect(files['out/junit.xml']).toContain('tests="2" failures="2"');
  });

  it('passes when every endpoint holds its limit', () => {
    const files = renderRateLimitSummaryFiles(
      summary([
        observation('poll', 60, 60),
        {
          ...observation('agents', 120, 120),
          firstWindow: { ...emptyTally(), sent: 132, accepted: 120 },
        },
      ]),
      CONFIG,
    );
    expect(files.stdout).toContain('ClaudeWorld rate-limit check: PASSED');
    expect(files.stdout).not.toContain('Failures:');
    expect(files['out/junit.xml']).toContain('tests="8" failures="0"');
  });

  it('writes ratelimit.html: what failed first, each window against its limit, the numbers of summary.json', () => {
    const files = renderRateLimitSummaryFiles(
      summary([observation('poll', 60, 90), observation('agents', 120, 120)]),
      CONFIG,
      { endedAtMs: Date.UTC(2026, 5, 1, 8, 0, 4, 500), k6Version: '2.2.0' },
    );
    const html = files['out/ratelimit.html'] as string;
    const json = JSON.parse(files['out/summary.json'] as string);
    expect(json.run).toEqual({
      startedAt: '2026-06-01T08:00:00.178Z',
      endedAt: '2026-06-01T08:00:04.500Z',
      k6Version: '2.2.0',
    });
    const cells = figureCellsOf(html);
    expect(cells.length).toBeGreaterThan(6);
    expect(figureMismatches(cells, json)).toEqual([]);
    expect(html).toContain('<p class="banner bad">FAILED: 1 of 2 endpoint(s) off.</p>');
    expect(html).toContain(
      '<tr><th><a href="#chart-window-poll">messages/poll: limit</a></th><td>messages/poll: measured 90 per window, expected 60 (30 too loose)</td>',
    );
    expect(html).toContain(
      '<desc id="chart-window-poll-desc">Clean window: accepted: 90; Clean window: refused (429): 6; First window: accepted: 66; expected limit: 60.00</desc>',
    );
    expect(html).toContain('<svg id="chart-recovery-agents"');
    for (const [, id] of html.matchAll(/href="#([^"]+)"/g)) expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/<script|<link|src=|url\(|NaN|undefined|hunter2/);
    expect(html).not.toContain(TOKEN);
  });
});
