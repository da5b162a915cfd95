import { describe, expect, it } from 'vitest';
import { createStandIn, type StandIn } from '../server/core';
import { parseServerOptions } from '../server/options';
import { coreRequest, virtualClock } from '../server/testing';
import { login, SetupError, testRoomNames } from './backend';
import {
  awaitSharedRooms,
  joinSharedRooms,
  releaseSharedRooms,
  stoppedMarkerName,
} from './distributed-rooms';
import type { HttpSeam } from './http-seam';

const BASE = 'http://stand-in';

/** An HttpSeam answered by an in-process stand-in (requests of a batch in order). */
function seamTo(standIn: StandIn): HttpSeam {
  return {
    send: (requests) =>
      requests.map((r) => {
        const url = new URL(r.url);
        const response = standIn.handle(
          coreRequest(r.method, `${url.pathname}${url.search}`, {
            token: r.headers['X-API-Key'],
            body: r.body ?? undefined,
            headers: { 'content-type': 'application/json' },
          }),
        );
        return { status: response.status, body: response.body, error: '', errorCode: 0 };
      }),
  };
}

function setUp() {
  const clock = virtualClock();
  const standIn = createStandIn(parseServerOptions({}), clock);
  const http = seamTo(standIn);
  const { apiKey } = login(http, BASE, 'loadtest');
  const roomNames = () =>
    (
      JSON.parse(standIn.handle(coreRequest('GET', '/rooms', { token: apiKey })).body) as {
        name: string;
      }[]
    ).map((r) => r.name);
  return { clock, http, apiKey, roomNames };
}

