import { describe, expect, it } from 'vitest';
import {
  createRooms,
  createWorlds,
  deleteRooms,
  deleteWorlds,
  describeFailedDeletes,
  login,
  makeRunId,
  SetupError,
  testRoomNames,
  testWorldNames,
} from './backend';
import type { HttpSeam, SeamRequest, SeamResponse } from './http-seam';

const BASE = 'http://127.0.0.1:8000';

/** A fake backend: answers each request from a handler and records what it was sent. */
function fakeSeam(handle: (request: SeamRequest) => SeamResponse) {
  const sent: SeamRequest[] = [];
  const seam: HttpSeam = {
    send(requests) {
      sent.push(...requests);
      return requests.map(handle);
    },
  };
  return { seam, sent };
}

const ok = (body: unknown): SeamResponse => ({
  status: 200,
  body: JSON.stringify(body),
  error: '',
  errorCode: 0,
});
const fail = (status: number, body: unknown): SeamResponse => ({
  status,
  body: JSON.stringify(body),
  error: `${status}`,
  errorCode: 1000 + status,
});
const refused: SeamResponse = {
  status: 0,
  body: null,
  error: 'dial: connection refused',
  errorCode: 1212,
};

describe('login', () => {
  it('posts the password and returns the API key and role', () => {
    const { seam, sent } = fakeSeam(() => ok({ success: true, api_key: 'key-1', role: 'admin' }));
    expect(login(seam, BASE, 'pw')).toEqual({ apiKey: 'key-1', role: 'admin' });
    expect(sent[0]).toMatchObject({
      method: 'POST',
      url: `${BASE}/auth/login`,
      body: '{"password":"pw"}',
      tags: { phase: 'setup', name: '/auth/login' },
    });
  });

  it('fails with the server status and detail on a wrong password', () => {
    const { seam } = fakeSeam(() => fail(401, { detail: 'Invalid password' }));
    expect(() => login(seam, BASE, 'bad')).toThrow(
      new SetupError('Authentication failed: 401 Invalid password'),
    );
  });

  it('says the login was rate limited on a 429, not that the password is wrong', () => {
    const { seam } = fakeSeam(() => fail(429, { error: 'Rate limit exceeded: 20 per 1 minute' }));
    expect(() => login(seam, BASE, 'pw')).toThrow(
      new SetupError(
        'Login rate limited: 429 Rate limit exceeded: 20 per 1 minute from this address (every login attempt counts, wrong passwords too); the password was not checked: retry when the window has passed',
      ),
    );
  });

  it('names BASE_URL when the server is unreachable', () => {
    const { seam } = fakeSeam(() => refused);
    expect(() => login(seam, BASE, 'pw')).toThrow(
      `Cannot reach the backend at BASE_URL=${BASE}: dial: connection refused`,
    );
  });

  it('rejects a 200 without an api_key, and never echoes the password', () => {
    const { seam } = fakeSeam(() => ({
      status: 200,
      body: '<html>proxy</html>',
      error: '',
      errorCode: 0,
    }));
    let message = '';
    try {
      login(seam, BASE, 'secret-pw');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      `Authentication failed: ${BASE}/auth/login answered 200 without an api_key (is BASE_URL a ClaudeWorld backend?)`,
    );
  });
});

