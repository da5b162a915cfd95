import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dashboardTimeRange,
  GRAFANA_DEFAULTS,
  intervalMs,
  labelValuesVariables,
  panelQueries,
  relativeTimeMs,
  resolveQuery,
} from './grafana-queries';

const dashboard: unknown = JSON.parse(
  readFileSync(new URL('../../deploy/grafana/claudeworld-poll.json', import.meta.url), 'utf8'),
);
const NOW = Date.UTC(2025, 0, 1, 12, 0, 7);
const THIRTY_MINUTES = { fromMs: NOW - 1_800_000, toMs: NOW };

describe('the dashboard queries', () => {
  it('reads every target; stat panels are instant queries', () => {
    const queries = panelQueries(dashboard);
    expect(queries).toHaveLength(12);
    expect(queries.filter((q) => q.instant).map((q) => q.panelTitle)).toEqual([
      'Polling requests (whole run)',
      'Rate limited (429)',
      'Active VUs (all instances)',
      'Errors other than 429 (share)',
    ]);
  });

  it('reads the testid picker as label_values(metric, label), and refuses other variables', () => {
    expect(labelValuesVariables(dashboard)).toEqual([
      { name: 'testid', metric: 'k6_cw_requests_total', label: 'testid' },
    ]);
    const other = { templating: { list: [{ name: 'x', type: 'query', definition: 'up' }] } };
    expect(() => labelValuesVariables(other)).toThrow('variable x: "up" is not label_values');
  });

  it("takes the dashboard's time range: the last 30 minutes", () => {
    expect(dashboardTimeRange(dashboard, NOW)).toEqual(THIRTY_MINUTES);
    expect(relativeTimeMs('now-2h', NOW)).toBe(NOW - 7_200_000);
    expect(() => relativeTimeMs('yesterday', NOW)).toThrow('expected now or now-<n>');
  });
});

describe('resolveQuery', () => {
  it("fills the variables and Grafana's built-ins as Grafana does at 30 minutes", () => {
    const q = resolveQuery(
      {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's ${var} syntax, not JS.
        expr: 'x{testid="$testid"}[$__range] ${testid} $__interval $__rate_interval',
        instant: true,
      },
      THIRTY_MINUTES,
      { testid: 'run-1' },
    );
    expect(q).toEqual({
      expr: 'x{testid="run-1"}[1800s] run-1 15s 60s',
      startMs: NOW,
      endMs: NOW,
      stepMs: 15_000,
    });
  });

  it('aligns a range query to its step, rounding down', () => {
    const q = resolveQuery({ expr: 'up', instant: false }, THIRTY_MINUTES, {});
    expect(q.startMs % 15_000).toBe(0);
    expect(q.endMs).toBe(NOW - 7000);
    expect(q.endMs - q.startMs).toBe(1_800_000);
  });

  it('escapes as Grafana does, and refuses a variable it does not know', () => {
    const q = resolveQuery({ expr: '"$v"', instant: true }, THIRTY_MINUTES, { v: "a'b\\c" });
    expect(q.expr).toBe('"a\\\\\'b\\\\c"');
    expect(() => resolveQuery({ expr: '$nope', instant: true }, THIRTY_MINUTES, {})).toThrow(
      '$nope: no value for $nope',
    );
  });

  it('$__interval is the scrape interval at least, and grows with the range', () => {
    expect(intervalMs(1_800_000, GRAFANA_DEFAULTS)).toBe(15_000);
    expect(intervalMs(86_400_000, GRAFANA_DEFAULTS)).toBeGreaterThan(15_000);
  });
});
