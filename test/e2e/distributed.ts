// A distributed run rehearsed on one machine, as k6-operator runs it: the stand-in on loopback
// (optionally with the real backend's room-name race), then N real k6 processes of dist/poll.js
// started together, with execution segments, one RUN_ID and distinct source addresses
// (127.0.0.2 ...). Each instance's report must be of its own share, the rooms created once and
// polled by all, and the merged report true figure by figure: its counts equal to the
// stand-in's /_stats, its percentiles within 1 % of those over every raw sample (`--out csv`).
// Used by `npm run rehearse:distributed` and by `npm run test:k6:distributed`.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { equalSegments } from '../../lib/distributed';
import { sameSegment } from '../../lib/execution-segments';
import { parsePollConfig } from '../../lib/poll/config';
import { plannedRequestCount } from '../../lib/poll/load-model';
import { mergePollSummaries } from '../../lib/poll/merge';
import { quantileAt } from '../../lib/quantiles';
import { mergeExitCode, mergeOutput } from '../../scripts/report/merge';
import { loadPollSummaries } from '../../scripts/report/summary-input';
import type { StandIn } from '../../server/core';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import { exactPercentile, samplesOf } from './raw-samples';

export interface RehearsalOptions {
  k6Bin: string;
  runners: number;
  /** The scenario's env (USERS, DURATION, ...); BASE_URL, PASSWORD, RUN_ID, SUMMARY_DIR are set here. */
  env: Record<string, string>;
  /** The stand-in's settings, e.g. FAULT_ROOM_NAME_RACE. */
  serverEnv?: Record<string, string>;
  /** Where to keep the files (instances/, merged/); default a temporary folder, deleted after. */
  outDir?: string;
  /** Print each instance's k6 output as it comes. */
  echo?: boolean;
}

export interface RehearsalResult {
  /** What failed; empty when the run is correct. */
  problems: string[];
  /** The merged report and the check figures, for printing. */
  report: string;
  checks: string[];
  /** Where the files are, when kept. */
  outDir: string | undefined;
}

function runK6(bin: string, args: string[], echo: boolean): Promise<{ code: number; log: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      if (echo) process.stderr.write(chunk);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, log }));
  });
}

const PERCENTILES = [50, 95, 99];
/** The issue's accuracy bound for merged percentiles, relative. */
const TOLERANCE = 0.01;

