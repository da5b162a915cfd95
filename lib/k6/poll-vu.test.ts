import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installK6Runtime } from '../../sandbox/k6/install';
import type { VuRuntime } from '../../sandbox/k6/runtime';
import { refusedResult, type ScriptedRoute, scriptedTransport } from '../../sandbox/k6/transports';
import { SEED_ENDPOINTS } from '../endpoints';
import { GATE_ALIASES } from '../gate-aliases';
import { METRIC } from '../metric-names';
import { parsePollConfig } from '../poll/config';
import { pollMetricCatalog } from '../poll/options';
import { createPollVu } from './poll-vu';

const BASE = 'http://127.0.0.1:8000';
const START = 1_800_000_000_000;
const setupData = { roomIds: [11, 12], apiKey: 'api-key' };

function install(routes: ScriptedRoute[]): VuRuntime {
  return installK6Runtime({ transport: scriptedTransport(routes), startEpochMs: START });
}

/** Runs one iteration with Date.now() on the VU's virtual clock, as inside k6. */
function runIteration(rt: VuRuntime, iterate: ReturnType<typeof createPollVu>): void {
  vi.setSystemTime(rt.now());
  iterate(setupData);
}

/** The sum of a metric's samples with these tags (counters reach k6 as sums per flush). */
function total(rt: VuRuntime, metric: string, tags: Record<string, string>): number {
  return rt.state.samplesOf(metric, tags).reduce((sum, s) => sum + s.value, 0);
}

