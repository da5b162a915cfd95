// `npm run bench:server`: is the stand-in fast enough not to be the bottleneck? Drives the
// poll endpoint over many keep-alive connections against the stand-in (rate limits off) and
// against a bare node:http server returning the same JSON, in alternating rounds of the same
// run, and prints requests/s for both and their ratio (target: at least 0.7).
//
// Each server runs in its own process; the load generator is a lean raw-socket client (one
// request in flight per connection), so it costs less CPU than the servers it measures.
// The machine may be shared: rounds alternate so both servers see the same background load,
// and the best round is printed next to the median (noise only ever slows a round down).
// The server's CPU time per request is printed too: it hardly depends on background load.
// Env: BENCH_CONNECTIONS (64), BENCH_DURATION (3s per round), BENCH_ROUNDS (5), BENCH_MESSAGES
// (messages in the polled room, 10).
//
// Then idle SSE streams: BENCH_STREAMS (10000; 0 skips) streams held open on the stand-in
// (a ticket each) and on a bare node:http server that does the least a stream server can (the
// same frames from one interval), one after the other: the server's RSS before and with the
// streams, and its CPU per second over BENCH_STREAM_WINDOW (30s: two ping/keepalive cycles of
// every stream), with the ratios and the machine's load average.

import { type ChildProcess, fork } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseDurationEnv, parseInteger } from '../lib/env';

const CHILD = fileURLToPath(new URL('./server-child.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  port: number;
}

function startChild(kind: 'stand-in' | 'bare' | 'bare-sse', body?: string): Promise<Started> {
  const child = fork(CHILD, [kind], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    if (body !== undefined) child.send({ body });
  });
}

/** The child's CPU time so far, in µs. */
function cpuMicros({ child }: Started): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
    child.send('cpu');
  });
}

/** The child's resident set size, in bytes. */
function rssBytes({ child }: Started): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { rss: number }) => resolve(message.rss));
    child.send('memory');
  });
}

function stopChild({ child }: Started): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function call(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Logs in, creates a room with `messages` messages; returns the poll path and token. */
async function prepareStandIn(port: number, messages: number) {
  const login = JSON.parse(await call(port, 'POST', '/auth/login', {}, '{"password":"loadtest"}'));
  const headers = { 'x-api-key': login.api_key as string };
  const room = JSON.parse(await call(port, 'POST', '/rooms', headers, '{"name":"bench"}'));
  for (let i = 0; i < messages; i += 1) {
    const content = `Message ${i}: a sentence of about the length people type in a chat room.`;
    await call(
      port,
      'POST',
      `/rooms/${room.id}/messages/send`,
      headers,
      JSON.stringify({ content, role: 'user' }),
    );
  }
  const path = `/rooms/${room.id}/messages/poll?since_id=0`;
  return { path, token: login.api_key as string, body: await call(port, 'GET', path, headers) };
}

interface RoundResult {
  requests: number;
  non200: number;
  seconds: number;
}

/** `connections` keep-alive sockets, each sending the next request when a reply is complete. */
function drive(port: number, requestText: string, connections: number, durationMs: number) {
  return new Promise<RoundResult>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const deadline = Date.now() + durationMs;
    let requests = 0;
    let non200 = 0;
    let open = connections;
    for (let i = 0; i < connections; i += 1) {
      const socket = connect(port, '127.0.0.1');
      socket.setNoDelay(true);
      let buffered: Buffer = Buffer.alloc(0);
      socket.on('connect', () => socket.write(requestText));
      socket.on('data', (chunk: Buffer) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        for (;;) {
          const headEnd = buffered.indexOf('\r\n\r\n');
          if (headEnd === -1) return;
          const head = buffered.subarray(0, headEnd).toString('latin1');
          const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
          const total = headEnd + 4 + length;
          if (buffered.length < total) return;
          requests += 1;
          if (!head.startsWith('HTTP/1.1 200')) non200 += 1;
          buffered = buffered.subarray(total);
          if (Date.now() >= deadline) {
            socket.end();
            return;
          }
          socket.write(requestText);
        }
      });
      socket.on('error', reject);
      socket.on('close', () => {
        open -= 1;
        if (open === 0) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          resolve({ requests, non200, seconds });
        }
      });
    }
  });
}

