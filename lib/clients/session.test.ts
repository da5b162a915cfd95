import { describe, expect, it } from 'vitest';
import { modelEndpoints } from '../endpoints';
import { type RequestKind, requestKinds } from '../request-kinds';
import {
  ClientSession,
  type DueRequest,
  type StreamingModel,
  type StreamStart,
  type UserSpec,
} from './session';

interface Answer {
  status: number;
  body?: unknown;
  durationMs?: number;
}

interface Sent {
  atMs: number;
  what: string;
}

interface DriveOptions {
  model: StreamingModel;
  users?: UserSpec[];
  durationMs: number;
  answer?: (path: string, request: DueRequest<RequestKind>) => Answer;
  /** When an opened stream ends (connected), or undefined to hold it to the end. */
  streamEndsAtMs?: (start: StreamStart, openedAtMs: number) => number | undefined;
}

const BASE = 'http://h';

/**
 * Runs a session on a virtual clock: sends what is due, answers it, opens and ends streams.
 * Returns every request and stream as `<ms> <method> <path>`.
 */
function drive(o: DriveOptions): {
  sent: Sent[];
  planned: number;
  session: ClientSession<RequestKind>;
} {
  const users = o.users ?? [
    {
      user: 0,
      joinMs: 0,
      views: [
        { index: 0, id: o.model === 'chat' ? 11 : 3, streamRoomId: o.model === 'chat' ? 11 : 30 },
      ],
    },
  ];
  const kinds = requestKinds(modelEndpoints(o.model), BASE, 'key');
  const session = new ClientSession({
    model: o.model,
    kinds: kinds.filter((k) => k.endpoint !== 'stream'),
    stream: kinds.find((k) => k.endpoint === 'stream') as RequestKind,
    users,
    durationMs: o.durationMs,
  });
  const sent: Sent[] = [];
  let planned = session.takePlanned();
  const ends: { atMs: number; start: StreamStart }[] = [];
  const answer = o.answer ?? ((): Answer => ({ status: 200, body: {} }));
  for (let steps = 0; steps < 10_000; steps++) {
    const nextDue = session.nextDueMs() ?? Number.POSITIVE_INFINITY;
    ends.sort((a, b) => a.atMs - b.atMs);
    const nextEnd = ends[0]?.atMs ?? Number.POSITIVE_INFINITY;
    const now = Math.min(nextDue, nextEnd);
    if (!Number.isFinite(now)) break;
    if (nextEnd <= nextDue) {
      const end = ends.shift();
      if (end === undefined) break;
      sent.push({ atMs: end.atMs, what: 'stream ended' });
      session.streamEnded(end.start.view, { connected: true }, end.atMs);
      continue;
    }
    const starts: StreamStart[] = [];
    for (const request of session.due(now, 100)) {
      const path = request.url.slice(BASE.length);
      sent.push({ atMs: now, what: `${request.kind.method} ${path}` });
      const a = answer(path, request);
      const body = a.body === undefined ? null : JSON.stringify(a.body);
      const start = session.answered(request, a.status, body, a.durationMs ?? 0);
      if (start !== undefined) starts.push(start);
    }
    for (const start of starts) {
      session.streamOpened(start);
      sent.push({ atMs: now, what: `stream ${start.url.slice(BASE.length)}` });
      const endAt = o.streamEndsAtMs?.(start, now);
      if (endAt !== undefined) ends.push({ atMs: endAt, start });
    }
    planned += session.takePlanned();
  }
  return { sent, planned, session };
}

const lines = (sent: Sent[]) => sent.map((s) => `${s.atMs} ${s.what}`);
const ticket = { status: 200, body: { ticket: 'T-1' } };

/** Answers tickets with a ticket, `messages` with one message, everything else `{}`. */
function chatServer(overrides: Record<string, Answer> = {}) {
  return (path: string): Answer => {
    for (const [prefix, a] of Object.entries(overrides)) if (path.startsWith(prefix)) return a;
    if (path.endsWith('/stream/ticket')) return ticket;
    if (path.endsWith('/messages')) return { status: 200, body: [{ id: 5 }] };
    return { status: 200, body: [] };
  };
}

