// Runs a poll case through the sandbox against an in-process stand-in.

import { runK6Script } from '../../sandbox/run-k6-script';
import { parseServerOptions } from '../../server/options';
import type { PollCase } from './poll-cases';
import type { PollRunOutcome } from './poll-outcome';
import type { ProxiedPoll } from './stand-in-hooks';

/** The stand-in's address inside the sandbox (no socket: any other address is refused). */
const STAND_IN_ADDRESS = 'standin.test:8000';
const SUMMARY_DIR = 'e2e-out';

export async function runPollCaseInSandbox(
  c: Pick<
    PollCase,
    'env' | 'secrets' | 'server' | 'prepareStandIn' | 'interruptAfterMs' | 'localIps'
  >,
  bundle = 'dist/poll.js',
): Promise<PollRunOutcome> {
  let proxiedPolls: ProxiedPoll[] = [];
  const r = await runK6Script(bundle, {
    env: { BASE_URL: `http://${STAND_IN_ADDRESS}`, SUMMARY_DIR, ...c.env },
    secrets: c.secrets,
    interruptAtMs: c.interruptAfterMs,
    localIps: c.localIps,
    standIn: {
      options: parseServerOptions(c.server),
      address: STAND_IN_ADDRESS,
      prepare: (standIn) => {
        proxiedPolls = c.prepareStandIn?.(standIn) ?? [];
      },
    },
  });
  const stats = r.standIn?.stats();
  if (stats === undefined) throw new Error('the sandbox ran without the stand-in');
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(r.outputs)) {
    if (path.startsWith(`${SUMMARY_DIR}/`)) files[path.slice(SUMMARY_DIR.length + 1)] = text;
  }
  const issuedApiKeys = r.requests.flatMap(({ request, result }) => {
    if (!request.url.endsWith('/auth/login') || result.status !== 200 || result.body === null)
      return [];
    const key = (JSON.parse(result.body) as { api_key?: unknown }).api_key;
    return typeof key === 'string' ? [key] : [];
  });
  return {
    exitCode: r.exitCode,
    stdout: r.stdout,
    log: r.logs.map((l) => `${l.level}: ${l.message}`).join('\n'),
    files,
    stats,
    issuedApiKeys,
    proxiedPolls,
  };
}
