// `npm run bench:k6`: what dist/poll.js costs in a real k6, against a bare k6 script sending
// the same requests at the same planned rate (bench/bare-poll.js), and what each step of its
// per-request path costs (the ablation: dist/poll.js built again with steps left out, one
// more each time; build.mjs ABLATION_STEPS). Starts the stand-in with rate limits off on
// loopback and runs every script once per round, rounds one after the other, at 2,000 and
// 4,000 req/s; prints per run: requests, k6 CPU per request ((user + sys) / http_reqs), the
// stand-in's CPU per request, both as cores, achieved % of plan, schedule lag p95, latency p95,
// k6 peak RSS and the load average; then per scale the least CPU per request of the rounds
// per script, and the ratio to the bare script. A benchmark: it gates nothing. Without a k6
// (K6_BIN, PATH or the k6-bin cache folder) it says so and exits 0.
// Env: K6_BIN, BENCH_DURATION (default 30s), BENCH_ROUNDS (default 2), BENCH_SCALES (users,
// default 4000,8000; 20000 is 10,000 req/s), BENCH_ABLATION (default on; off: dist/poll.js and
// the bare script only).

import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ABLATION_STEPS, buildScenarios } from '../build.mjs';
import { parseBoolean, parseDurationEnv, parseInteger } from '../lib/env';
import { parsePollConfig } from '../lib/poll/config';
import {
  plannedRequestCount,
  plannedRequestsPerSecond,
  requestsPerPoll,
} from '../lib/poll/load-model';
import type { PollSummaryJson } from '../lib/poll/summary-schema';
import { k6OrSkip } from '../scripts/k6-binary';

const PASSWORD = 'loadtest';
const POLL_INTERVAL_MS = 4000;
/** Linux clock ticks per second (USER_HZ), the unit of utime and stime in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

type Step = (typeof ABLATION_STEPS)[number];

/** A script of the comparison: dist/poll.js, an ablation build of it, or the bare script. */
interface Variant {
  /** As printed: `dist/poll.js`, `- latency` (that step and the ones above it left out), `bare`. */
  label: string;
  /** The bundle, for dist/poll.js and its ablation builds. */
  bundle?: string;
}

interface RunFigures {
  label: string;
  httpRequests: number;
  /** Null for an ablation build that counts nothing (its tally left out). */
  pollingRequests: number | null;
  plannedRequests: number;
  wallSeconds: number;
  cpuSeconds: number;
  serverCpuSeconds: number;
  peakRssMB: number;
  scheduleLagP95Ms: number | null;
  latencyP95Ms: number | null;
  loadAverage: number;
}

/** CPU seconds (user + sys, all threads) and peak RSS in MB of a live process, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; peakRssMB: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds: ticks / CLOCK_TICKS_PER_SECOND, peakRssMB: hwmKb / 1024 };
  } catch {
    return undefined;
  }
}

/** Runs k6 and samples its /proc usage until it exits; the last sample is the figure. */
function runK6(bin: string, args: string[]) {
  return new Promise<{ code: number; stderr: string; cpuSeconds: number; peakRssMB: number }>(
    (done, fail) => {
      const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const last = { cpuSeconds: 0, peakRssMB: 0 };
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const sample = () => {
        // An exited process keeps its CPU times in /proc until reaped, but no longer its memory.
        const usage = child.pid === undefined ? undefined : processUsage(child.pid);
        if (usage === undefined) return;
        last.cpuSeconds = Math.max(last.cpuSeconds, usage.cpuSeconds);
        last.peakRssMB = Math.max(last.peakRssMB, usage.peakRssMB);
      };
      const timer = setInterval(sample, 100);
      // Read once more when stdio closes, just before the process is reaped.
      child.on('exit', sample);
      child.on('error', fail);
      child.on('close', (code) => {
        clearInterval(timer);
        done({ code: code ?? -1, stderr, ...last });
      });
    },
  );
}

interface StandIn {
  child: ChildProcess;
  port: number;
}

function startStandIn(): Promise<StandIn> {
  return new Promise((done, fail) => {
    const child = fork(resolve('bench/server-child.ts'), ['stand-in'], {
      execArgv: ['--import', 'tsx'],
    });
    child.once('message', (message: { port: number }) => done({ child, port: message.port }));
    child.once('error', fail);
  });
}

/** The stand-in's CPU time so far, in seconds (bench/server-child.ts answers `cpu`). */
function standInCpuSeconds({ child }: StandIn): Promise<number> {
  return new Promise((done) => {
    child.once('message', (message: { cpuMicros: number }) => done(message.cpuMicros / 1e6));
    child.send('cpu');
  });
}

