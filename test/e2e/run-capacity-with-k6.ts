// Runs the capacity cases (dist/capacity.js) and the live-room / RAMP_UP cases (dist/poll.js)
// with a real k6 binary (K6_BIN) against the stand-in over loopback:
// `npm run test:k6:capacity`. Without K6_BIN it says so and exits 0. Not part of `npm test`.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import { CAPACITY_CASES, type CapacityCase, verifyCapacityCommon } from './capacity-cases';
import { LIVE_ROOM_CASES, REAL_K6_CHECKS } from './live-rooms-cases';
import { caseConfig, verifyCommon } from './poll-cases';
import { type PollRunOutcome, Verdict } from './poll-outcome';

function k6Run(
  bin: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

type RunnableCase = Pick<CapacityCase, 'env' | 'server'>;

async function runCase(bin: string, c: RunnableCase, bundle: string): Promise<PollRunOutcome> {
  const server = await startStandInServer({
    ...parseServerOptions(c.server),
    host: '127.0.0.1',
    port: 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'capacity-e2e-'));
  try {
    const env = { BASE_URL: server.url, ...c.env, SUMMARY_DIR: dir };
    // --address: no REST API port, so parallel runs on one machine do not collide.
    const args = ['run', '--include-system-env-vars=false', '--address', ''];
    for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
    args.push(bundle);
    const result = await k6Run(bin, args);
    const files: Record<string, string> = {};
    for (const name of ['summary.json', 'junit.xml']) {
      const text = readIfPresent(join(dir, name));
      if (text !== undefined) files[name] = text;
    }
    return {
      exitCode: result.code,
      stdout: result.stdout,
      log: result.stderr,
      files,
      stats: server.core.stats(),
      issuedApiKeys: [],
      proxiedPolls: [],
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const bin = process.env.K6_BIN;
  if (bin === undefined || bin === '') {
    console.log('test:k6:capacity: SKIPPED: set K6_BIN to a k6 binary; nothing was run.');
    return 0;
  }
  const cases = [
    ...CAPACITY_CASES.map((c) => ({
      name: c.name,
      bundle: 'dist/capacity.js',
      c,
      check: (o: PollRunOutcome, v: Verdict) => {
        verifyCapacityCommon(c, o, v);
        c.verify(o, v);
        c.verifyWithRealK6?.(o, v);
      },
    })),
    ...LIVE_ROOM_CASES.map((c) => ({
      name: c.name,
      bundle: 'dist/poll.js',
      c,
      check: (o: PollRunOutcome, v: Verdict) => {
        verifyCommon(c, o, v);
        c.verify(o, v, () => caseConfig(c));
        REAL_K6_CHECKS[c.name]?.(o, v);
      },
    })),
  ];
  let failed = 0;
  for (const { name, bundle, c, check } of cases) {
    const outcome = await runCase(bin, c, bundle);
    const verdict = new Verdict();
    check(outcome, verdict);
    if (verdict.problems.length === 0) {
      console.log(`PASS  ${name}`);
    } else {
      failed++;
      console.log(`FAIL  ${name}`);
      for (const problem of verdict.problems) console.log(`      ${problem}`);
      const table = outcome.stdout.slice(
        outcome.stdout.indexOf('Steps:'),
        outcome.stdout.indexOf('Scaling'),
      );
      console.log(
        `${table}\n      k6 stderr (last lines):\n${outcome.log.split('\n').slice(-8).join('\n')}`,
      );
    }
  }
  console.log(
    `test:k6:capacity: ${cases.length - failed} of ${cases.length} cases passed with ${bin}`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
