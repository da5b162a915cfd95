// One server under benchmark, in its own process so the load generator does not share its
// event loop: `stand-in` (rate limits off), `bare` (node:http answering a fixed body) or
// `bare-sse` (node:http holding SSE streams: `connected` at once, then a ping comment and a
// keepalive to every stream every 15 s from one interval, the least a stream server can do).
// Reports its port to the parent over IPC; the bare server gets its body from the parent.
// Answers `cpu` with its CPU time so far in µs (user + system), `memory` with its RSS in bytes.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStandInServer } from '../server/node-adapter';
import { parseServerOptions } from '../server/options';

type ParentMessage = { body: string } | 'cpu' | 'memory';

const SSE_HEADERS = {
  server: 'uvicorn',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
  'content-type': 'text/event-stream; charset=utf-8',
};
const KEEPALIVE = 'event: keepalive\r\ndata: \r\n\r\n';

function reply(message: unknown): void {
  process.send?.(message);
}

async function startStandIn(): Promise<void> {
  const options = parseServerOptions({ PORT: '0', RATELIMIT_ENABLED: 'false' });
  const server = await startStandInServer(options);
  reply({ port: server.port });
}

function startBare(body: string): void {
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, {
        date: new Date().toUTCString(),
        server: 'uvicorn',
        'content-length': Buffer.byteLength(body),
        'content-type': 'application/json',
      });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => reply({ port: (server.address() as AddressInfo).port }));
}

function startBareSse(): void {
  const open = new Set<ServerResponse>();
  const server = createServer({ keepAliveTimeout: 5000 }, (req, res) => {
    const roomId = /^\/rooms\/(\d+)\/stream/.exec(req.url ?? '')?.[1] ?? '0';
    res.writeHead(200, { date: new Date().toUTCString(), ...SSE_HEADERS });
    res.write(`event: connected\r\ndata: {"room_id": ${roomId}}\r\n\r\n`);
    open.add(res);
    res.on('close', () => open.delete(res));
  });
  setInterval(() => {
    const ping = `: ping - ${new Date().toISOString()}\r\n\r\n`;
    for (const res of open) {
      res.write(ping);
      res.write(KEEPALIVE);
    }
  }, 15_000);
  server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, () =>
    reply({ port: (server.address() as AddressInfo).port }),
  );
}

process.on('message', (message: ParentMessage) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    reply({ cpuMicros: user + system });
  } else if (message === 'memory') {
    reply({ rss: process.memoryUsage().rss });
  } else {
    startBare(message.body);
  }
});
if (process.argv[2] === 'stand-in') void startStandIn();
if (process.argv[2] === 'bare-sse') startBareSse();