interface HeldStreams {
  /** Bytes received on all streams so far. */
  bytes(): number;
  close(): void;
}

/** Opens one stream per path, at most 200 connecting at once; resolves once all are connected. */
function holdStreams(port: number, paths: string[]): Promise<HeldStreams> {
  const sockets: Socket[] = [];
  let bytes = 0;
  let connected = 0;
  let next = 0;
  return new Promise((resolve, reject) => {
    const openNext = () => {
      const path = paths[next];
      if (path === undefined) return;
      next += 1;
      const socket = connect(port, '127.0.0.1');
      sockets.push(socket);
      let seen = false;
      socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`));
      socket.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (seen || !chunk.includes('event: connected')) return;
        seen = true;
        connected += 1;
        if (connected === paths.length) {
          resolve({
            bytes: () => bytes,
            close: () => {
              for (const s of sockets) s.destroy();
            },
          });
        } else {
          openNext();
        }
      });
      socket.on('error', reject);
    };
    for (let i = 0; i < Math.min(200, paths.length); i += 1) openNext();
  });
}

interface StreamCost {
  rssMb: number;
  kbPerStream: number;
  cpuMsPerSecond: number;
  receivedBytesPerSecond: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Holds the streams on the server, then measures its memory and its CPU over the window. */
async function idleStreamCost(server: Started, paths: string[], windowMs: number) {
  const rssBefore = await rssBytes(server);
  const held = await holdStreams(server.port, paths);
  try {
    await sleep(2000);
    const rssWith = await rssBytes(server);
    const cpuBefore = await cpuMicros(server);
    const bytesBefore = held.bytes();
    await sleep(windowMs);
    const cpu = (await cpuMicros(server)) - cpuBefore;
    const cost: StreamCost = {
      rssMb: rssWith / 2 ** 20,
      kbPerStream: (rssWith - rssBefore) / 1024 / paths.length,
      cpuMsPerSecond: cpu / windowMs,
      receivedBytesPerSecond: ((held.bytes() - bytesBefore) * 1000) / windowMs,
    };
    return cost;
  } finally {
    held.close();
  }
}

function describeCost(label: string, count: number, cost: StreamCost): string {
  return (
    `  ${label} ${count} idle streams: RSS ${cost.rssMb.toFixed(0)} MB (${cost.kbPerStream.toFixed(1)} KB per stream), ` +
    `CPU ${cost.cpuMsPerSecond.toFixed(1)} ms/s (${(cost.cpuMsPerSecond / 10).toFixed(2)} % of a core), ` +
    `${Math.round(cost.receivedBytesPerSecond)} B/s of frames received`
  );
}

async function benchIdleStreams(standIn: Started, token: string, count: number, windowMs: number) {
  console.log(
    `idle streams: ${count} per server, CPU over ${windowMs / 1000} s; load average (1 min) ${loadavg()[0]?.toFixed(2)} before`,
  );
  const bare = await startChild('bare-sse');
  let bareCost: StreamCost;
  try {
    const barePaths = Array.from({ length: count }, (_, i) => `/rooms/${i + 1}/stream`);
    bareCost = await idleStreamCost(bare, barePaths, windowMs);
  } finally {
    await stopChild(bare);
  }
  console.log(describeCost('bare node:http', count, bareCost));
  const headers = { 'x-api-key': token };
  const paths: string[] = [];
  for (let first = 1; first <= count; first += 100) {
    const batch = Array.from({ length: Math.min(100, count - first + 1) }, (_, i) =>
      call(standIn.port, 'POST', `/rooms/${first + i}/stream/ticket`, headers).then(
        (body) => `/rooms/${first + i}/stream?ticket=${JSON.parse(body).ticket}`,
      ),
    );
    paths.push(...(await Promise.all(batch)));
  }
  const cost = await idleStreamCost(standIn, paths, windowMs);
  console.log(describeCost('stand-in      ', count, cost));
  console.log(
    `idle streams, stand-in / bare: memory per stream ${(cost.kbPerStream / bareCost.kbPerStream).toFixed(2)}, ` +
      `CPU ${(cost.cpuMsPerSecond / bareCost.cpuMsPerSecond).toFixed(2)}; load average (1 min) ${loadavg()[0]?.toFixed(2)} after`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const env = process.env;
  const connections = parseInteger(env, 'BENCH_CONNECTIONS', 64, { max: 10_000 });
  const durationMs = parseDurationEnv(env, 'BENCH_DURATION', 3000, { minMs: 500 });
  const rounds = parseInteger(env, 'BENCH_ROUNDS', 5, { max: 100 });
  const messages = parseInteger(env, 'BENCH_MESSAGES', 10, { min: 0, max: 100 });
  const streams = parseInteger(env, 'BENCH_STREAMS', 10_000, { min: 0, max: 15_000 });
  const streamWindowMs = parseDurationEnv(env, 'BENCH_STREAM_WINDOW', 30_000, { minMs: 1000 });

  const standIn = await startChild('stand-in');
  const { path, token, body } = await prepareStandIn(standIn.port, messages);
  const bare = await startChild('bare', body);
  const requestText =
    `GET ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\nx-api-key: ${token}\r\n` +
    'ngrok-skip-browser-warning: true\r\naccept: */*\r\n\r\n';

  console.log(
    `bench:server: GET ${path.replace(/\/rooms\/\d+/, '/rooms/{id}')} (${Buffer.byteLength(body)}-byte body), ` +
      `${connections} keep-alive connections, ${rounds} rounds of ${durationMs / 1000} s per server`,
  );
  const rates: Record<'bare' | 'standIn', number[]> = { bare: [], standIn: [] };
  const cpuPerRequest: Record<'bare' | 'standIn', number[]> = { bare: [], standIn: [] };
  try {
    // Warm both up (JIT, socket setup) before measuring.
    await drive(bare.port, requestText, connections, 500);
    await drive(standIn.port, requestText, connections, 500);
    for (let round = 1; round <= rounds; round += 1) {
      const pair = [
        ['bare', bare],
        ['standIn', standIn],
      ] as const;
      // Alternate which server goes first, so neither always follows the other's teardown.
      for (const [name, server] of round % 2 === 1 ? pair : [...pair].reverse()) {
        const cpuBefore = await cpuMicros(server);
        const result = await drive(server.port, requestText, connections, durationMs);
        const cpu = (await cpuMicros(server)) - cpuBefore;
        if (result.non200 > 0) throw new Error(`${name}: ${result.non200} responses were not 200`);
        const rate = result.requests / result.seconds;
        rates[name].push(rate);
        cpuPerRequest[name].push(cpu / result.requests);
        console.log(
          `  round ${round} ${name === 'bare' ? 'bare node:http' : 'stand-in      '} ${Math.round(rate)} req/s, ${(cpu / result.requests).toFixed(1)} µs CPU/request`,
        );
      }
    }
    await stopChild(bare);
    printPollFigures(rates, cpuPerRequest);
    if (streams > 0) await benchIdleStreams(standIn, token, streams, streamWindowMs);
  } finally {
    await Promise.all([stopChild(bare), stopChild(standIn)]);
  }
}

function printPollFigures(
  rates: Record<'bare' | 'standIn', number[]>,
  cpuPerRequest: Record<'bare' | 'standIn', number[]>,
): void {
  for (const [label, pick] of [
    ['median', median],
    ['best', (values: number[]) => Math.max(...values)],
  ] as const) {
    const bareRate = pick(rates.bare);
    const standInRate = pick(rates.standIn);
    const ratio = standInRate / bareRate;
    console.log(
      `${label}: bare node:http ${Math.round(bareRate)} req/s, stand-in ${Math.round(standInRate)} req/s, ` +
        `ratio ${ratio.toFixed(2)} (target >= 0.70)${ratio >= 0.7 ? '' : '  BELOW TARGET'}`,
    );
  }
  const bareCpu = median(cpuPerRequest.bare);
  const standInCpu = median(cpuPerRequest.standIn);
  const cpuRatio = bareCpu / standInCpu;
  console.log(
    `server CPU per request (median): bare ${bareCpu.toFixed(1)} µs, stand-in ${standInCpu.toFixed(1)} µs, ` +
      `ratio ${cpuRatio.toFixed(2)} (target >= 0.70)${cpuRatio >= 0.7 ? '' : '  BELOW TARGET'}`,
  );
}

main().catch((error: unknown) => {
  console.error('bench:server failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