export async function rehearseDistributed(o: RehearsalOptions): Promise<RehearsalResult> {
  const serverOptions = parseServerOptions(o.serverEnv ?? {});
  const server = await startStandInServer({ ...serverOptions, host: '127.0.0.1', port: 0 });
  const runId = `rehearsal-${Date.now().toString(36)}`;
  const dir =
    o.outDir === undefined ? mkdtempSync(join(tmpdir(), 'distributed-')) : join(o.outDir, runId);
  const instancesDir = join(dir, 'instances');
  const mergedDir = join(dir, 'merged');
  mkdirSync(instancesDir, { recursive: true });
  const problems: string[] = [];
  const checks: string[] = [];
  const expect = (ok: boolean, line: string) => {
    checks.push(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
    if (!ok) problems.push(line);
  };
  const env: Record<string, string> = {
    ...o.env,
    BASE_URL: server.url,
    PASSWORD: serverOptions.adminPassword,
    RUN_ID: runId,
    SUMMARY_DIR: instancesDir,
  };
  try {
    const { segments, sequence } = equalSegments(o.runners);
    // Started together, as k6-operator's starter does: the rooms race if two instances create.
    const runs = await Promise.all(
      segments.map((segment, i) => {
        const args = ['run', '--include-system-env-vars=false', '--quiet'];
        for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
        args.push(
          '--execution-segment',
          segment,
          '--execution-segment-sequence',
          sequence,
          '--local-ips',
          `127.0.0.${i + 2}`,
          '--out',
          `csv=${join(instancesDir, `samples-${i}.csv`)}`,
          'dist/poll.js',
        );
        return runK6(o.k6Bin, args, o.echo ?? false);
      }),
    );
    runs.forEach((r, i) => {
      checks.push(`instance ${segments[i]} (127.0.0.${i + 2}): k6 exit ${r.code}`);
      if (r.code !== 0 && r.code !== 99) {
        problems.push(
          `instance ${segments[i]} exited ${r.code}:\n${r.log.split('\n').slice(-12).join('\n')}`,
        );
      }
    });
    if (problems.length > 0) return { problems, report: '', checks, outDir: o.outDir && dir };

    const loaded = loadPollSummaries([instancesDir]);
    expect(loaded.length === o.runners, `${loaded.length} summaries for ${o.runners} instances`);
    const result = mergePollSummaries(
      loaded.map((l) => ({ file: l.path, summary: l.summary })),
      { summaryDir: mergedDir },
    );
    const output = mergeOutput(result, mergedDir);
    mkdirSync(mergedDir, { recursive: true });
    for (const [path, content] of Object.entries(output.files)) writeFileSync(path, content);
    const f = result.figures;
    const exit = mergeExitCode(result);
    expect(
      exit === (f.status.thresholdsPassed ? 0 : 99),
      `the merge exits ${exit}: complete, and as its thresholds say (0 passed, 99 failed)`,
    );

    const stats = server.core.stats();
    const config = parsePollConfig(env);
    const planned = plannedRequestCount(config);

    // Every instance sent its own share, all of it, and said so in its own report.
    const instances = f.merged?.instances ?? [];
    for (const [i, instance] of instances.entries()) {
      const ran = segments.findIndex((s) => sameSegment(s, instance.executionSegment ?? ''));
      const log = runs[ran]?.log ?? '';
      expect(
        instance.requests > 0 && instance.requests === instance.plannedRequests,
        `${instance.executionSegment}: sent ${instance.requests} of its share's ${instance.plannedRequests} planned requests (${instance.users} users)`,
      );
      const summary = loaded[i]?.summary;
      expect(
        summary?.loadPlan.requestsPercentOfPlan === 100 &&
          summary.loadPlan.generatorFellBehind === false,
        `${instance.executionSegment}: its report says ${summary?.loadPlan.requestsPercentOfPlan}% of its plan sent, achieved ${summary?.loadPlan.achievedPercentOfPlan?.toFixed(1)}% of its planned rate`,
      );
      expect(
        log.includes(`Share of the test:  ${instance.users} of ${config.users} users`) &&
          log.includes(
            `Whole test: npm run report -- merge ${instancesDir}/summary-${runId}-*.json`,
          ),
        `${instance.executionSegment}: its report names its share and the merge command`,
      );
    }
    expect(
      instances.reduce((n, i) => n + i.plannedRequests, 0) === planned,
      `the instances' shares add up to the whole test's plan (${planned} requests)`,
    );
    expect(
      f.requests.total === planned,
      `merged requests ${f.requests.total} = planned for the whole test ${planned}`,
    );

    // The merged counts are the server's.
    for (const e of f.endpoints) {
      const seen = stats.endpoints[`GET ${e.pathTemplate}`];
      expect(
        seen?.requests === e.requests,
        `${e.endpoint}: merged ${e.requests} requests = stand-in /_stats ${seen?.requests ?? 0}`,
      );
      const seen429 = seen?.statuses['429'] ?? 0;
      expect(
        seen429 === e.rateLimited,
        `${e.endpoint}: merged 429s ${e.rateLimited} = stand-in ${seen429}`,
      );
      expect(
        (seen?.statuses['404'] ?? 0) === 0,
        `${e.endpoint}: no 404 (no room deleted under a poller)`,
      );
      for (const room of e.rooms ?? []) {
        const served = stats.paths[`GET ${room.path}`]?.requests ?? 0;
        expect(
          served === room.requests,
          `${room.path}: merged ${room.requests} = stand-in /_stats ${served}`,
        );
      }
    }
    expect(
      f.k6Totals.httpRequests === stats.requests,
      `merged http_reqs ${f.k6Totals.httpRequests} = every request the stand-in saw ${stats.requests}`,
    );

    // One set of rooms: created by one instance, polled by all.
    const pollPaths = Object.keys(stats.paths).filter((p) => p.endsWith('/messages/poll'));
    expect(
      pollPaths.length === f.config.roomCount,
      `all instances polled the same ${f.config.roomCount} room(s): ${pollPaths.join(', ')}`,
    );
    const roomIds = loaded.map((l) =>
      l.summary.measured.instances[0]?.rooms.map((r) => r.roomId).join(','),
    );
    expect(
      new Set(roomIds).size === 1,
      `every instance's summary names the same room ids (${roomIds.join(' / ')})`,
    );
    const created = stats.endpoints['POST /rooms']?.statuses['200'] ?? 0;
    expect(
      created === f.config.roomCount + o.runners,
      `${created} rooms created = ${f.config.roomCount} test rooms once + ${o.runners} stop markers`,
    );
    const creators = runs.filter((r) => /\d+ created by this instance/.test(r.log)).length;
    expect(
      creators === 1,
      `${creators} instance(s) created the rooms (the one whose segment starts at 0)`,
    );
    const left = JSON.parse(
      server.core.handle({
        method: 'GET',
        path: '/rooms',
        query: '',
        headers: { 'x-api-key': loginKey(server.core, serverOptions.adminPassword) },
        body: '',
        clientIp: '127.0.0.1',
      }).body,
    ) as unknown[];
    expect(left.length === 0, `no room left on the stand-in (${left.length})`);

    // Percentiles of all samples, not of the instances'.
    const raw = segments.flatMap((_, i) =>
      samplesOf(readFileSync(join(instancesDir, `samples-${i}.csv`), 'utf8'), 'cw_latency'),
    );
    const groups = [
      { label: 'all', values: raw.map((s) => s.value), merged: f.latencyDistribution },
      ...f.endpoints.map((e) => ({
        label: e.endpoint,
        values: raw.filter((s) => s.tags.endpoint === e.endpoint).map((s) => s.value),
        merged: e.latencyDistribution,
      })),
    ];
    for (const g of groups) {
      expect(
        g.merged?.count === g.values.length,
        `${g.label}: ${g.values.length} raw latency samples = merged count ${g.merged?.count}`,
      );
      for (const p of PERCENTILES) {
        const truth = exactPercentile(g.values, p);
        const merged = g.merged === null ? Number.NaN : quantileAt(g.merged, p);
        const error = Math.abs(merged - truth) / truth;
        expect(
          error <= TOLERANCE,
          `${g.label} p${p}: merged ${merged.toFixed(3)} ms vs all samples ${truth.toFixed(3)} ms (${(error * 100).toFixed(3)} % off)`,
        );
      }
    }
    expect(
      !output.text.includes('SUMMARY_DIR must exist') &&
        output.text
          .trimEnd()
          .endsWith(
            `Summary files: ${mergedDir}/summary.json, ${mergedDir}/summary.html and ${mergedDir}/junit.xml`,
          ),
      `the merged report names its own files, in ${mergedDir}`,
    );
    return { problems, report: output.text, checks, outDir: o.outDir && dir };
  } finally {
    await server.close();
    if (o.outDir === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** An admin API key straight from the stand-in core, to look at what is left. */
function loginKey(core: StandIn, password: string): string {
  const response = core.handle({
    method: 'POST',
    path: '/auth/login',
    query: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password }),
    clientIp: '127.0.0.1',
  });
  return (JSON.parse(response.body) as { api_key: string }).api_key;
}

/** Two instances of a run whose VUS leave the second segment without a VU. */
async function runVuLessSegment(k6Bin: string): Promise<string[]> {
  const serverOptions = parseServerOptions({});
  const server = await startStandInServer({ ...serverOptions, host: '127.0.0.1', port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'distributed-vus-'));
  try {
    const { segments, sequence } = equalSegments(2);
    const runs = await Promise.all(
      segments.map((segment) => {
        const env = {
          BASE_URL: server.url,
          PASSWORD: serverOptions.adminPassword,
          RUN_ID: 'vuless',
          SUMMARY_DIR: dir,
          USERS: '4',
          VUS: '1',
          DURATION: '5s',
        };
        const args = ['run', '--include-system-env-vars=false', '--quiet'];
        for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
        args.push('--execution-segment', segment, '--execution-segment-sequence', sequence);
        return runK6(k6Bin, [...args, 'dist/poll.js'], false);
      }),
    );
    const line =
      'VUS=1 leaves segment 1/2:1 of 0,1/2,1 without a VU (k6 splits the VUs over the segments), so that instance would send nothing: set VUS to at least 2';
    const problems: string[] = [];
    runs.forEach((r, i) => {
      if (r.code !== 108) problems.push(`instance ${segments[i]} exited ${r.code}, not 108`);
      if (!r.log.includes(line)) {
        problems.push(
          `instance ${segments[i]} did not say: ${line}\n${r.log.split('\n').slice(-8).join('\n')}`,
        );
      }
    });
    const requests = server.core.stats().requests;
    if (requests !== 0) problems.push(`the stand-in got ${requests} requests, not 0`);
    return problems;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface DistributedCase {
  name: string;
  run(k6Bin: string): Promise<string[]>;
}

/** The real backend's room-name race, wide enough that instances creating at once both would. */
const NAME_RACE = { FAULT_ROOM_NAME_RACE: '1500' };

/** A 20 s run of 8 users sharing 2 rooms, with the VU count the load model derives. */
const RUN_ENV = { USERS: '8', DURATION: '20s', CLEANUP_GRACE: '30s' };

/** The `npm run test:k6:distributed` cases, each with real k6 processes started together. */
export const DISTRIBUTED_CASES: readonly DistributedCase[] = [
  {
    name: 'distributed: 2 instances on a server with the room-name race: rooms created once, each instance at 100 % of its share, merged counts = /_stats, percentiles within 1 %',
    run: async (k6Bin) =>
      (await rehearseDistributed({ k6Bin, runners: 2, env: RUN_ENV, serverEnv: NAME_RACE }))
        .problems,
  },
  {
    name: 'distributed: 4 instances started at the same instant create exactly the planned rooms, and all poll the same ids',
    run: async (k6Bin) =>
      (await rehearseDistributed({ k6Bin, runners: 4, env: RUN_ENV, serverEnv: NAME_RACE }))
        .problems,
  },
  {
    name: 'distributed: VUS=1 over 2 instances stops both in setup with one line, before any request',
    run: runVuLessSegment,
  },
];
