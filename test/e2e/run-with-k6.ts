// Runs the poll cases with a real k6 binary (K6_BIN or `k6` on PATH) against the stand-in over
// loopback, and the README's local commands; `npm run test:k6`. Without k6 it says so and
// exits 0. Not part of `npm test`.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findK6 } from '../../scripts/k6-binary';
import type { StandIn } from '../../server/core';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import { DISTRIBUTED_CASE_NAME, runDistributedCase } from './distributed';
import {
  LOCAL_ADMIN_PASSWORD,
  LOCAL_COMMAND_CASES,
  type LocalCommandCase,
  verifyLocalCommon,
} from './local-command-cases';
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

interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; `interruptAfterMs` sends it one SIGINT, as a Ctrl-C would. */
function run(
  bin: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; interruptAfterMs?: number } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env });
    const interrupt =
      options.interruptAfterMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(interrupt);
      resolve({ code: code ?? -1, stdout, stderr });
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

async function runCase(bin: string, c: PollCase): Promise<PollRunOutcome> {
  const server = await startStandInServer({
    ...parseServerOptions(c.server),
    host: '127.0.0.1',
    port: 0,
  });
  const proxiedPolls = c.prepareStandIn?.(server.core) ?? [];
  const issuedApiKeys = recordIssuedKeys(server.core);
  const dir = mkdtempSync(join(tmpdir(), 'poll-e2e-'));
  let stopped: Promise<void> | undefined;
  const stopTimer =
    c.stopServerAfterMs === undefined
      ? undefined
      : setTimeout(() => {
          stopped = server.close();
        }, c.stopServerAfterMs);
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
    const result = await run(bin, args, { interruptAfterMs: c.interruptAfterMs });
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
      proxiedPolls,
    };
  } finally {
    clearTimeout(stopTimer);
    await (stopped ?? server.close());
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `tsx scripts/run-local.ts <scenario>` as `npm run <scenario>` runs it, with this k6. */
function runLocalCommand(bin: string, c: LocalCommandCase, summaryDir: string): Promise<ChildRun> {
  const { BASE_URL: _target, PASSWORD: _password, ...inherited } = process.env;
  return run('node_modules/.bin/tsx', ['scripts/run-local.ts', c.scenario], {
    env: {
      ...inherited,
      K6_BIN: bin,
      TARGET_PASSWORD: LOCAL_ADMIN_PASSWORD,
      SUMMARY_DIR: summaryDir,
      ...c.env,
    },
    interruptAfterMs: c.interruptAfterMs,
  });
}

/** Prints a case's verdict; true when it passed. */
function report(name: string, verdict: Verdict, log: string): boolean {
  if (verdict.problems.length === 0) {
    console.log(`PASS  ${name}`);
    return true;
  }
  console.log(`FAIL  ${name}`);
  for (const problem of verdict.problems) console.log(`      ${problem}`);
  console.log(`      k6 stderr (last lines):\n${log.split('\n').slice(-15).join('\n')}`);
  return false;
}

async function main(): Promise<number> {
  const bin = findK6();
  if (bin === undefined) {
    console.log(
      'test:k6: SKIPPED: no k6 binary found (set K6_BIN or put k6 on PATH); nothing was run.',
    );
    return 0;
  }
  // `npm run test:k6 -- <text>` runs only the cases whose name contains the text.
  const only = process.argv[2] ?? '';
  const pollCases = POLL_CASES.filter((c) => c.name.includes(only));
  const localCases = LOCAL_COMMAND_CASES.filter((c) => c.name.includes(only));
  let passed = 0;
  for (const c of pollCases) {
    const outcome = await runCase(bin, c);
    const verdict = new Verdict();
    verifyCommon(c, outcome, verdict);
    c.verify(outcome, verdict, () => caseConfig(c));
    if (report(c.name, verdict, outcome.log)) passed++;
  }
  for (const c of localCases) {
    const dir = mkdtempSync(join(tmpdir(), 'local-e2e-'));
    try {
      const output = await runLocalCommand(bin, c, dir);
      const verdict = new Verdict();
      verifyLocalCommon(c, output, verdict);
      c.verify(output, verdict);
      if (report(c.name, verdict, output.stderr)) passed++;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const runDistributed = DISTRIBUTED_CASE_NAME.includes(only);
  if (runDistributed && (await runDistributedCase(bin))) passed++;
  const total = pollCases.length + localCases.length + (runDistributed ? 1 : 0);
  console.log(`test:k6: ${passed} of ${total} cases passed with ${bin}`);
  return passed === total ? 0 : 1;
}

process.exitCode = await main();
