// `npm run test:k6:all`: every real-k6 suite on each k6 version of K6_VERSIONS (default
// 1.3.0,2.2.0), each version found as K6_BIN_<major> or `k6-v<version>` in the cache folder
// (scripts/k6-binary.ts). Versions run side by side (each case has its own loopback port and
// temp folder; the runs mostly wait on their DURATIONs). Prints which versions ran and which
// were not found; a found version that is not that k6, or fails a suite, fails the run. With
// no version found it says so in one line and exits 0: `npm test` needs no k6.

import { spawn } from 'node:child_process';
import { k6CacheDir, type SuiteTarget, suiteTargets, versionProblem } from './k6-binary';

/** The real-k6 suites, in the order they run on each version: add a new suite here. */
export const REAL_K6_SUITES = [
  { name: 'test:k6', script: 'scripts/test-k6.ts' },
  { name: 'test:k6:capacity', script: 'scripts/test-k6-capacity.ts' },
  { name: 'test:k6:distributed', script: 'scripts/test-k6-distributed.ts' },
  { name: 'test:k6:prometheus', script: 'scripts/test-k6-prometheus.ts' },
  { name: 'test:k6:clients', script: 'scripts/test-k6-clients.ts' },
] as const;

interface VersionRun {
  version: string;
  log: string;
  failedSuites: string[];
}

function runSuite(script: string, k6Path: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const { K6_VERSIONS: _versions, ...env } = process.env;
    const child = spawn('node_modules/.bin/tsx', [script], {
      env: { ...env, K6_BIN: k6Path },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function runVersion(target: SuiteTarget & { found: NonNullable<SuiteTarget['found']> }) {
  const run: VersionRun = { version: target.version, log: '', failedSuites: [] };
  const problem = versionProblem(target.found, target.version);
  if (problem !== undefined) {
    run.log = `${problem}\n`;
    run.failedSuites.push('version check');
    return run;
  }
  for (const suite of REAL_K6_SUITES) {
    const { code, output } = await runSuite(suite.script, target.found.path);
    run.log += `--- ${suite.name} with k6 ${target.version} (${target.found.path}): exit ${code}\n${output}`;
    if (code !== 0) run.failedSuites.push(suite.name);
  }
  return run;
}

async function main(): Promise<number> {
  let targets: SuiteTarget[];
  try {
    targets = suiteTargets();
  } catch (error) {
    console.error(`test:k6:all: ${(error as Error).message}`);
    return 2;
  }
  const found = targets.filter(
    (t): t is SuiteTarget & { found: NonNullable<SuiteTarget['found']> } => t.found !== undefined,
  );
  const missing = targets.filter((t) => t.found === undefined).map((t) => t.version);
  if (found.length === 0) {
    console.log(
      `test:k6:all: no real k6 found for ${missing.join(', ')} (K6_BIN_<major> or ${k6CacheDir()}/k6-v<version>): skipping the real-k6 suites`,
    );
    return 0;
  }
  console.log(
    `test:k6:all: ${REAL_K6_SUITES.map((s) => s.name).join(', ')} on k6 ${found
      .map((t) => `${t.version} (${t.found.path})`)
      .join(', ')}${missing.length > 0 ? `; not found: ${missing.join(', ')}` : ''}`,
  );
  const runs = await Promise.all(found.map(runVersion));
  for (const run of runs) process.stdout.write(run.log);
  for (const run of runs) {
    console.log(
      run.failedSuites.length === 0
        ? `test:k6:all: k6 ${run.version}: every suite passed`
        : `test:k6:all: k6 ${run.version}: FAILED ${run.failedSuites.join(', ')}`,
    );
  }
  if (missing.length > 0) console.log(`test:k6:all: not run (not found): k6 ${missing.join(', ')}`);
  return runs.every((r) => r.failedSuites.length === 0) ? 0 : 1;
}

process.exitCode = await main();