function k6Env(env: Record<string, string>): string[] {
  return Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
}

function k6Args(env: Record<string, string>, script: string): string[] {
  // --address '': no REST API port, so runs side by side on one machine do not collide.
  return ['run', '--include-system-env-vars=false', '--address', '', ...k6Env(env), script];
}

type Measured = Omit<RunFigures, 'label' | 'serverCpuSeconds' | 'wallSeconds' | 'loadAverage'>;

async function pollRun(bin: string, bundle: string, baseUrl: string, users: number, d: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-k6-'));
  try {
    const env = {
      BASE_URL: baseUrl,
      PASSWORD,
      USERS: `${users}`,
      ROOMS: '1',
      DURATION: d,
      POLL_INTERVAL: `${POLL_INTERVAL_MS}ms`,
      SUMMARY_DIR: dir,
    };
    const run = await runK6(bin, k6Args(env, bundle));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as PollSummaryJson;
    return {
      httpRequests: summary.k6Totals.httpRequests ?? 0,
      pollingRequests: summary.requests.total > 0 ? summary.requests.total : null,
      plannedRequests: plannedRequestCount(parsePollConfig(env)),
      cpuSeconds: run.cpuSeconds,
      peakRssMB: run.peakRssMB,
      scheduleLagP95Ms: summary.loadPlan.scheduleLagP95Ms,
      latencyP95Ms: summary.latency.p95Ms,
    } satisfies Measured;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function bareRun(bin: string, baseUrl: string, users: number, duration: string) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-k6-'));
  try {
    const out = join(dir, 'bare.json');
    const env = {
      BASE_URL: baseUrl,
      PASSWORD,
      USERS: `${users}`,
      POLL_INTERVAL_MS: `${POLL_INTERVAL_MS}`,
      DURATION: duration,
      BENCH_OUT: out,
    };
    const run = await runK6(bin, k6Args(env, 'bench/bare-poll.js'));
    const figures = JSON.parse(readFileSync(out, 'utf8')) as {
      httpRequests: number;
      iterations: number;
      latencyP95Ms: number;
    };
    const durationMs = parseDurationEnv({ DURATION: duration }, 'DURATION', 0);
    return {
      httpRequests: figures.httpRequests,
      // One iteration of the bare script is one user's poll of its one room.
      pollingRequests: figures.iterations * requestsPerPoll({ rooms: 1 }),
      plannedRequests:
        Math.round((users * durationMs) / POLL_INTERVAL_MS) * requestsPerPoll({ rooms: 1 }),
      cpuSeconds: run.cpuSeconds,
      peakRssMB: run.peakRssMB,
      scheduleLagP95Ms: null,
      latencyP95Ms: figures.latencyP95Ms,
    } satisfies Measured;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One run of a variant, with the stand-in's CPU over it and the load average after it. */
async function measure(
  bin: string,
  variant: Variant,
  standIn: StandIn,
  users: number,
  duration: string,
): Promise<RunFigures> {
  const baseUrl = `http://127.0.0.1:${standIn.port}`;
  const serverBefore = await standInCpuSeconds(standIn);
  const started = Date.now();
  const measured =
    variant.bundle === undefined
      ? await bareRun(bin, baseUrl, users, duration)
      : await pollRun(bin, variant.bundle, baseUrl, users, duration);
  return {
    label: variant.label,
    ...measured,
    wallSeconds: (Date.now() - started) / 1000,
    serverCpuSeconds: (await standInCpuSeconds(standIn)) - serverBefore,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const microsPerRequest = (r: RunFigures) => (r.cpuSeconds * 1e6) / Math.max(1, r.httpRequests);
const serverMicrosPerRequest = (r: RunFigures) =>
  (r.serverCpuSeconds * 1e6) / Math.max(1, r.httpRequests);

const COLUMNS: readonly [string, number][] = [
  ['script', 22],
  ['requests', 9],
  ['k6 us/req', 10],
  ['k6 cores', 9],
  ['stand-in us/req', 16],
  ['stand-in cores', 15],
  ['achieved %', 11],
  ['lag p95 ms', 11],
  ['p95 ms', 7],
  ['RSS MB', 7],
  ['load', 6],
];

function row(cells: (string | number)[]): string {
  return cells
    .map((c, i) => {
      const width = COLUMNS[i]?.[1] ?? 10;
      return i === 0 ? `${c}`.padEnd(width) : `${c}`.padStart(width);
    })
    .join(' ');
}

function printRun(r: RunFigures): void {
  const ms = (v: number | null) => (v === null ? '-' : v.toFixed(1));
  console.log(
    row([
      r.label,
      r.httpRequests,
      microsPerRequest(r).toFixed(0),
      (r.cpuSeconds / r.wallSeconds).toFixed(2),
      serverMicrosPerRequest(r).toFixed(0),
      (r.serverCpuSeconds / r.wallSeconds).toFixed(2),
      r.pollingRequests === null ? '-' : ((r.pollingRequests * 100) / r.plannedRequests).toFixed(1),
      ms(r.scheduleLagP95Ms),
      ms(r.latencyP95Ms),
      r.peakRssMB.toFixed(0),
      r.loadAverage.toFixed(2),
    ]),
  );
}

/** The least k6 CPU per request of a variant's rounds: noise only ever adds CPU. */
function leastMicros(results: readonly RunFigures[], label: string): number {
  return Math.min(...results.filter((r) => r.label === label).map(microsPerRequest));
}

/** Per variant, the least of the rounds, the step it leaves out, and the ratio to bare. */
function printScaleSummary(variants: readonly Variant[], results: readonly RunFigures[]): void {
  const bare = leastMicros(results, 'bare');
  console.log('least k6 CPU per request of the rounds (the ablation: each line leaves out one');
  console.log('more step of the per-request path than the line above):');
  let previous: number | undefined;
  for (const variant of variants) {
    const least = leastMicros(results, variant.label);
    const step =
      previous === undefined || variant.bundle === undefined
        ? ''
        : `  (the step: ${(previous - least).toFixed(0)} us)`;
    console.log(
      `  ${variant.label.padEnd(22)} ${least.toFixed(0).padStart(5)} us  ${(least / bare).toFixed(2)}x bare${step}`,
    );
    previous = least;
  }
  console.log(
    `CPU per request, dist/poll.js / bare: ${(leastMicros(results, 'dist/poll.js') / bare).toFixed(2)}x`,
  );
}

/** dist/poll.js, then one build per ablation step (leaving out that step and those above). */
async function variantsToRun(withAblation: boolean, dir: string): Promise<Variant[]> {
  const variants: Variant[] = [{ label: 'dist/poll.js', bundle: 'dist/poll.js' }];
  if (withAblation) {
    const off: Step[] = [];
    for (const step of ABLATION_STEPS) {
      off.push(step);
      const outdir = join(dir, `without-${off.length}`);
      await buildScenarios({ outdir, logLevel: 'warning', ablation: [...off] });
      variants.push({ label: `- ${step}`, bundle: join(outdir, 'poll.js') });
    }
  }
  variants.push({ label: 'bare' });
  return variants;
}

async function k6Version(bin: string): Promise<string> {
  return new Promise<string>((done) => {
    const child = spawn(bin, ['version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => {
      text += c.toString();
    });
    child.on('close', () => done(text.trim()));
  });
}

async function main(): Promise<void> {
  const bin = k6OrSkip('bench:k6');
  if (bin === undefined) return;
  const env = process.env;
  const durationMs = parseDurationEnv(env, 'BENCH_DURATION', 30_000, { minMs: 5000 });
  const duration = `${durationMs}ms`;
  const rounds = parseInteger(env, 'BENCH_ROUNDS', 2, { max: 20 });
  const withAblation = parseBoolean(env, 'BENCH_ABLATION', true);
  const scales = (env.BENCH_SCALES ?? '4000,8000').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'bench-k6-builds-'));
  const standIn = await startStandIn();
  try {
    const variants = await variantsToRun(withAblation, dir);
    console.log(
      `bench:k6: ${await k6Version(bin)}; ${durationMs / 1000} s per run, ${rounds} rounds of ${variants.length} scripts per scale`,
    );
    console.log(
      `machine: ${cpus().length} cores, load average (1 min) ${loadavg()[0]?.toFixed(2)} before the runs ` +
        '(other work on the machine skews absolute figures; compare within one run)',
    );
    for (const users of scales) {
      const planned = plannedRequestsPerSecond({
        users,
        rooms: 1,
        pollIntervalMs: POLL_INTERVAL_MS,
      });
      console.log(`\nUSERS=${users} ROOMS=1 POLL_INTERVAL=4s: ${planned} req/s planned`);
      console.log(row(COLUMNS.map(([name]) => name)));
      const results: RunFigures[] = [];
      for (let round = 0; round < rounds; round++) {
        for (const variant of variants) {
          const result = await measure(bin, variant, standIn, users, duration);
          results.push(result);
          printRun(result);
        }
      }
      console.log(`machine load average (1 min) after this scale: ${loadavg()[0]?.toFixed(2)}`);
      printScaleSummary(variants, results);
    }
  } finally {
    standIn.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
