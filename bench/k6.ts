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
// default 4000,8000; 20000 is 10,000 req/s; '' skips these rounds), BENCH_ABLATION_STEPS (how
// many of the ablation's steps to run, from the first; default all), BENCH_ABLATION (default on;
// off: dist/poll.js and the bare script only).
// Then the game model with its streams (CLIENT=game, all users in one shared world, as many
// streams as users): per user count of BENCH_GAME_USERS (default 2000,10000; '' skips), one
// round of BENCH_GAME_DURATION (default 90s; the users join over its first half, RAMP_UP): k6's
// exit code, requests, k6 CPU per request, % of the planned requests, streams held to the end,
// k6's "Request Failed" lines, lag and latency p95, peak RSS; what one user with its stream
// costs k6 in memory (the RSS slope between the smallest and the largest count); and what the
// stream alone costs (bench/hold-streams.js: k6 holding no stream, then the largest count,
// against a bare SSE server).

import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ABLATION_STEPS, buildScenarios } from '../build.mjs';
import { parseBoolean, parseDurationEnv, parseInteger } from '../lib/env';
import { runVuCount } from '../lib/plan';
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
  /**
   * k6's CPU over the load phase alone (DURATION from the script's setup log line), without
   * its start, setup, teardown and report; null when the line never came.
   */
  loadCpuSeconds: number | null;
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

/** The log line each benchmarked script prints at the end of its setup: the load starts. */
const LOAD_STARTS = /level=info msg="(Run \w+: test rooms|bench: the load starts)/;

/**
 * Runs k6 and samples its /proc usage until it exits; the last sample is the figure. With
 * `loadMs`, also k6's CPU over the `loadMs` after the script's {@link LOAD_STARTS} line.
 */
function runK6(bin: string, args: string[], loadMs?: number) {
  return new Promise<{
    code: number;
    stderr: string;
    cpuSeconds: number;
    loadCpuSeconds: number | null;
    peakRssMB: number;
  }>((done, fail) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const last = { cpuSeconds: 0, peakRssMB: 0 };
    let loadCpuSeconds: number | null = null;
    let loadTimer: NodeJS.Timeout | undefined;
    const cpuNow = () =>
      child.pid === undefined ? undefined : processUsage(child.pid)?.cpuSeconds;
    child.stderr.on('data', (chunk: Buffer) => {
      const seen = LOAD_STARTS.test(stderr);
      stderr += chunk.toString();
      if (loadMs === undefined || seen || !LOAD_STARTS.test(stderr)) return;
      const atStart = cpuNow();
      loadTimer = setTimeout(() => {
        const atEnd = cpuNow();
        if (atStart !== undefined && atEnd !== undefined) loadCpuSeconds = atEnd - atStart;
      }, loadMs);
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
      clearTimeout(loadTimer);
      done({ code: code ?? -1, stderr, ...last, loadCpuSeconds });
    });
  });
}

interface StandIn {
  child: ChildProcess;
  port: number;
}

