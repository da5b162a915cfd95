import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FAST, instanceSummary, SLOW } from '../../test/known-runs/merge-instances';
import { runMerge } from './merge';

let dir: string;
let stdout: string;
let stderr: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-merge-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    stderr += `${args.join(' ')}\n`;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const GATES = { cw_requests: ['count>0'], cw_latency: ['p(95)<100'] };

describe('npm run report -- merge', () => {
  it('writes the merged report and files, exit 0 when the thresholds hold', () => {
    mkdirSync(join(dir, 'runs'));
    write('runs/summary-a.json', instanceSummary(FAST));
    write(
      'runs/summary-b.json',
      instanceSummary({ ...SLOW, poll: FAST.poll, agents: FAST.agents }),
    );
    const gates = write('gates.json', GATES);
    const out = join(dir, 'merged');
    expect(runMerge(['--thresholds', gates, '--out', out, join(dir, 'runs')])).toBe(0);
    expect(stdout).toContain('Merged run run7: 2 instance(s), segments cover 100% of the test');
    expect(stdout).toContain('  Total requests:     40');
    const merged = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect([
      merged.requests.total,
      merged.instances.length,
      merged.status.thresholdsPassed,
    ]).toEqual([40, 2, true]);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('tests="2"');
  });

  it('exits 99 when a threshold fails on the merged data', () => {
    const a = write('a.json', instanceSummary(FAST));
    const b = write('b.json', instanceSummary(SLOW));
    const gates = write('gates.json', GATES);
    expect(runMerge(['--thresholds', gates, '--out', join(dir, 'm'), a, b])).toBe(99);
    expect(stdout).toContain('FAIL  cw_latency  p(95)<100');
  });

  it('exits 2 with one line naming the file on bad input', () => {
    const a = write('a.json', instanceSummary(FAST));
    const b = write('b.json', instanceSummary({ ...SLOW, runId: 'other' }));
    const notSummary = write('c.json', { hello: 1 });
    expect(runMerge([a, b])).toBe(2);
    expect(runMerge([a, notSummary])).toBe(2);
    expect(runMerge(['--colour', a])).toBe(2);
    expect(stderr).toBe(
      [
        `report merge: ${b}: RUN_ID "other", but ${a} has "run7": only the instances of one run merge`,
        `report merge: ${notSummary}: not a poll summary (expected "schema": "claudeworld-loadtest/poll-summary")`,
        'report merge: unknown option --colour; expected --out or --thresholds',
        '',
      ].join('\n'),
    );
    expect(stdout).toBe('');
  });
});