describe('test rooms', () => {
  it('names rooms uniquely per run', () => {
    expect(testRoomNames('abc', 3)).toEqual(['loadtest-abc-1', 'loadtest-abc-2', 'loadtest-abc-3']);
    expect(makeRunId(1_700_000_000_000, () => 0.5)).toBe(`${(1_700_000_000_000).toString(36)}iiii`);
  });

  it('creates rooms with the API key and returns their ids in order', () => {
    let next = 40;
    const { seam, sent } = fakeSeam(() => ok({ id: next++ }));
    expect(createRooms(seam, BASE, 'key', testRoomNames('r', 3))).toEqual([40, 41, 42]);
    expect(sent.map((r) => r.body)).toEqual([
      '{"name":"loadtest-r-1"}',
      '{"name":"loadtest-r-2"}',
      '{"name":"loadtest-r-3"}',
    ]);
    expect(sent[0]?.headers['X-API-Key']).toBe('key');
  });

  it('deletes the rooms it made when a later creation fails', () => {
    let next = 1;
    const { seam, sent } = fakeSeam((request) => {
      if (request.method === 'DELETE') return ok({ message: 'Room deleted successfully' });
      if (next > 25) return fail(409, { detail: "Room with name 'x' already exists" });
      return ok({ id: next++ });
    });
    expect(() => createRooms(seam, BASE, 'key', testRoomNames('r', 30))).toThrow(
      "Setup failed: could not create room 'loadtest-r-26': 409 Room with name 'x' already exists; deleted the 25 rooms already created",
    );
    const deleted = sent.filter((r) => r.method === 'DELETE').map((r) => r.url);
    expect(deleted).toEqual(Array.from({ length: 25 }, (_, i) => `${BASE}/rooms/${i + 1}`));
  });

  it('says which rooms are left when the rollback fails too', () => {
    let created = 0;
    const { seam } = fakeSeam((request) => {
      if (request.method === 'DELETE') return request.url.endsWith('/2') ? refused : ok({});
      return created < 2 ? ok({ id: ++created }) : fail(500, { detail: 'boom' });
    });
    expect(() => createRooms(seam, BASE, 'key', testRoomNames('r', 3))).toThrow(
      "Setup failed: could not create room 'loadtest-r-3': 500 boom; could not delete room 2 (dial: connection refused): delete them by hand",
    );
  });

  it('reports rooms it could not delete', () => {
    const { seam } = fakeSeam((request) =>
      request.url.endsWith('/8') ? fail(404, { detail: 'Room not found' }) : ok({}),
    );
    expect(deleteRooms(seam, BASE, 'key', [7, 8, 9])).toEqual({
      deleted: [7, 9],
      failed: [{ id: 8, reason: '404 Room not found' }],
    });
  });
});

describe('test worlds', () => {
  it('creates worlds by POST /worlds/ with run-unique names, and keeps each onboarding room', () => {
    let next = 3;
    const { seam, sent } = fakeSeam(() => {
      const id = next++;
      return ok({ name: 'w', id, phase: 'onboarding', onboarding_room_id: id * 10 });
    });
    expect(createWorlds(seam, BASE, 'key', testWorldNames('r', 2))).toEqual([
      { id: 3, roomId: 30 },
      { id: 4, roomId: 40 },
    ]);
    expect(sent.map((r) => [r.method, r.url, r.body])).toEqual([
      ['POST', `${BASE}/worlds/`, '{"name":"loadtest-r-w1"}'],
      ['POST', `${BASE}/worlds/`, '{"name":"loadtest-r-w2"}'],
    ]);
    expect(sent[0]?.headers['X-API-Key']).toBe('key');
  });

  it('deletes the worlds it made when a later creation fails, and never starts onboarding', () => {
    let next = 1;
    const { seam, sent } = fakeSeam((request) => {
      if (request.method === 'DELETE') return ok({ status: 'deleted' });
      if (next > 2) return fail(400, { detail: "World 'x' already exists" });
      return ok({ id: next, onboarding_room_id: 100 + next++ });
    });
    expect(() => createWorlds(seam, BASE, 'key', testWorldNames('r', 3))).toThrow(
      "Setup failed: could not create world 'loadtest-r-w3': 400 World 'x' already exists; deleted the 2 worlds already created",
    );
    expect(sent.filter((r) => r.method === 'DELETE').map((r) => r.url)).toEqual([
      `${BASE}/worlds/1`,
      `${BASE}/worlds/2`,
    ]);
    expect(sent.some((r) => r.url.includes('start-onboarding'))).toBe(false);
  });

  it('refuses a 200 that is not a world', () => {
    const { seam } = fakeSeam(() => ok({ detail: 'html?' }));
    expect(() => createWorlds(seam, BASE, 'key', testWorldNames('r', 1))).toThrow(
      /without an id and an onboarding_room_id/,
    );
  });

  it('deletes worlds and names the ones it could not', () => {
    const { seam } = fakeSeam((request) =>
      request.url.endsWith('/8')
        ? fail(404, { detail: 'World not found' })
        : ok({ status: 'deleted' }),
    );
    const outcome = deleteWorlds(seam, BASE, 'key', [7, 8]);
    expect(outcome).toEqual({ deleted: [7], failed: [{ id: 8, reason: '404 World not found' }] });
    expect(describeFailedDeletes(outcome.failed, 'world')).toBe('world 8 (404 World not found)');
  });
});
