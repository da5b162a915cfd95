// Runs the poll cases with a real k6 binary (K6_BIN or `k6` on PATH) against the stand-in over
// loopback; `npm run test:k6`. Without k6 it says so and exits 0. Not part of `npm test`.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StandIn } from '../../server/core';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import { findK6 } from './find-k6';
import { caseConfig, POLL_CASES, type PollCase, verifyCommon } from './poll-cases';
import { type PollRunOutcome, Verdict } from './poll-outcome';

/** Records the API keys the stand-in issues (the adapter calls `core.handle` per request). */
function recordIssuedKeys(core: StandIn): string[] {
  const keys: string[] = [];
  const handle = core.handle.bind(core);
  core.handle = (request) => {
    const response = handle(request);
    if (request.path === '/auth/login' && response.status === 200) {
      const key = (JSON.parse(response.body) as { api_key?: unknown }).api_key;
      if (typeof key === 'string') keys.push(key);
    }
    return response;
  };
  return keys;
}

function run(
  bin: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function runCase(bin: string, c: PollCase): Promise<PollRunOutcome> {
  const server = await startStandInServer({
    ...parseServerOptions(c.server),
    host: '127.0.0.1',
    port: 0,
  });
  const issuedApiKeys = recordIssuedKeys(server.core);
  const dir = mkdtempSync(join(tmpdir(), 'poll-e2e-'));
  try {
    const env = { BASE_URL: server.url, ...c.env, SUMMARY_DIR: dir };
    const args = ['run', '--include-system-env-vars=false'];
    for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
    if (c.secrets !== undefined) {
      const secretFile = join(dir, 'secrets');
      writeFileSync(
        secretFile,
        Object.entries(c.secrets)
          .map(([k, v]) => `${k}=${v}\n`)
          .join(''),
      );
      args.push(`--secret-source=file=${secretFile}`);
    }
    args.push('dist/poll.js');
    const result = await run(bin, args);
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
      issuedApiKeys,
    };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const bin = findK6();
  if (bin === undefined) {
    console.log(
      'test:k6: SKIPPED: no k6 binary found (set K6_BIN or put k6 on PATH); nothing was run.',
    );
    return 0;
  }
  let failed = 0;
  for (const c of POLL_CASES) {
    const outcome = await runCase(bin, c);
    const verdict = new Verdict();
    verifyCommon(c, outcome, verdict);
    c.verify(outcome, verdict, caseConfig(c));
    if (verdict.problems.length === 0) {
      console.log(`PASS  ${c.name}`);
    } else {
      failed++;
      console.log(`FAIL  ${c.name}`);
      for (const problem of verdict.problems) console.log(`      ${problem}`);
      console.log(
        `      k6 stderr (last lines):\n${outcome.log.split('\n').slice(-15).join('\n')}`,
      );
    }
  }
  console.log(
    `test:k6: ${POLL_CASES.length - failed} of ${POLL_CASES.length} cases passed with ${bin}`,
  );
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
