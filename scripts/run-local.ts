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
import { runK6Script } from '../sandbox/run-k6-script';
import { startStandInServer } from '../server/node-adapter';
import { parseServerOptions } from '../server/options';
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

/**
 * Runs k6 in its own process group, so the terminal's Ctrl-C reaches it only through here:
 * forwarded once per press, a burst of copies (npm and tsx relay it too) counting as one.
 */
function runK6(bin: string, k6Env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['run', script], { stdio: 'inherit', env: k6Env, detached: true });
    let lastForwarded = Number.NEGATIVE_INFINITY;
    const forward = (signal: NodeJS.Signals) => {
      const now = Date.now();
      if (now - lastForwarded < REPEATED_SIGNAL_MS) return;
      lastForwarded = now;
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const stopForwarding = () => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
    };
    child.on('error', (error) => {
      stopForwarding();
      reject(error);
    });
    child.on('close', (code, signal) => {
      stopForwarding();
      resolve(code ?? (signal === null ? 1 : 128 + (osConstants.signals[signal] ?? 0)));
    });
  });
}

async function withRealK6(bin: string): Promise<number> {
  if (env.BASE_URL !== undefined) return runK6(bin, env);
  const options = standInOptions({ HOST: '127.0.0.1', PORT: '0' });
  const server = await startStandInServer(options);
  console.log(`stand-in server on ${server.url}`);
  try {
    return await runK6(bin, {
      ...env,
      BASE_URL: server.url,
      PASSWORD: env.PASSWORD ?? options.adminPassword,
    });
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
  for (const entry of result.logs) {
    (entry.level === 'error' || entry.level === 'warn' ? console.error : console.log)(
      `${entry.level}: ${entry.message}`,
    );
  }
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
