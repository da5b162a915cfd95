// Runs one end-to-end case with a real k6 binary against a fresh stand-in on loopback, and
// collects what the checks read: exit code, output, summary files, the stand-in's counts.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StandIn } from '../../server/core';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import type { PollCase } from './poll-cases';
import type { PollRunOutcome } from './poll-outcome';

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

export interface ChildRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; `interruptAfterMs` sends it one SIGINT, as a Ctrl-C would. */
export function run(
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

/** The parts of a case a run needs: a capacity case has the first two only. */
export type RunnableCase = Pick<PollCase, 'env' | 'server'> &
  Partial<
    Pick<
      PollCase,
      | 'secrets'
      | 'prepareStandIn'
      | 'stopServerAfterMs'
      | 'interruptAfterMs'
      | 'rawSamples'
      | 'baseUrl'
    >
  >;

/** Runs `bundle` in k6 against a fresh stand-in on loopback, with the case's env and faults. */
export async function runCase(
  bin: string,
  c: RunnableCase,
  bundle = 'dist/poll.js',
): Promise<PollRunOutcome> {
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
    const env = { BASE_URL: c.baseUrl?.(server.url) ?? server.url, ...c.env, SUMMARY_DIR: dir };
    // --address '': no REST API port, so runs side by side on one machine do not collide.
    const args = ['run', '--include-system-env-vars=false', '--address', ''];
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
    if (c.rawSamples === true) args.push('--out', `csv=${join(dir, 'samples.csv')}`);
    args.push(bundle);
    const result = await run(bin, args, { interruptAfterMs: c.interruptAfterMs });
    const files: Record<string, string> = {};
    for (const name of ['summary.json', 'junit.xml', 'samples.csv']) {
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
