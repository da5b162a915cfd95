// How fast the sandbox runs a built scenario: virtual test time per real second, for the
// default poll run and a larger one. Run `npm run build` first (npm run bench does).

import { resolve } from 'node:path';
import { runK6Script } from '../sandbox/run-k6-script';
import { parseServerOptions } from '../server/options';

const cases: { label: string; env: Record<string, string> }[] = [
  { label: '10 users x 2 rooms x 60 s', env: {} },
  {
    label: '100 users x 2 rooms x 60 s, per-user rooms',
    env: { USERS: '100', ROOM_MODE: 'per-user' },
  },
  {
    label: '1000 users x 1 room x 60 s, per-user rooms',
    env: { USERS: '1000', ROOMS: '1', ROOM_MODE: 'per-user' },
  },
];

const address = '127.0.0.1:8000';
for (const { label, env } of cases) {
  const started = process.hrtime.bigint();
  const result = await runK6Script(resolve('dist/poll.js'), {
    env: { BASE_URL: `http://${address}`, PASSWORD: 'loadtest', ...env },
    standIn: { options: parseServerOptions({ RATELIMIT_ENABLED: 'false' }), address },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const virtualSeconds =
    Number((result.data?.state as { testRunDurationMs?: number })?.testRunDurationMs ?? 0) / 1000;
  console.log(
    `${label.padEnd(44)} ${String(result.requests.length).padStart(7)} requests  ${seconds.toFixed(2)} s real  ` +
      `${(virtualSeconds / seconds).toFixed(0)}x faster than real time  exit ${result.exitCode}`,
  );
}
