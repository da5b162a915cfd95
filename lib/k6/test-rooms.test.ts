import { afterEach, describe, expect, it, vi } from 'vitest';
import { installK6Runtime } from '../../sandbox/k6/install';
import type { VuRuntime } from '../../sandbox/k6/runtime';
import { type ScriptedRoute, scriptedTransport } from '../../sandbox/k6/transports';
import { createTestRooms, removeTestRooms } from './test-rooms';

const BASE = 'http://127.0.0.1:8000';

/** What the glue printed with console.* (k6's logger in a real run), as [level, text]. */
function captureConsole(): [string, string][] {
  const lines: [string, string][] = [];
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push([level, args.join(' ')]);
    });
  }
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

function install(routes: ScriptedRoute[], secrets?: Record<string, string>): VuRuntime {
  return installK6Runtime({ transport: scriptedTransport(routes), phase: 'setup', secrets });
}

const loginAs = (role: string): ScriptedRoute => ({
  method: 'POST',
  path: '/auth/login',
  reply: { status: 200, body: { success: true, api_key: 'secret-api-key', role } },
});

function roomsFrom(first: number): ScriptedRoute {
  let next = first;
  return { method: 'POST', path: '/rooms', reply: () => ({ status: 200, body: { id: next++ } }) };
}

const deleteOk: ScriptedRoute = {
  method: 'DELETE',
  path: /^\/rooms\/\d+$/,
  reply: { status: 200, body: { message: 'Room deleted successfully' } },
};

/** Runs setup and returns what it returned, or the message it aborted the test with. */
async function setupOutcome(o: { password?: string; count?: number; keepRooms?: boolean }) {
  try {
    const request = {
      baseUrl: BASE,
      password: o.password,
      count: o.count ?? 2,
      keepRooms: o.keepRooms ?? false,
    };
    return { data: await createTestRooms(request) };
  } catch (error) {
    return { thrown: (error as Error).message };
  }
}

