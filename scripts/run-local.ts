// `npm run poll` / `npm run ratelimit`: runs a built scenario against the stand-in server, with
// a real k6 when there is one (K6_BIN or `k6` on PATH), else in the k6-like sandbox on a
// virtual clock. With BASE_URL set it targets that backend instead (real k6 only).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startStandInServer } from '../server/node-adapter';
import { parseServerOptions } from '../server/options';
import { runK6Script } from '../test/sandbox/run-k6-script';

const scenario = process.argv[2];
if (scenario === undefined || !/^[a-z-]+$/.test(scenario)) {
  console.error('usage: tsx scripts/run-local.ts <scenario>   (e.g. poll, ratelimit)');
  process.exit(2);
}
const script = resolve('dist', `${scenario}.js`);
const k6Bin = process.env.K6_BIN ?? 'k6';
const hasK6 = spawnSync(k6Bin, ['version'], { stdio: 'ignore' }).status === 0;
const env = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
);

/**
 * The stand-in's settings: the environment, where `TARGET_X` overrides `X` (TARGET_PASSWORD
 * aside, which is already the stand-in's own). The scenarios read LIMIT_POLL and friends as
 * the limits they expect, so `TARGET_LIMIT_POLL=90` rehearses a server that is off.
 */
function standInOptions(extra: Record<string, string> = {}) {
  const overrides = Object.entries(env)
    .filter(([name]) => name.startsWith('TARGET_') && name !== 'TARGET_PASSWORD')
    .map(([name, value]) => [name.slice('TARGET_'.length), value]);
  return parseServerOptions({ ...env, ...Object.fromEntries(overrides), ...extra });
}

async function withRealK6(): Promise<number> {
  if (env.BASE_URL !== undefined) {
    return spawnSync(k6Bin, ['run', script], { stdio: 'inherit', env }).status ?? 1;
  }
  const options = standInOptions({ HOST: '127.0.0.1', PORT: '0' });
  const server = await startStandInServer(options);
  console.log(`stand-in server on ${server.url}`);
  try {
    const k6Env = { ...env, BASE_URL: server.url, PASSWORD: env.PASSWORD ?? options.adminPassword };
    return spawnSync(k6Bin, ['run', script], { stdio: 'inherit', env: k6Env }).status ?? 1;
  } finally {
    await server.close();
  }
}

async function inSandbox(): Promise<number> {
  if (env.BASE_URL !== undefined) {
    console.error(
      `k6 not found (K6_BIN or PATH): the sandbox only runs against the in-process stand-in; unset BASE_URL or install k6`,
    );
    return 2;
  }
  console.log(
    `k6 not found (K6_BIN or PATH): running ${script} in the k6-like sandbox against the in-process stand-in (virtual clock)`,
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

process.exitCode = await (hasK6 ? withRealK6() : inSandbox());
