// `npm run poll` / `npm run ratelimit`: runs a built scenario against the stand-in server, with
// a real k6 when there is one (K6_BIN, `k6` on PATH, the k6-bin cache folder), else in the k6-like sandbox on a
// virtual clock. With BASE_URL set it targets that backend instead (real k6 only).
// k6 runs as an asynchronous child, so this process's event loop keeps serving the stand-in;
// Ctrl-C reaches k6 once (it stops gracefully, runs teardown and the summary), and the
// stand-in stops after k6 has exited.

import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { resolve } from 'node:path';
import { makeRunId } from '../lib/backend';
import { cleanupCommand } from '../lib/cleanup/select';
import { parseBoolean } from '../lib/env';
import { RequestFailedLog, relayLines } from '../lib/request-failed-log';
import { runK6Script } from '../sandbox/run-k6-script';
import { startStandInServer } from '../server/node-adapter';
import { parseServerOptions } from '../server/options';
import { runCleanupScript } from './cleanup-k6';
import { findK6, K6LookupError } from './k6-binary';
import { targetOverrides } from './target-env';

const scenario = process.argv[2];
if (scenario === undefined || !/^[a-z-]+$/.test(scenario)) {
  console.error('usage: tsx scripts/run-local.ts <scenario>   (e.g. poll, ratelimit)');
  process.exit(2);
}
const script = resolve('dist', `${scenario}.js`);
let k6Bin: string | undefined;
try {
  k6Bin = findK6()?.path;
} catch (error) {
  if (!(error instanceof K6LookupError)) throw error;
  // A K6_BIN that names no k6 is a mistake to point out, not a reason to use the sandbox.
  console.error(error.message);
  process.exit(2);
}
const env = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
);

/** The stand-in's settings: the environment, where `TARGET_X` overrides `X` (scripts/target-env.ts). */
function standInOptions(extra: Record<string, string> = {}) {
  return parseServerOptions({ ...env, ...targetOverrides(env), ...extra });
}

/** One Ctrl-C reaches this process several times (terminal, npm, tsx): a second k6 SIGINT aborts teardown. */
const REPEATED_SIGNAL_MS = 1000;

interface K6Exit {
  code: number;
  /** k6 stopped at once, before its teardown could run to the end: a second Ctrl-C, or a kill. */
  stoppedHard: boolean;
}

/** Where a Ctrl-C goes while k6 runs; nowhere in between. */
let onSignal: ((signal: NodeJS.Signals) => void) | undefined;
// One listener for the process's whole life: without any, tsx's own handler (which may relay a
// signal a second time) ends this process, and with it the listing of what a run left.
process.on('SIGINT', (signal) => onSignal?.(signal));
process.on('SIGTERM', (signal) => onSignal?.(signal));

/**
 * Runs k6 in its own process group, so the terminal's Ctrl-C reaches it only through here:
 * forwarded once per press, a burst of copies (npm and tsx relay it too) counting as one.
 */
function runK6(bin: string, k6Env: Record<string, string>): Promise<K6Exit> {
  return new Promise((resolve, reject) => {
    // k6's log (stderr) through RequestFailedLog: its "Request Failed" lines are counted after
    // the first few. On a terminal, each line ends erasing the rest of it, as k6's own does.
    const child = spawn(bin, ['run', script], {
      stdio: ['inherit', 'inherit', 'pipe'],
      env: k6Env,
      detached: true,
    });
    const failed = new RequestFailedLog();
    const eraseToEnd = process.stderr.isTTY ? '\x1b[0K' : '';
    const relay = relayLines(failed, (line) =>
      process.stderr.write(eraseToEnd === '' ? line : `${line.slice(0, -1)}${eraseToEnd}\n`),
    );
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => relay.chunk(text));
    let lastForwarded = Number.NEGATIVE_INFINITY;
    let forwarded = 0;
    onSignal = (signal) => {
      const now = Date.now();
      if (now - lastForwarded < REPEATED_SIGNAL_MS) return;
      lastForwarded = now;
      forwarded++;
      child.kill(signal);
    };
    child.on('error', (error) => {
      onSignal = undefined;
      reject(error);
    });
    child.on('close', (code, signal) => {
      onSignal = undefined;
      relay.end();
      const counted = failed.summary();
      if (counted !== null) console.error(counted);
      resolve({
        code: code ?? (signal === null ? 1 : 128 + (osConstants.signals[signal] ?? 0)),
        stoppedHard: forwarded >= 2 || signal !== null,
      });
    });
  });
}