describe('the chat-room view (usePolling.ts, useSSE.ts, useRooms.ts)', () => {
  it('opens the room: the room list, its messages, the room, its agents, all agents, a ticket, then the stream', () => {
    const { sent } = drive({ model: 'chat', durationMs: 1000, answer: chatServer() });
    expect(lines(sent)).toEqual([
      '0 GET /rooms',
      '0 GET /rooms/11/messages',
      '0 GET /rooms/11',
      '0 GET /rooms/11/agents',
      '0 GET /agents',
      '0 POST /rooms/11/stream/ticket',
      '0 stream /rooms/11/stream?ticket=T-1',
    ]);
  });

  it('polls messages 5 s after opening (the stream was not up), then every 30 s after each answer while it is', () => {
    const { sent } = drive({
      model: 'chat',
      durationMs: 70_000,
      answer: chatServer({
        '/rooms/11/messages/poll': { status: 200, body: [{ id: 9 }], durationMs: 40 },
      }),
    });
    const polls = lines(sent).filter((l) => l.includes('messages/poll'));
    // The cursor comes from the opening's messages (id 5), then from the first poll (id 9).
    expect(polls).toEqual([
      '5000 GET /rooms/11/messages/poll?since_id=5',
      '35040 GET /rooms/11/messages/poll?since_id=9',
      '65080 GET /rooms/11/messages/poll?since_id=9',
    ]);
    // chatting-agents only while the stream is down: never here.
    expect(lines(sent).filter((l) => l.includes('chatting-agents'))).toEqual([]);
  });

  it('lists rooms every 5 s after the previous answer, from login', () => {
    const { sent } = drive({
      model: 'chat',
      durationMs: 16_000,
      answer: chatServer({ '/rooms': { status: 200, body: [], durationMs: 100 } }),
    });
    expect(lines(sent).filter((l) => / GET \/rooms$/.test(l))).toEqual([
      '0 GET /rooms',
      '5000 GET /rooms',
      '10100 GET /rooms',
      '15200 GET /rooms',
    ]);
  });

  it('with the stream down: messages every 5 s and chatting-agents every 3 s, each after its answer', () => {
    const { sent } = drive({
      model: 'chat',
      durationMs: 12_500,
      answer: chatServer({
        '/rooms/11/stream/ticket': { status: 503 },
        '/rooms/11/chatting-agents': { status: 200, body: { chatting_agents: [] }, durationMs: 10 },
      }),
    });
    expect(lines(sent).filter((l) => /poll|chatting/.test(l))).toEqual([
      '3000 GET /rooms/11/chatting-agents',
      '5000 GET /rooms/11/messages/poll?since_id=5',
      '6010 GET /rooms/11/chatting-agents',
      '9020 GET /rooms/11/chatting-agents',
      '10000 GET /rooms/11/messages/poll?since_id=5',
      '12030 GET /rooms/11/chatting-agents',
    ]);
  });

  it("a stream that ends switches the view to its down cadence at each timer's next arming, and reconnects after 1 s", () => {
    let tickets = 0;
    const { sent } = drive({
      model: 'chat',
      durationMs: 72_000,
      // The first stream is held until 40 s; every later ticket is refused.
      answer: (path) =>
        path.endsWith('/ticket')
          ? ++tickets === 1
            ? ticket
            : { status: 503 }
          : chatServer()(path),
      streamEndsAtMs: () => 40_000,
    });
    expect(lines(sent).filter((l) => /poll|chatting|stream/.test(l))).toEqual([
      '0 POST /rooms/11/stream/ticket',
      '0 stream /rooms/11/stream?ticket=T-1',
      '5000 GET /rooms/11/messages/poll?since_id=5',
      '35000 GET /rooms/11/messages/poll?since_id=5',
      '40000 stream ended',
      '41000 POST /rooms/11/stream/ticket',
      // The agents chain ticked every 3 s without sending while the stream was up; from its
      // next tick on it sends.
      '42000 GET /rooms/11/chatting-agents',
      '43000 POST /rooms/11/stream/ticket',
      '45000 GET /rooms/11/chatting-agents',
      '48000 POST /rooms/11/stream/ticket',
      '48000 GET /rooms/11/chatting-agents',
      '51000 GET /rooms/11/chatting-agents',
      '54000 GET /rooms/11/chatting-agents',
      '57000 GET /rooms/11/chatting-agents',
      '58000 POST /rooms/11/stream/ticket',
      '60000 GET /rooms/11/chatting-agents',
      '63000 GET /rooms/11/chatting-agents',
      // The poll armed at 35 s while the stream was up waits its 30 s, then 5 s (down).
      '65000 GET /rooms/11/messages/poll?since_id=5',
      '66000 GET /rooms/11/chatting-agents',
      '69000 GET /rooms/11/chatting-agents',
      '70000 GET /rooms/11/messages/poll?since_id=5',
    ]);
  });

  it('reconnects a refused stream after 1, 2, 5, 10, 30, 30 s, each with a new ticket', () => {
    const { sent } = drive({
      model: 'chat',
      durationMs: 110_000,
      answer: chatServer({ '/rooms/11/stream/ticket': { status: 401, body: { detail: 'no' } } }),
    });
    expect(
      lines(sent)
        .filter((l) => l.includes('ticket'))
        .map((l) => Number(l.split(' ')[0])),
    ).toEqual([0, 1000, 3000, 8000, 18_000, 48_000, 78_000, 108_000]);
  });

  it('starts the backoff again once a stream connected', () => {
    let tickets = 0;
    const { sent } = drive({
      model: 'chat',
      durationMs: 30_000,
      answer: (path) => {
        if (path.endsWith('/ticket')) return ++tickets === 3 ? ticket : { status: 503 };
        return chatServer()(path);
      },
      // The stream of the third ticket connects and ends 2 s later.
      streamEndsAtMs: (_start, at) => at + 2000,
    });
    // Tickets: 0 (503), 1 s (503), 3 s (200, stream to 5 s), then 1 s after the end (not 5 s),
    // and from there 2, 5, 10 s again.
    expect(
      lines(sent)
        .filter((l) => l.includes('POST'))
        .map((l) => Number(l.split(' ')[0])),
    ).toEqual([0, 1000, 3000, 6000, 8000, 13_000, 23_000]);
  });
});

