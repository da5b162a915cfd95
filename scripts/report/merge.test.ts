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
      merged.merged.instances.length,
      merged.status.thresholdsPassed,
    ]).toEqual([40, 2, true]);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('tests="3"');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      `Summary files: ${out}/summary.json, ${out}/summary.html and ${out}/junit.xml`,
    );
  });

  it("writes into merged/ by default, evaluating the instances' own thresholds", () => {
    write('a.json', instanceSummary(FAST));
    write('b.json', instanceSummary({ ...SLOW, poll: FAST.poll, agents: FAST.agents }));
    expect(runMerge(['a.json', 'b.json'], dir)).toBe(0);
    const merged = JSON.parse(readFileSync(join(dir, 'merged', 'summary.json'), 'utf8'));
    expect(merged.config.summaryDir).toBe('merged');
    expect(merged.thresholds.map((t: { metric: string }) => t.metric)).toEqual([
      'cw_latency',
      'http_req_duration',
    ]);
  });

  it('exits 3, saying which, when a segment has no summary or an instance sent nothing', () => {
    const a = write('a.json', instanceSummary(FAST));
    const idle = write('b.json', instanceSummary({ ...SLOW, poll: [], agents: [] }));
    expect(runMerge(['--out', join(dir, 'm'), a])).toBe(3);
    expect(stdout).toContain('Incomplete run: no summary of segment 1/2:1');
    stdout = '';
    expect(runMerge(['--out', join(dir, 'm'), a, idle])).toBe(3);
    expect(stdout).toContain(`Incomplete run: ${idle} (segment 1/2:1) sent no polling request`);
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
    const older = write('d.json', { ...instanceSummary(SLOW), version: 1 });
    expect(runMerge([a, b])).toBe(2);
    expect(runMerge([a, notSummary])).toBe(2);
    expect(runMerge([a, older])).toBe(2);
    expect(runMerge(['--colour', a])).toBe(2);
    expect(stderr).toBe(
      [
        `report merge: ${b}: RUN_ID "other", but ${a} has "run7": only the instances of one run merge`,
        `report merge: ${notSummary}: not a poll summary (expected "schema": "claudeworld-loadtest/poll-summary")`,
        `report merge: ${older}: summary version 1, but this tool reads version 2 only (run the test again with this version's dist/poll.js)`,
        'report merge: unknown option --colour; expected --out or --thresholds',
        '',
      ].join('\n'),
    );
    expect(stdout).toBe('');
  });
});
