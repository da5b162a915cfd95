// `npm run fixtures:k6`: re-records test/fixtures/k6/*.data.json with a real k6 (K6_BIN or
// PATH), running fixture-script.js against a small loopback server, as README.md there says.

import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { RECORDED_SCRIPT, type RecordedRun } from '../test/fixtures/k6/fixtures';
import { requireK6 } from './k6-binary';

const RUNS: { name: RecordedRun; args: string[]; env: Record<string, string>; exit: number }[] = [
  { name: 'run-mixed', args: [], env: {}, exit: 99 },
  {
    name: 'run-trend-stats-override',
    args: ['--summary-trend-stats=avg,p(95)'],
    env: {},
    exit: 99,
  },
  { name: 'run-setup-failed', args: [], env: { FAIL_SETUP: '1' }, exit: 107 },
];

/** /ok 200, /limited 429 with the backend's body, /error 500; fixture-script.js also hits a closed port. */
const server = createServer((request, response) => {
  const [status, body] =
    request.url === '/ok'
      ? [200, 'ok']
      : request.url === '/limited'
        ? [429, '{"error":"Rate limit exceeded: 60 per 1 minute"}']
        : request.url === '/error'
          ? [500, 'Internal Server Error']
          : [404, 'Not Found'];
  response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
});

function runK6(bin: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

async function main(): Promise<number> {
  const bin = requireK6('fixtures:k6');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let failed = 0;
  try {
    for (const run of RUNS) {
      const out = fileURLToPath(
        new URL(`../test/fixtures/k6/${run.name}.data.json`, import.meta.url),
      );
      const env = { BASE: base, OUT: out, ...run.env };
      const args = ['run', '--quiet', '--include-system-env-vars=false', ...run.args];
      for (const [name, value] of Object.entries(env)) args.push('-e', `${name}=${value}`);
      const code = await runK6(bin, [...args, RECORDED_SCRIPT]);
      const ok = code === run.exit;
      if (!ok) failed++;
      console.log(
        `${ok ? 'recorded' : 'FAILED  '} ${run.name}.data.json (k6 exit ${code}, expected ${run.exit})`,
      );
    }
  } finally {
    server.close();
  }
  console.log(`fixtures:k6: recorded with ${bin}; the tests' exact figures may need updating`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main();
