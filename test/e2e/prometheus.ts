// A Prometheus server for one test: the `prometheus` binary on PATH, on 127.0.0.1 at a free
// port, with a temporary data folder, the remote-write receiver and native histograms (what
// k6's experimental-prometheus-rw output with native histograms needs); stopped and removed at
// the end. It scrapes nothing: samples arrive by remote write only.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** `prometheus` on PATH, or undefined. */
export function findPrometheus(path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, 'prometheus');
    try {
      if (!statSync(file).isFile()) continue;
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/** `prometheus --version`'s first line, e.g. `prometheus, version 2.42.0+ds (...)`. */
export function prometheusVersion(bin: string): string {
  const result = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  // Prometheus prints its version on stdout or stderr depending on the release.
  const line = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n')[0]?.trim() ?? '';
  if (result.status !== 0 || !line.startsWith('prometheus')) {
    throw new Error(`${bin} --version did not answer like Prometheus: ${JSON.stringify(line)}`);
  }
  return line;
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningPrometheus {
  /** e.g. http://127.0.0.1:40123 */
  url: string;
  /** Where k6 sends samples: K6_PROMETHEUS_RW_SERVER_URL. */
  remoteWriteUrl: string;
  /** Its log so far (stderr), for a failure message. */
  log(): string;
  /** Stops it (SIGTERM, then SIGKILL after 10 s) and removes its data folder. */
  stop(): Promise<void>;
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts Prometheus and waits until /-/ready answers; throws with its log if it does not. */
export async function startPrometheus(bin: string): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-e2e-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, '# No scrape targets: k6 sends its samples by remote write.\n');
  const port = await freeLoopbackPort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    bin,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--enable-feature=native-histograms',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  let failure: string | undefined;
  child.once('error', (error) => {
    failure = error.message;
  });
  child.once('exit', (code, signal) => {
    failure ??= `exited with ${code ?? signal}`;
  });
  const stop = async () => {
    child.kill('SIGTERM');
    if (!(await exited(child, 10_000))) {
      child.kill('SIGKILL');
      await exited(child, 5000);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (failure !== undefined) {
      await stop();
      throw new Error(`prometheus did not start (${failure}):\n${tail(log)}`);
    }
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus not ready on ${url} after 30 s:\n${tail(log)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, remoteWriteUrl: `${url}/api/v1/write`, log: () => log, stop };
}

function tail(text: string, lines = 12): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** One series of a query result: its labels and its float values (native histograms left out). */
export interface ResultSeries {
  labels: Record<string, string>;
  values: number[];
}

interface ApiAnswer {
  status: string;
  error?: string;
  data?: {
    resultType?: string;
    result?: {
      metric: Record<string, string>;
      value?: [number, string];
      values?: [number, string][];
    }[];
  };
}

/** Sends a PromQL query to the HTTP API (instant when start = end); throws on an API error. */
export async function queryPrometheus(
  baseUrl: string,
  q: { expr: string; startMs: number; endMs: number; stepMs: number },
): Promise<ResultSeries[]> {
  const instant = q.startMs === q.endMs;
  const params = new URLSearchParams({ query: q.expr });
  if (instant) {
    params.set('time', `${q.endMs / 1000}`);
  } else {
    params.set('start', `${q.startMs / 1000}`);
    params.set('end', `${q.endMs / 1000}`);
    params.set('step', `${q.stepMs / 1000}`);
  }
  const response = await fetch(`${baseUrl}/api/v1/${instant ? 'query' : 'query_range'}`, {
    method: 'POST',
    body: params,
  });
  const answer = (await response.json()) as ApiAnswer;
  if (answer.status !== 'success') {
    throw new Error(`${q.expr}: Prometheus answered ${response.status}: ${answer.error ?? ''}`);
  }
  return (answer.data?.result ?? []).map((r) => ({
    labels: r.metric,
    values: (r.values ?? (r.value === undefined ? [] : [r.value])).map(([, v]) => Number(v)),
  }));
}

/** Values of `label` on series of `metric` in the time range (what Grafana's label_values asks). */
export async function labelValues(
  baseUrl: string,
  metric: string,
  label: string,
  range: { fromMs: number; toMs: number },
): Promise<string[]> {
  const params = new URLSearchParams({
    'match[]': metric,
    start: `${range.fromMs / 1000}`,
    end: `${range.toMs / 1000}`,
  });
  const response = await fetch(`${baseUrl}/api/v1/label/${label}/values?${params}`);
  const answer = (await response.json()) as { status: string; data?: string[]; error?: string };
  if (answer.status !== 'success') {
    throw new Error(`label_values(${metric}, ${label}): ${answer.error ?? response.status}`);
  }
  return answer.data ?? [];
}
