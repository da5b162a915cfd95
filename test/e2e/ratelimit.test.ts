// dist/ratelimit.js end to end: the built script in the sandbox against the stand-in with a
// 2 s window. A server with the documented limits passes; one whose limits are off, looser or
// stricter fails with exit 99 and a report naming the endpoint and both numbers.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type RunResult, runK6Script } from '../../sandbox/run-k6-script';
import { parseServerOptions } from '../../server/options';

const SCRIPT = fileURLToPath(new URL('../../dist/ratelimit.js', import.meta.url));
const ADDRESS = 'standin.test:8000';
const PASSWORD = 'Secret-pw-for-e2e';

function run(
  serverEnv: Record<string, string>,
  env: Record<string, string> = {},
): Promise<RunResult> {
  return runK6Script(SCRIPT, {
    env: { BASE_URL: `http://${ADDRESS}`, PASSWORD, WINDOW: '2s', ...env },
    standIn: {
      options: parseServerOptions({
        TARGET_PASSWORD: PASSWORD,
        RATELIMIT_WINDOW: '2s',
        ...serverEnv,
      }),
      address: ADDRESS,
    },
  });
}

function jsonSummary(r: RunResult) {
  return JSON.parse(r.outputs['summary.json'] ?? 'null') as {
    status: string;
    endpoints: {
      endpoint: string;
      measuredLimit: number | null;
      passed: boolean;
      recoveryMs: number | null;
    }[];
  };
}

/** The rooms the run created are gone: GET /rooms as admin lists none. */
function roomsLeft(r: RunResult): number {
  const login = r.standIn?.handle({
    method: 'POST',
    path: '/auth/login',
    query: '',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD }),
    clientIp: '10.0.0.9',
  });
  const apiKey = (JSON.parse(login?.body ?? '{}') as { api_key: string }).api_key;
  const rooms = r.standIn?.handle({
    method: 'GET',
    path: '/rooms',
    query: '',
    headers: { 'x-api-key': apiKey },
    body: '',
    clientIp: '10.0.0.9',
  });
  return (JSON.parse(rooms?.body ?? '[]') as unknown[]).length;
}

function expectNoSecrets(r: RunResult, apiKeys: readonly string[]): void {
  const everything = [...Object.values(r.outputs), ...r.logs.map((l) => l.message)].join('\n');
  expect(everything).not.toContain(PASSWORD);
  for (const key of apiKeys) expect(everything).not.toContain(key);
}

describe('dist/ratelimit.js against the stand-in', () => {
  it('passes a server with the documented limits: exit 0, measured limits shown, rooms deleted', async () => {
    const r = await run(
      {},
      { CHECK_SEND: 'true', CHECK_LOGIN: 'true', SUSTAINED: 'true', SUMMARY_DIR: 'out' },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('ClaudeWorld rate-limit check: PASSED');
    expect(r.stdout).toContain(
      '  messages/poll     60        60        ok        ok         2.0 s      pass',
    );
    expect(r.stdout).toContain(
      '  chatting-agents   120       120       ok        ok         2.0 s      pass',
    );
    expect(r.stdout).toContain(
      '  messages/send     30        30        ok        ok         2.0 s      pass',
    );
    expect(r.stdout).toContain(
      '  auth/login        20        20        ok        n/a        2.0 s      pass',
    );
    expect(r.stdout).toContain(
      "auth/login: the first window was partly used (1 request(s) already counted, this run's own setup login included)",
    );
    const summary = JSON.parse(r.outputs['out/summary.json'] ?? 'null') as ReturnType<
      typeof jsonSummary
    >;
    expect(summary.status).toBe('passed');
    expect(summary.endpoints.map((e) => [e.endpoint, e.measuredLimit, e.passed])).toEqual([
      ['poll', 60, true],
      ['agents', 120, true],
      ['send', 30, true],
      ['login', 20, true],
    ]);
    expect(r.outputs['out/junit.xml']).toContain('failures="0"');
    expect(roomsLeft(r)).toBe(0);
    // On the virtual clock: a window and the 5 % settle time, then recovery one window later
    // (plus a few ms of simulated latency).
    const durationMs = (r.data?.state as { testRunDurationMs: number } | undefined)
      ?.testRunDurationMs;
    expect(durationMs).toBeGreaterThanOrEqual(4100);
    expect(durationMs).toBeLessThan(4200);
    const keys = r.requests
      .map((q) => q.request.headers['X-API-Key'])
      .filter((k): k is string => typeof k === 'string');
    expectNoSecrets(r, [...new Set(keys)]);
  });

  it("fails with exit 99 when the limits are off, calling each endpoint's limit missing", async () => {
    const r = await run({ RATELIMIT_ENABLED: 'false' });
    expect(r.exitCode).toBe(99);
    expect(r.stdout).toContain('FAILED (2 of 2 endpoint(s) off)');
    expect(r.stdout).toContain(
      '  - messages/poll: no 429 in 600 requests within one window (cap 600), expected 60: limit missing',
    );
    expect(r.stdout).toContain(
      '  - chatting-agents: no 429 in 1200 requests within one window (cap 1200), expected 120: limit missing',
    );
    expect(r.stdout).toContain(
      '  messages/poll     60        >=600     n/a       n/a        n/a        FAIL',
    );
    expect(roomsLeft(r)).toBe(0);
  });

  it('fails with exit 99 when poll allows 30 instead of 60', async () => {
    const r = await run({ LIMIT_POLL: '30' });
    expect(r.exitCode).toBe(99);
    expect(r.stdout).toContain('FAILED (1 of 2 endpoint(s) off)');
    expect(r.stdout).toContain(
      '  - messages/poll: measured 30 per window, expected 60 (30 too strict)',
    );
    expect(jsonSummary(r).endpoints.map((e) => [e.endpoint, e.measuredLimit, e.passed])).toEqual([
      ['poll', 30, false],
      ['agents', 120, true],
    ]);
    expect(r.outputs['junit.xml']).toContain('type="limit"');
  });

  it('fails with exit 99 when poll allows 90 instead of 60', async () => {
    const r = await run({ LIMIT_POLL: '90' });
    expect(r.exitCode).toBe(99);
    expect(r.stdout).toContain(
      '  - messages/poll: measured 90 per window, expected 60 (30 too loose)',
    );
    expect(r.stdout).toContain(
      '  - messages/poll: 429 body names a limit of 90, expected {"error":"Rate limit exceeded: 60 per 2 second"}',
    );
    expect(jsonSummary(r).endpoints[0]).toMatchObject({
      endpoint: 'poll',
      measuredLimit: 90,
      passed: false,
    });
  });

  it('fails with exit 99 when the window is longer than configured: no recovery in time', async () => {
    const r = await run({ RATELIMIT_WINDOW: '3s' }, { WINDOW: '2s' });
    expect(r.exitCode).toBe(99);
    expect(r.stdout).toContain(
      "  - messages/poll: every request refused 2.1 s after the first burst, expected 60 accepted: the server's window is longer than 2 s",
    );
    expect(r.stdout).toContain(
      '  - messages/poll: the window begun by the first burst had not ended after 2.1 s: window too long',
    );
  });

  it('reports every endpoint as not measured when login fails, and leaves nothing behind', async () => {
    const r = await run({ TARGET_PASSWORD: 'another' });
    expect(r.exitCode).toBe(108);
    expect(r.stdout).toContain(
      '  - messages/poll: not measured: setup failed or the run was aborted before the check finished',
    );
    expect(r.standIn?.stats()).toBeDefined();
  });
});
