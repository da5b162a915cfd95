// One server under benchmark, in its own process so the load generator does not share its
// event loop: `stand-in` (rate limits off) or `bare` (node:http answering a fixed body).
// Reports its port to the parent over IPC; the bare server gets its body from the parent.
// Answers `cpu` messages with its CPU time so far, in µs (user + system).

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStandInServer } from '../server/node-adapter';
import { parseServerOptions } from '../server/options';

type ParentMessage = { body: string } | 'cpu';

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

process.on('message', (message: ParentMessage) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    reply({ cpuMicros: user + system });
  } else {
    startBare(message.body);
  }
});
if (process.argv[2] === 'stand-in') void startStandIn();
