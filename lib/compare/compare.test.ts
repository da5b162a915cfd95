import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { healthySummary, withFigures } from '../../test/known-runs/compare-summaries';
import { CompareArgsError, parseCompareArgs } from './args';
import { compareRuns, regressions, sideStats, verdictOf } from './compare';
import { renderComparisonJUnit, renderComparisonText, renderRunsText } from './render';
import { renderComparisonHtml } from './report-html';

const LATENCY = { worse: 'higher' as const, minimumChange: 1 };

describe('sideStats', () => {
  it('gives the median and half the range of the measured runs', () => {
    expect(sideStats([10, 14, 11])).toEqual({
      values: [10, 14, 11],
      median: 11,
      min: 10,
      max: 14,
      spread: 2,
    });
    expect(sideStats([10, null, 20, 30, 40]).median).toBe(25);
    expect(sideStats([null]).median).toBeNull();
  });
});

describe('verdictOf', () => {
  const runs = (...v: number[]) => sideStats(v);

  it('calls a change a regression only beyond the tolerance and the runs noise', () => {
    expect(verdictOf(LATENCY, runs(100), runs(115), 10)).toBe('regression');
    expect(verdictOf(LATENCY, runs(100), runs(108), 10)).toBe('unchanged');
    // 100 +-10 and 120 +-10: the 20 ms change is no larger than the 20 ms of noise.
    expect(verdictOf(LATENCY, runs(90, 100, 110), runs(110, 120, 130), 10)).toBe('within noise');
    expect(verdictOf(LATENCY, runs(98, 100, 102), runs(118, 120, 122), 10)).toBe('regression');
    expect(verdictOf(LATENCY, runs(100), runs(80), 10)).toBe('improvement');
    expect(verdictOf(LATENCY, runs(100), runs(115), 20)).toBe('unchanged');
  });

  it('ignores changes below the smallest that matters, and knows which way is worse', () => {
    expect(verdictOf(LATENCY, runs(2), runs(2.9), 10)).toBe('unchanged');
    expect(verdictOf({ worse: 'lower', minimumChange: 0 }, runs(10), runs(8), 10)).toBe(
      'regression',
    );
    expect(verdictOf({ worse: 'higher', minimumChange: 0.1 }, runs(0), runs(5), 10)).toBe(
      'regression',
    );
    expect(verdictOf(LATENCY, sideStats([null]), runs(5), 10)).toBe('not measured');
  });
});