/** The game view's server: a world, polls with `messages`, tickets. */
function gameServer(overrides: Record<string, Answer> = {}) {
  return (path: string): Answer => {
    for (const [prefix, a] of Object.entries(overrides)) if (path.startsWith(prefix)) return a;
    if (path.endsWith('/stream/ticket')) return ticket;
    if (path.startsWith('/worlds/3/poll'))
      return { status: 200, body: { messages: [], state: {} } };
    return { status: 200, body: {} };
  };
}

describe('the game view (SessionContext.tsx)', () => {
  it('loads the world at login; its answer opens the view: state, locations, suggestions, a poll, the stream', () => {
    const { sent } = drive({
      model: 'game',
      durationMs: 1000,
      answer: gameServer({ '/worlds/3': { status: 200, body: { id: 3 }, durationMs: 30 } }),
    });
    expect(lines(sent)).toEqual([
      '0 GET /rooms',
      '0 GET /worlds/3',
      '30 POST /rooms/30/stream/ticket',
      '30 GET /worlds/3/state',
      '30 GET /worlds/3/locations',
      '30 GET /worlds/3/action/suggestions',
      '30 GET /worlds/3/poll',
      '30 stream /rooms/30/stream?ticket=T-1',
    ]);
  });

  it('with the stream up: a world poll 15 s after each answer, with the onboarding flag, never chatting-agents', () => {
    const { sent } = drive({
      model: 'game',
      durationMs: 50_000,
      answer: gameServer({
        '/worlds/3/poll?': { status: 200, body: { messages: [{ id: 7 }] }, durationMs: 20 },
      }),
    });
    expect(lines(sent).filter((l) => /worlds\/3\/(poll|chatting)/.test(l))).toEqual([
      '0 GET /worlds/3/poll',
      // The opening poll's answer came before the stream was open: 2 s (down) from it.
      '2000 GET /worlds/3/poll?poll_onboarding=true',
      '17020 GET /worlds/3/poll?since_message_id=7&poll_onboarding=true',
      '32040 GET /worlds/3/poll?since_message_id=7&poll_onboarding=true',
      '47060 GET /worlds/3/poll?since_message_id=7&poll_onboarding=true',
    ]);
  });

  it('with the stream down: a world poll 2 s after each answer, chatting-agents 1.5 s after each', () => {
    const { sent } = drive({
      model: 'game',
      durationMs: 6500,
      answer: gameServer({
        '/rooms/30/stream/ticket': { status: 503 },
        '/worlds/3/poll': { status: 200, body: { messages: [] }, durationMs: 100 },
      }),
    });
    expect(lines(sent).filter((l) => /worlds\/3\/(poll|chatting)/.test(l))).toEqual([
      '0 GET /worlds/3/poll',
      '1600 GET /worlds/3/chatting-agents?poll_onboarding=true',
      '2100 GET /worlds/3/poll?poll_onboarding=true',
      '3700 GET /worlds/3/chatting-agents?poll_onboarding=true',
      '4200 GET /worlds/3/poll?poll_onboarding=true',
      '5800 GET /worlds/3/chatting-agents?poll_onboarding=true',
      '6300 GET /worlds/3/poll?poll_onboarding=true',
    ]);
  });

  it('a failed poll does not restart the intervals: they keep their period from the last restart', () => {
    const { sent } = drive({
      model: 'game',
      durationMs: 6100,
      answer: gameServer({
        '/rooms/30/stream/ticket': { status: 503 },
        '/worlds/3/poll': { status: 500, durationMs: 100 },
      }),
    });
    // Started when the world answered (0 ms here), never restarted: every 2 s and every 1.5 s.
    expect(lines(sent).filter((l) => /worlds\/3\/(poll|chatting)/.test(l))).toEqual([
      '0 GET /worlds/3/poll',
      '1500 GET /worlds/3/chatting-agents?poll_onboarding=true',
      '2000 GET /worlds/3/poll?poll_onboarding=true',
      '3000 GET /worlds/3/chatting-agents?poll_onboarding=true',
      '4000 GET /worlds/3/poll?poll_onboarding=true',
      '4500 GET /worlds/3/chatting-agents?poll_onboarding=true',
      '6000 GET /worlds/3/poll?poll_onboarding=true',
      '6000 GET /worlds/3/chatting-agents?poll_onboarding=true',
    ]);
  });

  it('a world that does not load opens no view: only the room list goes on', () => {
    const { sent } = drive({
      model: 'game',
      durationMs: 11_000,
      answer: gameServer({ '/worlds/3': { status: 404, body: { detail: 'World not found' } } }),
    });
    expect(lines(sent)).toEqual([
      '0 GET /rooms',
      '0 GET /worlds/3',
      '5000 GET /rooms',
      '10000 GET /rooms',
    ]);
  });
});

describe('the plan', () => {
  it('counts every request the timers send before the end, and nothing after it', () => {
    for (const model of ['chat', 'game'] as const) {
      for (const down of [false, true]) {
        const { sent, planned } = drive({
          model,
          durationMs: 61_000,
          users: [0, 1, 2].map((user) => ({
            user,
            joinMs: user * 1700,
            views: [{ index: user, id: 10 + user, streamRoomId: 20 + user }],
          })),
          answer: (path) =>
            path.endsWith('/ticket') && down
              ? { status: 503 }
              : { ...(model === 'chat' ? chatServer() : gameServer())(path), durationMs: 7 },
        });
        const requests = sent.filter((s) => !s.what.startsWith('stream'));
        expect(requests.every((s) => s.atMs < 61_000)).toBe(true);
        expect(planned, `${model}, stream ${down ? 'down' : 'up'}`).toBe(requests.length);
      }
    }
  });
});