describe('createTestRooms', () => {
  it('logs in and creates uniquely named rooms', async () => {
    const rt = install([loginAs('admin'), roomsFrom(7)]);
    const { data } = await setupOutcome({ password: 'pw', count: 3 });
    expect(data).toEqual({
      roomIds: [7, 8, 9],
      apiKey: 'secret-api-key',
      runId: expect.stringMatching(/^[0-9a-z]+$/),
      loadStartMs: expect.any(Number),
      // Read off the User-Agent the k6 double sends, as k6's own.
      k6Version: '1.3.0',
    });
    const names = rt.state.requests
      .filter((r) => r.request.url.endsWith('/rooms'))
      .map((r) => JSON.parse(String(r.request.body)).name);
    expect(names).toHaveLength(3);
    expect(names[0]).toMatch(/^loadtest-[0-9a-z]+-1$/);
    expect(rt.state.abortMessage).toBeUndefined();
  });

  it('aborts before any request when a segment runs without RUN_ID', async () => {
    const rt = installK6Runtime({
      transport: scriptedTransport([loginAs('admin'), roomsFrom(1)]),
      phase: 'setup',
      options: { executionSegment: '1/2:1' },
    });
    await setupOutcome({ password: 'pw' });
    expect(rt.state.abortMessage).toBe(
      'RUN_ID: not set, but this instance runs execution segment 1/2:1; every instance of a distributed run needs the same RUN_ID (e.g. -e RUN_ID=$(date +%s)), so that they share the test rooms',
    );
    expect(rt.state.requests).toHaveLength(0);
  });

  it('aborts with the server answer on a wrong password', async () => {
    const rt = install([
      { path: '/auth/login', reply: { status: 401, body: { detail: 'Invalid password' } } },
    ]);
    await setupOutcome({ password: 'wrong' });
    expect(rt.state.abortMessage).toBe('Authentication failed: 401 Invalid password');
    // The cause, as a failed check: the one way it reaches handleSummary.
    expect(
      rt.state.samples.filter((s) => s.metric === 'checks').map((s) => [s.tags.check, s.value]),
    ).toEqual([['setup failed: Authentication failed: 401 Invalid password', 0]]);
  });

  it('aborts naming BASE_URL when nothing listens there', async () => {
    const rt = install([]);
    await setupOutcome({ password: 'pw' });
    expect(rt.state.abortMessage).toBe(
      'Cannot reach the backend at BASE_URL=http://127.0.0.1:8000: dial: connection refused',
    );
  });

  it('deletes the rooms it made when room creation fails part-way', async () => {
    let made = 0;
    const rt = install([
      loginAs('admin'),
      {
        method: 'POST',
        path: '/rooms',
        reply: () =>
          made < 2
            ? { status: 200, body: { id: ++made } }
            : { status: 500, body: { detail: 'db locked' } },
      },
      deleteOk,
    ]);
    await setupOutcome({ password: 'pw', count: 4 });
    expect(rt.state.abortMessage).toMatch(
      /^Setup failed: could not create room 'loadtest-[0-9a-z]+-3': 500 db locked; deleted the 2 rooms already created$/,
    );
    const deleted = rt.state.requests
      .filter((r) => r.request.method === 'DELETE')
      .map((r) => r.request.url);
    expect(deleted).toEqual([`${BASE}/rooms/1`, `${BASE}/rooms/2`]);
  });

  it('refuses a guest login before creating any room', async () => {
    const rt = install([loginAs('guest'), roomsFrom(1)]);
    await setupOutcome({ password: 'guest-pw' });
    expect(rt.state.abortMessage).toBe(
      'PASSWORD logs in as guest, but deleting the test rooms afterwards needs the admin password',
    );
    expect(rt.state.requests).toHaveLength(1);
  });

  it('accepts a guest login when the rooms are kept (NO_CLEANUP)', async () => {
    install([loginAs('guest'), roomsFrom(1)]);
    const { data } = await setupOutcome({ password: 'guest-pw', keepRooms: true });
    expect(data?.roomIds).toEqual([1, 2]);
  });

  it('reads the password from the k6 secret when PASSWORD is unset', async () => {
    const rt = install([loginAs('admin'), roomsFrom(1)], { password: 'from-secret' });
    const { data } = await setupOutcome({});
    expect(data?.roomIds).toEqual([1, 2]);
    expect(rt.state.requests[0]?.request.body).toBe('{"password":"from-secret"}');
  });

  it('says how to give the password when there is neither PASSWORD nor a secret', async () => {
    const rt = install([loginAs('admin')]);
    await setupOutcome({});
    expect(rt.state.abortMessage).toMatch(
      /^PASSWORD: not set, and no k6 secret named 'password' \(.+\); expected -e PASSWORD=\.\.\./,
    );
    expect(rt.state.requests).toHaveLength(0);
  });

  it('never logs the password or the API key', async () => {
    install([loginAs('admin'), roomsFrom(1)]);
    const lines = captureConsole();
    await setupOutcome({ password: 'hunter2' });
    const logged = JSON.stringify(lines);
    expect(logged).toContain('Created 2 test rooms');
    expect(logged).not.toContain('hunter2');
    expect(logged).not.toContain('secret-api-key');
  });
});

describe('removeTestRooms', () => {
  it('deletes every test room', () => {
    const rt = install([deleteOk]);
    removeTestRooms(BASE, { roomIds: [4, 5], apiKey: 'k' }, false);
    expect(rt.state.requests.map((r) => `${r.request.method} ${r.request.url}`)).toEqual([
      `DELETE ${BASE}/rooms/4`,
      `DELETE ${BASE}/rooms/5`,
    ]);
    expect(rt.state.requests[0]?.request.headers).toMatchObject({ 'X-API-Key': 'k' });
  });

  it('says which rooms it could not delete', () => {
    install([
      {
        method: 'DELETE',
        path: '/rooms/5',
        reply: { status: 404, body: { detail: 'Room not found' } },
      },
      deleteOk,
    ]);
    const lines = captureConsole();
    removeTestRooms(BASE, { roomIds: [4, 5], apiKey: 'k', runId: 'r9' }, false);
    expect(lines).toEqual([
      ['log', 'Deleting 2 test rooms of run r9'],
      ['log', 'Deleted 1 of 2 test rooms'],
      [
        'error',
        `Could not delete room 5 (404 Room not found): delete them with RUN_ID=r9 BASE_URL=${BASE} PASSWORD=... npm run cleanup (where only k6 is: k6 run -e BASE_URL=${BASE} -e PASSWORD=... -e RUN_ID=r9 dist/cleanup.js)`,
      ],
    ]);
  });

  it('keeps the rooms with NO_CLEANUP', () => {
    const rt = install([deleteOk]);
    const lines = captureConsole();
    removeTestRooms(BASE, { roomIds: [4], apiKey: 'k' }, true);
    expect(rt.state.requests).toHaveLength(0);
    expect(lines).toEqual([['log', 'NO_CLEANUP: kept the test rooms 4']]);
  });
});