function urlsSince(rt: VuRuntime, from: number): string[] {
  return rt.state.requests.slice(from).map((r) => r.request.url.replace(BASE, ''));
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a poll VU', () => {
  const config = parsePollConfig({
    PASSWORD: 'pw',
    BASE_URL: BASE,
    USERS: '2',
    ROOMS: '2',
    DURATION: '8s',
  });

  it('polls each due user on time, then sleeps until the next is due', () => {
    // Answers take no virtual time here: Date.now() only moves between iterations.
    const rt = install([
      {
        path: /\/messages\/poll$/,
        reply: { status: 200, body: [{ id: 5 }, { id: 7 }], durationMs: 0 },
      },
      {
        path: /\/chatting-agents$/,
        reply: { status: 200, body: { chatting_agents: [] }, durationMs: 0 },
      },
    ]);
    const iterate = createPollVu(config, 1);

    runIteration(rt, iterate);
    expect(urlsSince(rt, 0)).toEqual([
      '/rooms/11/messages/poll',
      '/rooms/11/chatting-agents',
      '/rooms/12/messages/poll',
      '/rooms/12/chatting-agents',
    ]);
    expect(rt.state.requests[0]?.request.headers).toMatchObject({ 'X-API-Key': 'api-key' });
    expect(rt.elapsedMs).toBe(2000); // user 1 is due at 2 s

    runIteration(rt, iterate);
    expect(urlsSince(rt, 4)).toHaveLength(4);
    expect(rt.elapsedMs).toBe(4000);

    runIteration(rt, iterate); // user 0 again, asking only for messages after id 7
    expect(urlsSince(rt, 8)).toEqual([
      '/rooms/11/messages/poll?since_id=7',
      '/rooms/11/chatting-agents',
      '/rooms/12/messages/poll?since_id=7',
      '/rooms/12/chatting-agents',
    ]);

    runIteration(rt, iterate); // 6 s: user 1; then nothing is due before 8 s: idle to the end
    expect(rt.elapsedMs).toBe(8000);
    runIteration(rt, iterate);
    expect(rt.state.requests).toHaveLength(16);
    expect(rt.state.samplesOf('cw_schedule_lag', {}).map((s) => s.value)).toEqual([0, 0, 0, 0]);
  });

  it('measures how late a poll starts, and sends it anyway', () => {
    const rt = install([{ path: /.*/, reply: { status: 200, body: [] } }]);
    const iterate = createPollVu(config, 1);
    rt.advance(2500); // the VU was busy: user 0 (due 0) and user 1 (due 2000) are late
    runIteration(rt, iterate);
    expect(rt.state.samplesOf('cw_schedule_lag', {}).map((s) => s.value)).toEqual([2500, 500]);
    expect(rt.state.requests).toHaveLength(8);
  });

  it('waits at least 20 ms, so users due within it share a batch', () => {
    const rt = install([{ path: /.*/, reply: { status: 200, body: [], durationMs: 0 } }]);
    // 400 users over 4 s: one due every 10 ms.
    const dense = parsePollConfig({ PASSWORD: 'pw', BASE_URL: BASE, USERS: '400', ROOMS: '1' });
    const iterate = createPollVu(dense, 1);
    runIteration(rt, iterate);
    expect(rt.state.requests).toHaveLength(2);
    expect(rt.elapsedMs).toBe(20);
    runIteration(rt, iterate); // users 1 and 2, due at 10 and 20 ms
    expect(rt.state.requests).toHaveLength(6);
    expect(rt.state.samplesOf('cw_schedule_lag', {}).map((s) => s.value)).toEqual([0, 10, 0]);
  });

  it('catches up in batches of at most 100 requests, back to back', () => {
    const rt = install([{ path: /.*/, reply: { status: 200, body: [], durationMs: 0 } }]);
    const burst = parsePollConfig({
      PASSWORD: 'pw',
      BASE_URL: BASE,
      USERS: '120',
      ROOMS: '1',
      START_PHASE: 'burst',
      DURATION: '4s',
    });
    const iterate = createPollVu(burst, 1);
    runIteration(rt, iterate);
    expect(rt.state.requests).toHaveLength(100);
    expect(rt.elapsedMs).toBe(0); // users still due: no sleep
    runIteration(rt, iterate);
    expect(rt.state.requests).toHaveLength(200);
    runIteration(rt, iterate);
    expect(rt.state.requests).toHaveLength(240);
    expect(rt.state.samplesOf('cw_schedule_lag', {})).toHaveLength(120);
  });

  it('flushes its counts before each sleep of the last second: a late wake-up loses none', () => {
    const rt = install([{ path: /.*/, reply: { status: 200, body: [], durationMs: 0 } }]);
    // 10 users over 4 s: one due every 400 ms, the last at 3,600 ms.
    const tenUsers = parsePollConfig({
      PASSWORD: 'pw',
      BASE_URL: BASE,
      USERS: '10',
      ROOMS: '1',
      DURATION: '4s',
    });
    const iterate = createPollVu(tenUsers, 1);
    for (let i = 0; i < 9; i++) runIteration(rt, iterate);
    // The sleep after the poll at 3,200 ms ends at 3,600; on a busy machine it may end after
    // DURATION, and k6 then starts no further iteration: what was sent must be counted.
    expect(rt.elapsedMs).toBe(3600);
    expect(rt.state.requests).toHaveLength(18);
    expect(total(rt, 'cw_requests', {})).toBe(18);
  });

  it('paces only its own shard of users', () => {
    const rt = installK6Runtime({
      transport: scriptedTransport([{ path: /.*/, reply: { status: 200, body: [] } }]),
      startEpochMs: START,
      vuId: 2,
    });
    const perUser = parsePollConfig({
      PASSWORD: 'pw',
      BASE_URL: BASE,
      USERS: '4',
      ROOMS: '1',
      ROOM_MODE: 'per-user',
    });
    const iterate = createPollVu(perUser, 2);
    runIteration(rt, iterate); // VU 2 paces users 1 and 3: nothing due at 0
    expect(rt.state.requests).toHaveLength(0);
    expect(rt.elapsedMs).toBe(1000);
    vi.setSystemTime(rt.now());
    iterate({ roomIds: [21, 22, 23, 24], apiKey: 'k' });
    expect(urlsSince(rt, 0)).toEqual(['/rooms/22/messages/poll', '/rooms/22/chatting-agents']);
  });
});

