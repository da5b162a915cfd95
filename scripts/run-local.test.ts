// `npm run poll`'s choice of k6 (scripts/run-local.ts): a bad K6_BIN is an error that names it;
// no k6 at all falls back to the sandbox and says so; k6's log is relayed with its "Request
// Failed" lines counted after the first three. Runs the built dist/poll.js.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const empty = mkdtempSync(join(tmpdir(), 'run-local-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

/** run-local with only node's own folder on PATH and an empty k6-bin cache folder. */
function runLocal(env: Record<string, string>) {
  const { K6_BIN: _bin, BASE_URL: _url, ...inherited } = process.env;
  return spawnSync('node_modules/.bin/tsx', ['scripts/run-local.ts', 'poll'], {
    encoding: 'utf8',
    env: {
      ...inherited,
      PATH: dirname(process.execPath),
      XDG_CACHE_HOME: empty,
      SUMMARY_DIR: empty,
      ...env,
    },
    timeout: 60_000,
  });
}

describe('npm run poll finding k6', () => {
  it('stops in one line naming K6_BIN when it names no executable file, and sends nothing', () => {
    const missing = join(empty, 'no-such-k6');
    const result = runLocal({ K6_BIN: missing });
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toBe(
      `K6_BIN: ${JSON.stringify(missing)} is not an executable file`,
    );
    expect(result.stdout).not.toMatch(/sandbox|LOAD TEST RESULTS/);
  });

  it('falls back to the sandbox without any k6, and says so', () => {
    const result = runLocal({ USERS: '2', DURATION: '8s' });
    expect(result.stdout).toContain('k6 not found');
    expect(result.stdout).toContain('running');
    expect(result.stdout).toContain('in the k6-like sandbox');
    expect(result.stdout).toContain('LOAD TEST RESULTS');
    expect(result.status).toBe(0);
  });

  it('prints three of the "Request Failed" warnings of a run whose polls all time out, and counts the rest', () => {
    const result = runLocal({
      USERS: '10',
      POLL_INTERVAL: '1s',
      DURATION: '10s',
      TARGET_FAULT_LATENCY_MS: 'poll=1500',
    });
    const warnings = result.stderr.split('\n').filter((l) => l.startsWith('warn: Request Failed'));
    expect(warnings).toHaveLength(3);
    expect(result.stderr).toContain('More requests failed: ');
    const counted =
      /k6 logged ([\d,]+) "Request Failed" lines, 3 printed: request timeout ([\d,]+)\n/.exec(
        result.stderr,
      );
    expect(counted?.[1]).toBe(counted?.[2]);
    const inReport = /timeout \(1050 request timeout\) +([\d,]+)/.exec(result.stdout);
    expect(inReport?.[1]).toBe(counted?.[1]);
    expect(Number(counted?.[1]?.replace(/,/g, ''))).toBeGreaterThan(100);
    expect(result.status).toBe(99);
  });
});