function startServerChild(kind: 'stand-in' | 'bare-sse'): Promise<StandIn> {
  return new Promise((done, fail) => {
    const child = fork(resolve('bench/server-child.ts'), [kind], {
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
    const run = await runK6(bin, k6Args(env, bundle), parseDurationEnv(env, 'DURATION', 0));
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as PollSummaryJson;
    return {
      loadCpuSeconds: run.loadCpuSeconds,
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
    const durationMs = parseDurationEnv({ DURATION: duration }, 'DURATION', 0);
    const run = await runK6(bin, k6Args(env, 'bench/bare-poll.js'), durationMs);
    const figures = JSON.parse(readFileSync(out, 'utf8')) as {
      httpRequests: number;
      iterations: number;
      latencyP95Ms: number;
    };
    return {
      loadCpuSeconds: run.loadCpuSeconds,
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

interface GameFigures {
  users: number;
  exitCode: number;
  requests: number;
  percentOfPlan: number | null;
  held: number;
  opened: number;
  requestFailedLines: number;
  lagP95Ms: number | null;
  latencyP95Ms: number | null;
  cpuSeconds: number;
  peakRssMB: number;
}

/** VUs dist/poll.js uses for `users` game users (VUS unset). */
function gameVus(users: number): number {
  return runVuCount(parsePollConfig({ CLIENT: 'game', USERS: `${users}` }));
}

async function gameRound(bin: string, baseUrl: string, users: number, durationMs: number) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-k6-game-'));
  try {
    const env = {
      BASE_URL: baseUrl,
      PASSWORD,
      CLIENT: 'game',
      USERS: `${users}`,
      DURATION: `${durationMs}ms`,
      // Logging every user in within the model's 15 s adds 4,000 req/s of openings to the
      // steady 2,667 at 10,000 users; spread over the first half, the steady state shows.
      RAMP_UP: `${durationMs / 2}ms`,
      SUMMARY_DIR: dir,
    };
    const run = await runK6(bin, [
      'run',
      '--include-system-env-vars=false',
      ...k6Env(env),
      'dist/poll.js',
    ]);
    const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as PollSummaryJson;
    return {
      users,
      exitCode: run.code,
      requests: summary.k6Totals.httpRequests ?? 0,
      percentOfPlan: summary.loadPlan.requestsPercentOfPlan,
      held: summary.streams?.byOutcome.held ?? 0,
      opened: summary.streams?.opened ?? 0,
      requestFailedLines: countRequestFailed(run.stderr),
      lagP95Ms: summary.loadPlan.scheduleLagP95Ms,
      latencyP95Ms: summary.latency.p95Ms,
      cpuSeconds: run.cpuSeconds,
      peakRssMB: run.peakRssMB,
    } satisfies GameFigures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak RSS of k6 holding `streams` bare SSE streams over `vus` VUs (bench/hold-streams.js). */
async function holdRound(bin: string, baseUrl: string, streams: number, vus: number) {
  const run = await runK6(bin, [
    'run',
    '--include-system-env-vars=false',
    ...k6Env({ BASE_URL: baseUrl, STREAMS: `${streams}`, VUS: `${vus}`, HOLD_MS: '30000' }),
    'bench/hold-streams.js',
  ]);
  return { streams, peakRssMB: run.peakRssMB, requestFailedLines: countRequestFailed(run.stderr) };
}

function countRequestFailed(stderr: string): number {
  return stderr.split('\n').filter((l) => l.includes('Request Failed')).length;
}

async function gameRounds(bin: string, baseUrl: string): Promise<void> {
  const counts = (process.env.BENCH_GAME_USERS ?? '2000,10000')
    .split(',')
    .filter((n) => n.trim() !== '')
    .map(Number);
  if (counts.length === 0) return;
  const durationMs = parseDurationEnv(process.env, 'BENCH_GAME_DURATION', 90_000);
  console.log(
    `
CLIENT=game (one shared world, a stream per user), ${durationMs / 1000} s per round, users joining over the first half (RAMP_UP)`,
  );
  const widths = [7, 6, 10, 11, 10, 13, 7, 11, 8, 8];
  const line = (cells: (string | number)[]) =>
    cells.map((c, i) => `${c}`.padStart(widths[i] ?? 10)).join(' ');
  const ms = (v: number | null) => (v === null ? '-' : v.toFixed(1));
  console.log(
    line([
      'users',
      'exit',
      'requests',
      'CPU us/req',
      '% of plan',
      'held/opened',
      'Failed',
      'lag p95 ms',
      'p95 ms',
      'RSS MB',
    ]),
  );
  const results: GameFigures[] = [];
  for (const users of counts) {
    const r = await gameRound(bin, baseUrl, users, durationMs);
    results.push(r);
    console.log(
      line([
        r.users,
        r.exitCode,
        r.requests,
        ((r.cpuSeconds * 1e6) / Math.max(1, r.requests)).toFixed(0),
        r.percentOfPlan === null ? '-' : r.percentOfPlan.toFixed(1),
        `${r.held}/${r.opened}`,
        r.requestFailedLines,
        ms(r.lagP95Ms),
        ms(r.latencyP95Ms),
        r.peakRssMB.toFixed(0),
      ]),
    );
  }
  const first = results[0];
  const last = results[results.length - 1];
  if (first !== undefined && last !== undefined && last.users > first.users) {
    const kbPerUser = ((last.peakRssMB - first.peakRssMB) * 1024) / (last.users - first.users);
    console.log(
      `k6 memory per game user with its stream: ${kbPerUser.toFixed(1)} KB (peak RSS slope, ${first.users} -> ${last.users} users)`,
    );
  }
  console.log(`machine load average (1 min) after the game rounds: ${loadavg()[0]?.toFixed(2)}`);

  // What the stream alone costs: k6 holding bare streams and nothing else, none vs the most.
  const most = Math.max(...counts);
  const vus = gameVus(most);
  const sse = await startServerChild('bare-sse');
  try {
    const none = await holdRound(bin, `http://127.0.0.1:${sse.port}`, 0, vus);
    const all = await holdRound(bin, `http://127.0.0.1:${sse.port}`, most, vus);
    console.log(
      `k6 memory per held stream alone: ${(((all.peakRssMB - none.peakRssMB) * 1024) / most).toFixed(1)} KB ` +
        `(bench/hold-streams.js over ${vus} VUs: peak RSS ${none.peakRssMB.toFixed(0)} MB with no stream, ` +
        `${all.peakRssMB.toFixed(0)} MB with ${most}; "Request Failed" lines: ${all.requestFailedLines})`,
    );
  } finally {
    sse.child.kill();
  }
}

const microsPerRequest = (r: RunFigures) => (r.cpuSeconds * 1e6) / Math.max(1, r.httpRequests);
/**
 * k6's CPU per request over the load phase: its measured requests (or k6's, for a build that
 * counts none), the load's CPU; NaN without it.
 */
const loadMicrosPerRequest = (r: RunFigures) =>
  r.loadCpuSeconds === null
    ? Number.NaN
    : (r.loadCpuSeconds * 1e6) / Math.max(1, r.pollingRequests ?? r.httpRequests);
/** k6's CPU outside the load phase: its start, setup, teardown and report. */
const outsideLoadSeconds = (r: RunFigures) =>
  r.loadCpuSeconds === null ? Number.NaN : r.cpuSeconds - r.loadCpuSeconds;
const serverMicrosPerRequest = (r: RunFigures) =>
  (r.serverCpuSeconds * 1e6) / Math.max(1, r.httpRequests);

const COLUMNS: readonly [string, number][] = [
  ['script', 22],
  ['requests', 9],
  ['k6 us/req', 10],
  ['k6 cores', 9],
  ['load us/req', 12],
  ['rest s', 7],
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
      loadMicrosPerRequest(r).toFixed(0),
      outsideLoadSeconds(r).toFixed(2),
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

/** The least of a figure over a variant's rounds: noise only ever adds CPU. */
function leastOf(
  results: readonly RunFigures[],
  label: string,
  figure: (r: RunFigures) => number = microsPerRequest,
): number {
  return Math.min(...results.filter((r) => r.label === label).map(figure));
}
const leastMicros = (results: readonly RunFigures[], label: string) => leastOf(results, label);

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
  const whole = leastMicros(results, 'dist/poll.js');
  const loadRatio =
    leastOf(results, 'dist/poll.js', loadMicrosPerRequest) /
    leastOf(results, 'bare', loadMicrosPerRequest);
  // The whole run's CPU carries what each run pays once (start, setup, teardown, report),
  // more for a 300 KB bundle with a report than for the bare script: the load phase's is
  // what a longer run pays per request.
  console.log(
    `CPU per request, dist/poll.js / bare: ${(whole / bare).toFixed(2)}x over the whole run, ${loadRatio.toFixed(2)}x in the load phase`,
  );
  if (variants.some((v) => v.label === '- timeline')) {
    // Issue 20's budget: the time slices may cost at most 3 % of the CPU per request. They
    // cost per request in the load, and once at the end (their sub-metrics, their report).
    const without = leastMicros(results, '- timeline');
    const percent = (a: number, b: number) => (((a - b) / b) * 100).toFixed(1);
    const load = leastOf(results, 'dist/poll.js', loadMicrosPerRequest);
    const loadWithout = leastOf(results, '- timeline', loadMicrosPerRequest);
    const rest = leastOf(results, 'dist/poll.js', outsideLoadSeconds);
    const restWithout = leastOf(results, '- timeline', outsideLoadSeconds);
    console.log(
      `time slices' cost: ${percent(whole, without)} % of CPU per request over the whole run (dist/poll.js ${whole.toFixed(0)} us, without them ${without.toFixed(0)} us);`,
    );
    console.log(
      `  in the load phase ${percent(load, loadWithout)} % (${load.toFixed(0)} against ${loadWithout.toFixed(0)} us), outside it ${(rest - restWithout).toFixed(2)} s of CPU once (${rest.toFixed(2)} against ${restWithout.toFixed(2)} s: start, setup, teardown, report)`,
    );
  }
}

/** dist/poll.js, then one build per ablation step (leaving out that step and those above). */
async function variantsToRun(steps: readonly Step[], dir: string): Promise<Variant[]> {
  const variants: Variant[] = [{ label: 'dist/poll.js', bundle: 'dist/poll.js' }];
  for (let n = 1; n <= steps.length; n++) {
    const outdir = join(dir, `without-${n}`);
    await buildScenarios({ outdir, logLevel: 'warning', ablation: steps.slice(0, n) });
    variants.push({ label: `- ${steps[n - 1]}`, bundle: join(outdir, 'poll.js') });
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
  const steps = parseBoolean(env, 'BENCH_ABLATION', true)
    ? ABLATION_STEPS.slice(
        0,
        parseInteger(env, 'BENCH_ABLATION_STEPS', ABLATION_STEPS.length, {
          min: 1,
          max: ABLATION_STEPS.length,
        }),
      )
    : [];
  const scales = (env.BENCH_SCALES ?? '4000,8000')
    .split(',')
    .filter((n) => n.trim() !== '')
    .map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'bench-k6-builds-'));
  const standIn = await startServerChild('stand-in');
  try {
    const variants = await variantsToRun(steps, dir);
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
    await gameRounds(bin, `http://127.0.0.1:${standIn.port}`);
  } finally {
    standIn.child.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