/**
 * After k6 stopped before its teardown was done: lists what the run left (dist/cleanup.js,
 * DRY_RUN) and says how to delete it.
 */
async function reportLeftovers(bin: string, k6Env: Record<string, string>, onStandIn: boolean) {
  const runId = k6Env.RUN_ID ?? '';
  const target = k6Env.BASE_URL ?? '';
  console.error(
    `\nk6 stopped before its teardown had deleted the test rooms; what run ${runId} left on ${target}:`,
  );
  const code = await runCleanupScript(
    bin,
    { ...k6Env, DRY_RUN: 'true', OLDER_THAN: '' },
    { stdout: (text) => process.stderr.write(text), stderr: () => {} },
  );
  if (code !== 0) console.error('  (could not list them: the target did not answer as expected)');
  console.error(
    onStandIn
      ? `The stand-in stops now and takes them with it; on a real target delete them with: ${cleanupCommand(target, runId)}`
      : `Delete them with: ${cleanupCommand(target, runId)}`,
  );
}

/** NO_CLEANUP as the scripts read it; a bad value is theirs to report. */
function keepsRooms(k6Env: Record<string, string>): boolean {
  try {
    return parseBoolean(k6Env, 'NO_CLEANUP', false);
  } catch {
    return false;
  }
}

/** k6 against `k6Env.BASE_URL`; the run's RUN_ID made up here, so that its leftovers can be found. */
async function runAndCheck(bin: string, k6Env: Record<string, string>, onStandIn: boolean) {
  const withRunId: Record<string, string> = {
    ...k6Env,
    RUN_ID: k6Env.RUN_ID ?? makeRunId(Date.now(), Math.random),
  };
  const exit = await runK6(bin, withRunId);
  if (exit.stoppedHard && !keepsRooms(withRunId)) {
    await reportLeftovers(bin, withRunId, onStandIn);
  }
  return exit.code;
}

async function withRealK6(bin: string): Promise<number> {
  if (env.BASE_URL !== undefined) return runAndCheck(bin, env, false);
  const options = standInOptions({ HOST: '127.0.0.1', PORT: '0' });
  const server = await startStandInServer(options);
  console.log(`stand-in server on ${server.url}`);
  try {
    return await runAndCheck(
      bin,
      { ...env, BASE_URL: server.url, PASSWORD: env.PASSWORD ?? options.adminPassword },
      true,
    );
  } finally {
    await server.close();
  }
}

async function inSandbox(): Promise<number> {
  if (env.BASE_URL !== undefined) {
    console.error(
      `k6 not found (K6_BIN, PATH or the k6-bin cache folder): the sandbox only runs against the in-process stand-in; unset BASE_URL or install k6`,
    );
    return 2;
  }
  console.log(
    `k6 not found (K6_BIN, PATH or the k6-bin cache folder; install: https://grafana.com/docs/k6/latest/set-up/install-k6/): running ${script} in the k6-like sandbox against the in-process stand-in (virtual clock)`,
  );
  const options = standInOptions();
  const address = '127.0.0.1:8000';
  const result = await runK6Script(script, {
    env: { ...env, BASE_URL: `http://${address}`, PASSWORD: env.PASSWORD ?? options.adminPassword },
    standIn: { options, address },
  });
  const failed = new RequestFailedLog();
  for (const entry of result.logs) {
    const print = entry.level === 'error' || entry.level === 'warn' ? console.error : console.log;
    for (const line of failed.line(`${entry.level}: ${entry.message}`)) print(line);
  }
  const counted = failed.summary();
  if (counted !== null) console.error(counted);
  for (const [path, text] of Object.entries(result.outputs)) {
    if (path === 'stdout') process.stdout.write(text);
    else if (path === 'stderr') process.stderr.write(text);
    else {
      // Like k6: no folders are created, a failed file does not stop the others.
      try {
        writeFileSync(path, text);
      } catch (error) {
        console.error(`could not open ${path}: ${(error as Error).message}`);
      }
    }
  }
  return result.exitCode;
}

process.exitCode = await (k6Bin === undefined ? inSandbox() : withRealK6(k6Bin));