describe('compareRuns', () => {
  const base = () => {
    const s = healthySummary();
    return {
      paths: ['b1.json', 'b2.json', 'b3.json'],
      summaries: [s, withFigures(s, { pollP95Ms: 80.9 }), withFigures(s, { pollP95Ms: 76.9 })],
    };
  };

  it('finds the regression of one figure among unchanged ones', () => {
    const s = healthySummary();
    const slower = withFigures(s, { pollP95Ms: 110 });
    const c = compareRuns(base(), { paths: ['n1.json'], summaries: [slower] }, 10);
    expect(c.configDifferences).toEqual([]);
    expect(regressions(c).map((f) => f.figure.name)).toEqual(['p95 /rooms/{id}/messages/poll']);
    const p95 = c.figures.find((f) => f.figure.name === 'p95 /rooms/{id}/messages/poll');
    expect(p95?.base).toMatchObject({ median: 78.904, spread: 2 });
    expect(p95?.changePercent).toBeCloseTo(((110 - 78.904) * 100) / 78.904, 10);
    expect(c.figures.map((f) => f.figure.name)).toEqual([
      'achieved req/s',
      'p50 /rooms/{id}/messages/poll',
      'p95 /rooms/{id}/messages/poll',
      'p99 /rooms/{id}/messages/poll',
      'p50 /rooms/{id}/chatting-agents',
      'p95 /rooms/{id}/chatting-agents',
      'p99 /rooms/{id}/chatting-agents',
      'error %',
      '429 %',
      'bytes per request',
      'bytes per user per minute',
    ]);
  });

  it('lists configuration differences, within and between the sides', () => {
    const s = healthySummary();
    const c = compareRuns(
      { paths: ['a', 'b'], summaries: [s, withFigures(s, { users: 5 })] },
      { paths: ['c'], summaries: [withFigures(s, { users: 10 })] },
      10,
    );
    expect(c.configDifferences).toEqual(['users: base 4 | 5, new 10']);
  });

  it('prints the differences first and one line per figure', () => {
    const s = healthySummary();
    const c = compareRuns(
      base(),
      { paths: ['n.json'], summaries: [withFigures(s, { pollP95Ms: 110, users: 8 })] },
      10,
    );
    const text = renderComparisonText(c);
    expect(text.indexOf('Configuration differences:\n  users: base 4, new 8\n')).toBeGreaterThan(0);
    expect(text.indexOf('Configuration differences')).toBeLessThan(text.indexOf('Figures'));
    expect(text).toContain(
      '  p95 /rooms/{id}/messages/poll           78.90 ±2.00 ms          110.00 ms               +39.4%    regression\n',
    );
    expect(text).toContain(
      '  error %                                 0.00 ±0.00%             0.00%                   0.0%      unchanged\n',
    );
    expect(text.trimEnd().split('\n').pop()).toBe(
      'Result: 1 regression: p95 /rooms/{id}/messages/poll',
    );
  });

  it('writes one JUnit case per figure, failing the regressions', () => {
    const s = healthySummary();
    const c = compareRuns(
      base(),
      { paths: ['n'], summaries: [withFigures(s, { pollP95Ms: 110 })] },
      10,
    );
    const xml = renderComparisonJUnit(c);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testcase' }).parse(
      xml,
    );
    const cases = doc.testsuites.testsuite.testcase as {
      '@_name': string;
      failure?: { '@_message': string };
    }[];
    expect(cases).toHaveLength(11);
    expect(
      cases.filter((x) => x.failure).map((x) => [x['@_name'], x.failure?.['@_message']]),
    ).toEqual([['p95 /rooms/{id}/messages/poll', '78.90 ±2.00 ms -> 110.00 ms (+39.4%)']]);
  });

  it('overlays base and new distributions in the HTML', () => {
    const s = healthySummary();
    const html = renderComparisonHtml(
      compareRuns(base(), { paths: ['n'], summaries: [withFigures(s, { pollP95Ms: 110 })] }, 10),
    );
    expect(html.match(/<path class="series" data-series="base"/g)).toHaveLength(3);
    expect(html.match(/<path class="series" data-series="new"/g)).toHaveLength(3);
    expect(html).toContain('<tr class="regression"><th>p95 /rooms/{id}/messages/poll</th>');
    expect(html).not.toMatch(/<script|src=|href=|NaN|undefined/);
  });
});

describe('renderRunsText', () => {
  it('shows each run and the median with its spread', () => {
    const s = healthySummary();
    const text = renderRunsText([
      s,
      withFigures(s, { achieved: 3.5 }),
      withFigures(s, { achieved: 4 }),
    ]);
    expect(text).toContain(
      '  achieved req/s                          4.00 req/s    3.50 req/s    4.00 req/s    4.00 ±0.25 req/s\n',
    );
  });
});

describe('parseCompareArgs', () => {
  it('reads both sides, the tolerance and the output folder', () => {
    expect(
      parseCompareArgs([
        '--base',
        'a.json',
        'b',
        '--new=c.json',
        '--tolerance',
        '5%',
        '--out',
        'x',
      ]),
    ).toEqual({ base: ['a.json', 'b'], new: ['c.json'], tolerancePercent: 5, outDir: 'x' });
    expect(parseCompareArgs(['--new', 'n', '--base', 'b']).tolerancePercent).toBe(10);
  });

  it('stops with one line on bad arguments', () => {
    const bad = (argv: string[]) => () => parseCompareArgs(argv);
    expect(bad(['--base', 'a'])).toThrow(CompareArgsError);
    expect(bad(['--base', 'a'])).toThrow(/both --base and --new need at least one summary/);
    expect(bad(['x', '--base', 'a', '--new', 'b'])).toThrow('"x" belongs to no side');
    expect(bad(['--base', 'a', '--new', 'b', '--tolerance', 'ten'])).toThrow(
      '--tolerance: "ten" is not a percentage (e.g. 10 or 10%, at least 0)',
    );
    expect(bad(['--base', 'a', '--new', 'b', '--frob'])).toThrow(/^unknown option --frob/);
  });
});
