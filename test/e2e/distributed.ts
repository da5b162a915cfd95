// A distributed run rehearsed on one machine, as k6-operator runs it: the stand-in on loopback,
// then N real k6 processes of dist/poll.js with execution segments, one RUN_ID and distinct
// source addresses (127.0.0.2 ...). Their summaries are merged and checked against the
// stand-in's /_stats and against percentiles over every raw sample (`--out csv`).
// Used by `npm run rehearse:distributed` and by `npm run test:k6`.

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { equalSegments } from '../../lib/distributed';
import { parsePollConfig } from '../../lib/poll/config';
import { plannedRequestCount } from '../../lib/poll/load-model';
import { mergePollSummaries } from '../../lib/poll/merge';
import { renderMergeHeader } from '../../lib/poll/merge-text';
import { renderPollText } from '../../lib/poll/report-text';
import { quantileAt } from '../../lib/quantiles';
import type { Thresholds } from '../../lib/thresholds';
import { loadPollSummaries } from '../../scripts/report/summary-input';
import type { StandIn } from '../../server/core';
import { startStandInServer } from '../../server/node-adapter';
import { parseServerOptions } from '../../server/options';
import gates from '../../thresholds.json';
import { exactPercentile, samplesOf } from './raw-samples';

export interface RehearsalOptions {
  k6Bin: string;
  runners: number;
  /** The scenario's env (USERS, DURATION, ...); BASE_URL, PASSWORD, RUN_ID are set here. */
  env: Record<string, string>;
  /** Print each instance's k6 output as it comes. */
  echo?: boolean;
}

export interface RehearsalResult {
  /** What failed; empty when the run is correct. */
  problems: string[];
  /** The merged report and the check figures, for printing. */
  report: string;
  checks: string[];
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
  const serverOptions = parseServerOptions({});
  const server = await startStandInServer({ ...serverOptions, host: '127.0.0.1', port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'distributed-'));
  const problems: string[] = [];
  const checks: string[] = [];
  const runId = `rehearsal-${Date.now().toString(36)}`;
  const env: Record<string, string> = {
    ...o.env,
    BASE_URL: server.url,
    PASSWORD: serverOptions.adminPassword,
    RUN_ID: runId,
    SUMMARY_DIR: dir,
  };
  try {
    const { segments, sequence } = equalSegments(o.runners);
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
          `csv=${join(dir, `samples-${i}.csv`)}`,
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
    if (problems.length > 0) return { problems, report: '', checks };

    const loaded = loadPollSummaries([dir]);
    const result = mergePollSummaries(
      loaded.map((l) => ({ file: l.path, summary: l.summary })),
      { gates: gates as unknown as Thresholds, summaryDir: '' },
    );
    const f = result.figures;
    const report = renderMergeHeader(result) + renderPollText(f);
    const expect = (ok: boolean, line: string) => {
      checks.push(`${ok ? 'ok  ' : 'FAIL'} ${line}`);
      if (!ok) problems.push(line);
    };
    expect(loaded.length === o.runners, `${loaded.length} summaries for ${o.runners} instances`);

    const stats = server.core.stats();
    const config = parsePollConfig(env);
    const planned = plannedRequestCount(config);
    expect(
      f.requests.total === planned,
      `merged requests ${f.requests.total} = planned for the whole test ${planned}`,
    );
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
    }
    const pollPaths = Object.keys(stats.paths).filter((p) => p.endsWith('/messages/poll'));
    expect(
      pollPaths.length === f.config.roomCount,
      `all instances polled the same ${f.config.roomCount} room(s): ${pollPaths.join(', ')}`,
    );
    const created = stats.endpoints['POST /rooms']?.statuses['200'] ?? 0;
    expect(
      created === f.config.roomCount + o.runners,
      `${created} rooms created = ${f.config.roomCount} test rooms once + ${o.runners} stop markers`,
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

    const raw = segments.flatMap((_, i) =>
      samplesOf(readFileSync(join(dir, `samples-${i}.csv`), 'utf8'), 'cw_latency'),
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
    return { problems, report, checks };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
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

export const DISTRIBUTED_CASE_NAME =
  'distributed: 2 instances share the rooms and merge into one report';

/** The `npm run test:k6` case: 2 instances of USERS=8 VUS=2 DURATION=20s; true when it passes. */
export async function runDistributedCase(k6Bin: string): Promise<boolean> {
  const result = await rehearseDistributed({
    k6Bin,
    runners: 2,
    env: { USERS: '8', VUS: '2', DURATION: '20s', CLEANUP_GRACE: '30s' },
  });
  const name = DISTRIBUTED_CASE_NAME;
  if (result.problems.length === 0) {
    console.log(`PASS  ${name}`);
    return true;
  }
  console.log(`FAIL  ${name}`);
  for (const problem of result.problems) console.log(`      ${problem}`);
  return false;
}
