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
  /** ms from the start to when the command itself exited (its children may print on). */
  exitedAtMs: number;
  /** ms from the start to when stdout first held `text`; undefined if it never did. */
  stdoutHeldAtMs(text: string): number | undefined;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** Sends the command one SIGINT after this long, as a Ctrl-C would. */
  interruptAfterMs?: number;
  /**
   * Runs the command in a process group of its own and sends the whole group a SIGINT at each
   * of these times, as a terminal's Ctrl-C does (npm, its shell and every child get it).
   */
  interruptGroupAtMs?: readonly number[];
  /** Like `interruptGroupAtMs`, each SIGINT `delayMs` after the output (stdout or stderr) holds its text. */
  interruptGroupOn?: readonly { after: string; delayMs?: number }[];
  /** Called with the child's pid once it runs. */
  onSpawn?: (pid: number) => void;
}

/** A process's peak resident memory so far (Linux's VmHWM), in KB; undefined elsewhere. */
function peakRssKb(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb);
  } catch {
    return undefined;
  }
}

/** Runs a command to its end (the end of its output: a child may outlive it). */
export function run(bin: string, args: string[], options: RunOptions = {}): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const startMs = Date.now();
    const grouped =
      options.interruptGroupAtMs !== undefined || options.interruptGroupOn !== undefined;
    const child = spawn(bin, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: options.env,
      detached: grouped,
    });
    if (child.pid !== undefined) options.onSpawn?.(child.pid);
    const timers = [
      ...(options.interruptAfterMs === undefined
        ? []
        : [setTimeout(() => child.kill('SIGINT'), options.interruptAfterMs)]),
      ...(options.interruptGroupAtMs ?? []).map((atMs) =>
        setTimeout(() => {
          if (child.pid !== undefined) process.kill(-child.pid, 'SIGINT');
        }, atMs),
      ),
    ];
    let stdout = '';
    let stderr = '';
    const stdoutChunks: { atMs: number; upTo: number }[] = [];
    let exitedAtMs = -1;
    const waitingFor = [...(options.interruptGroupOn ?? [])];
    const interruptOnOutput = () => {
      const next = waitingFor[0];
      if (next === undefined || !`${stdout}\n${stderr}`.includes(next.after)) return;
      waitingFor.shift();
      timers.push(
        setTimeout(() => {
          if (child.pid !== undefined && exitedAtMs === -1) process.kill(-child.pid, 'SIGINT');
        }, next.delayMs ?? 0),
      );
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      stdoutChunks.push({ atMs: Date.now() - startMs, upTo: stdout.length });
      interruptOnOutput();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      interruptOnOutput();
    });
    child.on('error', reject);
    child.on('exit', () => {
      exitedAtMs = Date.now() - startMs;
    });
    child.on('close', (code, signal) => {
      for (const timer of timers) clearTimeout(timer);
      resolve({
        code: code ?? (signal === 'SIGINT' ? 130 : -1),
        stdout,
        stderr,
        exitedAtMs,
        stdoutHeldAtMs: (text) => {
          const at = stdout.indexOf(text);
          return at === -1 ? undefined : stdoutChunks.find((c) => c.upTo >= at + text.length)?.atMs;
        },
      });
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
      | 'localIps'
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
    // A case may name its own SUMMARY_DIR (one that does not exist, say).
    const env = { BASE_URL: c.baseUrl?.(server.url) ?? server.url, SUMMARY_DIR: dir, ...c.env };
    // --address '': no REST API port, so runs side by side on one machine do not collide.
    const args = ['run', '--include-system-env-vars=false', '--address', ''];
    for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
    if (c.localIps !== undefined) args.push(`--local-ips=${c.localIps.join(',')}`);
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
    // What k6 cost: its peak memory (sampled until it exits) and when the first poll arrived.
    const spawnedAtMs = Date.now();
    let firstPollAtMs: number | undefined;
    const handle = server.core.handle.bind(server.core);
    server.core.handle = (request) => {
      if (firstPollAtMs === undefined && request.path.endsWith('/messages/poll')) {
        firstPollAtMs = Date.now();
      }
      return handle(request);
    };
    let peakKb: number | undefined;
    let sampler: NodeJS.Timeout | undefined;
    const result = await run(bin, args, {
      interruptAfterMs: c.interruptAfterMs,
      onSpawn: (pid) => {
        sampler = setInterval(() => {
          peakKb = peakRssKb(pid) ?? peakKb;
        }, 100);
      },
    });
    clearInterval(sampler);
    const files: Record<string, string> = {};
    for (const name of ['summary.json', 'junit.xml', 'samples.csv', 'summary.html']) {
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
      k6: {
        firstPollAfterMs: firstPollAtMs === undefined ? undefined : firstPollAtMs - spawnedAtMs,
        peakRssKb: peakKb,
      },
    };
  } finally {
    clearTimeout(stopTimer);
    await (stopped ?? server.close());
    rmSync(dir, { recursive: true, force: true });
  }
}