describe('shared rooms of a distributed run', () => {
  it('creates each room once, and every instance gets the same ids', () => {
    const { http, apiKey, roomNames } = setUp();
    const names = testRoomNames('run1', 3);
    const c = { http, baseUrl: BASE, apiKey, runId: 'run1' };
    const first = joinSharedRooms(c, names);
    const second = joinSharedRooms(c, names);
    expect(first).toEqual({ roomIds: [1, 2, 3], created: 3 });
    expect(second).toEqual({ roomIds: [1, 2, 3], created: 0 });
    expect(roomNames()).toEqual(['loadtest-run1-1', 'loadtest-run1-2', 'loadtest-run1-3']);
  });

  it('takes the id of a room another instance created between its listing and its POST', () => {
    const { http, apiKey } = setUp();
    const c = { http, baseUrl: BASE, apiKey, runId: 'run1' };
    let raced = false;
    // The other instance creates room 2 right after this one listed the rooms.
    const racing: HttpSeam = {
      send: (requests) => {
        if (!raced && requests[0]?.method === 'POST') {
          raced = true;
          joinSharedRooms(c, ['loadtest-run1-2']);
        }
        return http.send(requests);
      },
    };
    const joined = joinSharedRooms({ ...c, http: racing }, testRoomNames('run1', 2));
    expect(joined).toEqual({ roomIds: [2, 1], created: 1 });
  });

  it('waits for the rooms the creating instance makes, and never creates one itself', () => {
    const { clock, http, apiKey } = setUp();
    const c = { http, baseUrl: BASE, apiKey, runId: 'run1' };
    const names = testRoomNames('run1', 2);
    const posts: string[] = [];
    const watching: HttpSeam = {
      send: (requests) => {
        for (const r of requests) if (r.method === 'POST') posts.push(r.url);
        return http.send(requests);
      },
    };
    let slept = 0;
    const ids = awaitSharedRooms({ ...c, http: watching }, names, 30_000, {
      nowMs: clock.now,
      sleepMs: (ms) => {
        slept += ms;
        clock.advance(ms);
        // The creator is 2 s late.
        if (slept === 2000) joinSharedRooms(c, names);
      },
    });
    expect([ids, posts, slept]).toEqual([[1, 2], [], 2000]);
  });

  it('gives up after its wait with one line naming RUN_ID and the missing rooms', () => {
    const { clock, http, apiKey } = setUp();
    const c = { http, baseUrl: BASE, apiKey, runId: 'run9' };
    joinSharedRooms(c, ['loadtest-run9-1']);
    expect(() =>
      awaitSharedRooms(c, testRoomNames('run9', 3), 10_000, {
        nowMs: clock.now,
        sleepMs: (ms) => clock.advance(ms),
      }),
    ).toThrow(
      new SetupError(
        `RUN_ID run9: the test rooms loadtest-run9-2, loadtest-run9-3 did not appear within 10 s; the instance whose segment starts at 0 creates them (is it running, against ${BASE}, with RUN_ID=run9?)`,
      ),
    );
  });

  it('takes the lowest id of rooms sharing a name, as every instance does', () => {
    const { clock, http, apiKey } = setUp();
    const c = { http, baseUrl: BASE, apiKey, runId: 'dup' };
    // Two creators at once on a server without atomic names: rooms 9 and 1 are both loadtest-dup-1.
    const listedTwice: HttpSeam = {
      send: (requests) =>
        http.send(requests).map((response, i) => {
          const r = requests[i];
          if (r?.method !== 'GET' || !r.url.endsWith('/rooms')) return response;
          const rooms = JSON.parse(response.body ?? '[]') as { id: number; name: string }[];
          return {
            ...response,
            body: JSON.stringify([{ id: 9, name: 'loadtest-dup-1' }, ...rooms]),
          };
        }),
    };
    joinSharedRooms(c, ['loadtest-dup-1']);
    const ids = awaitSharedRooms({ ...c, http: listedTwice }, ['loadtest-dup-1'], 0, {
      nowMs: clock.now,
      sleepMs: (ms) => clock.advance(ms),
    });
    expect(ids).toEqual([1]);
  });

  it('deletes nothing until every segment stopped; the last one out deletes everything', () => {
    const { clock, http, apiKey, roomNames } = setUp();
    const c = { http, baseUrl: BASE, apiKey, runId: 'run1' };
    joinSharedRooms(c, testRoomNames('run1', 2));
    joinSharedRooms(c, testRoomNames('run2', 1));
    // Segment 0:1/2 stops first: it waits for 1/2:1, which stops while it waits.
    let waited = 0;
    const outcome = releaseSharedRooms({ ...c, segment: '0:1/2' }, 2, 60_000, {
      nowMs: clock.now,
      sleepMs: (ms) => {
        waited += ms;
        clock.advance(ms);
        if (waited === 3000) {
          expect(roomNames()).toContain('loadtest-run1-1');
          const other = releaseSharedRooms({ ...c, segment: '1/2:1' }, 2, 60_000, {
            nowMs: clock.now,
            sleepMs: () => {
              throw new Error('the last instance must not wait');
            },
          });
          expect(other).toMatchObject({ kind: 'deleted', waitedForAll: true });
        }
      },
    });
    expect(outcome).toEqual({ kind: 'already-deleted' });
    expect(roomNames()).toEqual(['loadtest-run2-1']);
  });

  it('deletes after the grace period when an instance never stops (it died)', () => {
    const { clock, http, apiKey, roomNames } = setUp();
    const c = { http, baseUrl: BASE, apiKey, runId: 'r' };
    joinSharedRooms(c, testRoomNames('r', 2));
    const outcome = releaseSharedRooms({ ...c, segment: '1/3:2/3' }, 2, 5000, {
      nowMs: clock.now,
      sleepMs: (ms) => clock.advance(ms),
    });
    expect(outcome).toMatchObject({
      kind: 'deleted',
      waitedForAll: false,
      stopped: ['1/3:2/3'],
      missing: 0,
      outcome: { deleted: [1, 2, 3], failed: [] },
    });
    expect(clock.now() - Date.UTC(2025, 0, 1)).toBe(5000);
    expect(roomNames()).toEqual([]);
  });

  it('names its stop marker after the run and the segment', () => {
    expect(stoppedMarkerName('r', '1/2:1')).toBe('loadtest-r-stopped-1-2_1');
    expect(stoppedMarkerName('r', '50%:100%')).toBe('loadtest-r-stopped-50pct_100pct');
  });
});
