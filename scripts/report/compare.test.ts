import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { healthySummary, withFigures } from '../../test/known-runs/compare-summaries';
import { compareCommand } from './compare';

let dir: string;
let printed: string[];
let errors: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-compare-'));
  printed = [];
  errors = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((text) => {
    printed.push(String(text));
    return true;
  });
  vi.spyOn(console, 'log').mockImplementation((text: string) => printed.push(text));
  vi.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('report compare', () => {
  it('exits 0 without a regression and writes summary.html and junit.xml', () => {
    const s = healthySummary();
    const base = write('base.json', s);
    const next = write('new.json', withFigures(s, { pollP95Ms: 80 }));
    const out = join(dir, 'out');
    expect(compareCommand(['--base', base, '--new', next, '--out', out])).toBe(0);
    expect(printed.join('')).toContain('Result: no regression');
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('tests="11" failures="0"');
    expect(readFileSync(join(out, 'summary.html'), 'utf8')).toContain('No regression.');
  });

  it('exits 1 on a regression', () => {
    const s = healthySummary();
    const base = write('base.json', s);
    const next = write('new.json', withFigures(s, { achieved: 2 }));
    expect(compareCommand(['--base', base, '--new', next, '--out', join(dir, 'o')])).toBe(1);
    expect(printed.join('')).toContain('Result: 1 regression: achieved req/s');
  });

  it('exits 2 with one line on bad input, writing nothing', () => {
    const base = write('base.json', healthySummary());
    const notSummary = write('other.json', { hello: 1 });
    const out = join(dir, 'o');
    const cases: [string[], string][] = [
      [
        ['--base', base, '--new', join(dir, 'missing.json'), '--out', out],
        `report compare: ${join(dir, 'missing.json')}: no such file or folder`,
      ],
      [
        ['--base', notSummary, '--new', base, '--out', out],
        `report compare: ${notSummary}: not a poll summary (expected "schema": "claudeworld-loadtest/poll-summary")`,
      ],
      [
        ['--base', write('v9.json', { ...healthySummary(), version: 9 }), '--new', base],
        `report compare: ${join(dir, 'v9.json')}: summary version 9, but this tool reads version 2 only (run the test again with this version's dist/poll.js)`,
      ],
      [['--base', base], expect.stringMatching(/^report compare: both --base and --new/) as never],
    ];
    for (const [argv, line] of cases) {
      errors = [];
      expect(compareCommand(argv)).toBe(2);
      expect(errors).toEqual([line]);
    }
    expect(existsSync(out)).toBe(false);
  });
});