describe('metric recording', () => {
  // One poll round: the VU's last poll, so its counter sums are flushed to k6 at once.
  const config = parsePollConfig({
    PASSWORD: 'pw',
    BASE_URL: BASE,
    USERS: '1',
    ROOMS: '2',
    DURATION: '4s',
  });

  function runWith(poll: ScriptedRoute['reply'], agents: ScriptedRoute['reply']): VuRuntime {
    const rt = install([
      { path: /\/messages\/poll$/, reply: poll },
      { path: /\/chatting-agents$/, reply: agents },
    ]);
    runIteration(rt, createPollVu(config, 1));
    return rt;
  }

  it('counts 200 and 429 per endpoint, room and status', () => {
    const rt = runWith(
      [
        { status: 200, body: [] },
        { status: 429, body: { error: 'Rate limit exceeded: 60 per 1 minute' } },
      ],
      { status: 200, body: { chatting_agents: [] } },
    );
    const count = (tags: Record<string, string>) => total(rt, 'cw_requests', tags);
    expect(count({ endpoint: 'poll', room: '0', status: '200' })).toBe(1);
    expect(count({ endpoint: 'poll', room: '1', status: '429' })).toBe(1);
    expect(count({ endpoint: 'agents', status: '200' })).toBe(2);
    expect(
      rt.state.samplesOf('cw_rate_limited', {}).map((s) => [s.tags.endpoint, s.tags.room, s.value]),
    ).toEqual([['poll', '1', 1]]);
    // Errors are k6's own http_req_failed: the response callback expects 2xx and 429.
    const failed = rt.state.samplesOf('http_req_failed', {}).map((s) => [s.tags.endpoint, s.value]);
    expect(failed).toEqual([
      ['poll', 0],
      ['agents', 0],
      ['poll', 0],
      ['agents', 0],
    ]);
    expect(rt.state.samplesOf('cw_errors', {})).toHaveLength(0);
    expect(rt.state.samplesOf('cw_latency', { endpoint: 'poll' })).toHaveLength(2);
  });

  it('counts 500s and connection errors as errors, with the k6 error code', () => {
    const rt = runWith({ status: 500, body: { detail: 'boom' } }, refusedResult());
    expect(total(rt, 'cw_requests', { status: '500' })).toBe(2);
    expect(total(rt, 'cw_requests', { status: 'connection_error' })).toBe(2);
    expect(total(rt, 'cw_connection_errors', { error_code: '1212' })).toBe(2);
    expect(rt.state.samplesOf('http_req_failed', {}).map((s) => s.value)).toEqual([1, 1, 1, 1]);
    // No answer, no latency or bytes: they would pull the figures towards 0.
    expect(rt.state.samplesOf('cw_latency', { endpoint: 'agents' })).toHaveLength(0);
    expect(rt.state.samplesOf('cw_bytes_received', { endpoint: 'agents' })).toHaveLength(0);
  });

  it('counts a non-JSON answer without crashing and keeps the cursor', () => {
    const rt = runWith(
      { status: 200, body: '<html>proxy error</html>' },
      { status: 200, body: 'null' },
    );
    expect(total(rt, 'cw_requests', { status: '200' })).toBe(4);
    const received = rt.state.samplesOf('cw_bytes_received', { endpoint: 'poll', room: '0' });
    expect(received).toHaveLength(1);
    expect(received[0]?.value).toBeGreaterThan('<html>proxy error</html>'.length);
  });

  it('records only the types, tags and values the metric catalog offers threshold keys', () => {
    // A gate is checked at init against METRIC_TAGS and the run's values (lib/metric-catalog.ts):
    // whatever the VU records must be among them, or a valid-looking gate would judge nothing.
    const rt = runWith(
      [{ status: 200, body: [{ id: 3 }, { id: 4 }] }, refusedResult()],
      [
        { status: 429, body: {} },
        { status: 503, body: {} },
      ],
    );
    const catalog = pollMetricCatalog({
      endpoints: SEED_ENDPOINTS,
      writer: false,
      roomBreakdown: 2,
      scenarios: ['default'],
      vus: 1,
    });
    // A gate alias (cw_errors) is k6's own metric: the script records no sample of it.
    const recorded = Object.values(METRIC).filter((m) => GATE_ALIASES[m] === undefined);
    const seen = rt.state.samples.filter((s) => (recorded as string[]).includes(s.metric));
    expect(new Set(seen.map((s) => s.metric))).toEqual(new Set(recorded));
    for (const sample of seen) {
      const spec = catalog[sample.metric];
      expect(rt.state.metrics.get(sample.metric)?.type, sample.metric).toBe(spec?.type);
      for (const [tag, value] of Object.entries(sample.tags)) {
        const allowed = spec?.tags[tag];
        expect(allowed, `${sample.metric} tag ${tag}`).toBeDefined();
        if (allowed !== null) expect(allowed, `${sample.metric}{${tag}:${value}}`).toContain(value);
      }
    }
  });

  it('counts the messages poll answers held and the answers that moved a cursor', () => {
    const rt = runWith(
      [
        { status: 200, body: [{ id: 3 }, { id: 4 }] },
        { status: 200, body: [] },
      ],
      { status: 200, body: { chatting_agents: [] } },
    );
    expect(total(rt, 'cw_messages_received', { endpoint: 'poll', room: '0' })).toBe(2);
    expect(total(rt, 'cw_cursor_moves', { endpoint: 'poll', room: '0' })).toBe(1);
    expect(rt.state.samplesOf('cw_messages_received', { room: '1' })).toHaveLength(0);
    expect(rt.state.samplesOf('cw_cursor_moves', { endpoint: 'agents' })).toHaveLength(0);
  });
});
