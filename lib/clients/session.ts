// The chat and game client models for the users one VU runs: every request the web client's
// timers send, from the table of endpoints (lib/endpoints.ts), and each view's SSE stream with
// the client's reconnection rules. Pure and clock-free: the VU says what time it is, sends what
// is due, and reports each answer and each stream's end; times are ms from the scenario's start.
//
// The client's rules (docs/clients.md):
// - a setTimeout chain is armed again after each answer (after a tick that sent nothing, at
//   once), with the period of the stream's state at that moment;
// - a setInterval keeps its period until an answer of the kind that re-arms it (a 200) restarts
//   it with the period of the stream's state then; a failed answer does not restart it;
// - a view's timers start when it opens (the chat view at once, the game view when its world
//   answered); the user's own (the room list) at login;
// - the stream: a ticket, then the stream; a ticket refused or a stream that ends reconnects
//   after 1, 2, 5, 10, 30, 30 ... s with a new ticket, the count starting again once a stream
//   connected. While its stream is not open, a view polls at its "down" periods.
// The answer times the timers are armed from are the client's: the tick's due time plus the
// request's duration, so a late generator shows as schedule lag instead of moving the schedule.

import {
  type ClientModel,
  ENDPOINTS,
  type Endpoint,
  type ModelCadence,
  modelEndpoints,
  STREAM_BACKOFF_MS,
  type Timer,
  VIEW_OPENS_AFTER,
} from '../endpoints';
import { parseJsonBody } from '../http-seam';
import { type MessageList, readMessageList } from '../poll/response';
import type { RequestKind } from '../request-kinds';
import { TimerWheel } from './timer-wheel';

/** A model whose requests depend on a stream: the chat-room view and the game view. */
export type StreamingModel = Exclude<ClientModel, 'seed'>;

/** What a view is about: a chat room, or a game world and its room. */
export interface ViewSpec {
  /** Index into setup's rooms (chat) or worlds (game). */
  readonly index: number;
  /** The id in the view's paths: the room's id (chat) or the world's (game). */
  readonly id: number;
  /** The room whose stream the view holds: the room itself, or the world's room. */
  readonly streamRoomId: number;
}

export interface UserSpec {
  readonly user: number;
  /** When the user logs in (ms from the start). */
  readonly joinMs: number;
  readonly views: readonly ViewSpec[];
}

export type StreamPhase = 'closed' | 'ticket' | 'open' | 'waiting';

/** One view of one user: its cursor, its stream and its timers. */
export class View {
  readonly owner: UserState;
  readonly spec: ViewSpec;
  opened = false;
  /** The newest message id the view has seen. */
  cursor: number | undefined;
  stream: StreamPhase = 'closed';
  /** Connection attempts since a stream last connected (the backoff's index). */
  attempt = 0;
  /** Tickets sent: every one after the first is a reconnection. */
  tickets = 0;
  readonly timers: TimerState[] = [];

  constructor(owner: UserState, spec: ViewSpec) {
    this.owner = owner;
    this.spec = spec;
  }

  get user(): number {
    return this.owner.spec.user;
  }

  /** The client's `sseConnected`: its stream request is open (k6 cannot see more). */
  streamUp(): boolean {
    return this.stream === 'open';
  }
}

/** The user's own requests (the room list, the world) and its views. */
class UserState {
  readonly spec: UserSpec;
  readonly views: View[];
  readonly timers: TimerState[] = [];

  constructor(spec: UserSpec) {
    this.spec = spec;
    this.views = spec.views.map((v) => new View(this, v));
  }

  /** The user's kinds run whatever its views show; a stream matters only if all are up. */
  streamUp(): boolean {
    for (let i = 0; i < this.views.length; i++)
      if (!(this.views[i] as View).streamUp()) return false;
    return this.views.length > 0;
  }
}

/** A kind as the model sends it. */
interface KindPlan<K extends RequestKind> {
  readonly kind: K;
  readonly cadence: ModelCadence;
  readonly perUser: boolean;
  /** The id in its path: none, the view's (room or world), or the stream's room (ticket). */
  readonly pathId: 'none' | 'view' | 'stream-room';
  readonly timer: Timer | undefined;
  /** `&poll_onboarding=true` or `?...`: the query the timer's requests add, split for the cursor. */
  readonly timerQuery: string | undefined;
}

/** One repeating timer (a chain or an interval) of a user or a view. */
class TimerState {
  /** Bumped when the timer is restarted: a tick of an older generation is dropped. */
  generation = 0;
  /** The interval's period, fixed until it is restarted. */
  periodMs = 0;
  /** The tick in the wheel was counted in the plan (so a restart takes it back). */
  pendingPlanned = false;

  constructor(
    readonly plan: KindPlan<RequestKind>,
    readonly user: UserState,
    readonly view: View | undefined,
  ) {}

  streamUp(): boolean {
    return this.view?.streamUp() ?? this.user.streamUp();
  }
}

type TickReason = 'opening' | 'timer' | 'connect';

interface Tick {
  readonly dueMs: number;
  readonly reason: TickReason;
  readonly plan: KindPlan<RequestKind>;
  readonly user: UserState;
  readonly view: View | undefined;
  readonly timer: TimerState | undefined;
  readonly generation: number;
}

/** A request the model sends now. */
export interface DueRequest<K extends RequestKind> {
  readonly kind: K;
  readonly url: string;
  /** When the client's timer fired (the schedule lag is now minus this). */
  readonly dueMs: number;
  /** The view it is about; undefined for the user's own requests. */
  readonly view: View | undefined;
  /** @internal */
  readonly tick: Tick;
}

/** A stream the VU opens now: after a ticket, for the rest of the run. */
export interface StreamStart {
  readonly view: View;
  readonly url: string;
}

/** How a stream ended, as far as k6 can tell (lib/clients/stream-outcome.ts). */
export interface StreamEnd {
  /** It got its 200 before it ended: the client's onopen fired. */
  readonly connected: boolean;
}

export interface SessionOptions<K extends RequestKind> {
  readonly model: StreamingModel;
  /** One request kind per kind of the model but the stream, in any order. */
  readonly kinds: readonly K[];
  /** The stream's kind: the VU holds it with its own params, not as a request. */
  readonly stream: RequestKind;
  readonly users: readonly UserSpec[];
  /** No tick at or after this is sent (ms from the start). */
  readonly durationMs: number;
}

/** Width of the timer wheel's buckets: about the VU's shortest wait. */
const WHEEL_BUCKET_MS = 10;

export class ClientSession<K extends RequestKind> {
  readonly #model: StreamingModel;
  readonly #durationMs: number;
  readonly #wheel = new TimerWheel<Tick>(WHEEL_BUCKET_MS);
  readonly #plans = new Map<Endpoint, KindPlan<K>>();
  readonly #users: UserState[];
  readonly #ticket: KindPlan<K>;
  readonly #stream: RequestKind;
  readonly #root: Endpoint | null;
  /** Requests the timers planned (due before the end) since the last `takePlanned`. */
  #planned = 0;
  readonly #due: Tick[] = [];

  constructor(o: SessionOptions<K>) {
    this.#model = o.model;
    this.#durationMs = o.durationMs;
    this.#root = VIEW_OPENS_AFTER[o.model];
    for (const endpoint of modelEndpoints(o.model)) {
      if (ENDPOINTS[endpoint].held) continue;
      const kind = o.kinds.find((k) => k.endpoint === endpoint);
      const cadence = ENDPOINTS[endpoint].cadence[o.model];
      if (kind === undefined || cadence === undefined) {
        throw new Error(`ClientSession: no request kind for ${endpoint}`);
      }
      const spec = ENDPOINTS[endpoint];
      this.#plans.set(endpoint, {
        kind,
        cadence,
        perUser: cadence.per === 'user',
        // The ticket and the stream (per connection) are about the room whose stream it is.
        pathId:
          spec.scope === 'none'
            ? 'none'
            : cadence.timer?.kind === 'per-connection'
              ? 'stream-room'
              : 'view',
        timer: cadence.timer,
        timerQuery: cadence.timerQuery,
      });
    }
    this.#ticket = this.#plan('ticket');
    this.#stream = o.stream;
    this.#users = o.users.map((spec) => new UserState(spec));
    for (const user of this.#users) this.#login(user);
  }

  /** Requests the timers planned since the last call: each is due before the end. */
  takePlanned(): number {
    const planned = this.#planned;
    this.#planned = 0;
    return planned;
  }

  /** When the next tick is due; undefined when nothing is left before the end. */
  nextDueMs(): number | undefined {
    return this.#wheel.nextDueMs();
  }

  /** The requests due by `nowMs`, at most `max`, earliest first; they count as sent. */
  due(nowMs: number, max: number): DueRequest<K>[] {
    const requests: DueRequest<K>[] = [];
    const ticks = this.#due;
    while (requests.length < max) {
      ticks.length = 0;
      this.#wheel.takeDue(nowMs, max - requests.length, ticks);
      if (ticks.length === 0) break;
      for (let i = 0; i < ticks.length; i++) {
        const request = this.#fire(ticks[i] as Tick);
        if (request !== undefined) requests.push(request);
      }
    }
    return requests;
  }

  /**
   * The message list of the last answer {@link answered} read (a kind with a cursor; count 0
   * otherwise), and whether it moved its view's cursor: the VU counts both. One object, reused.
   */
  readonly lastMessages: MessageList = { count: 0, latest: undefined };
  lastCursorMoved = false;

  /**
   * An answer arrived: its status, its body (for kinds that read it; null otherwise) and how
   * long it took. Returns the stream to open when it was a ticket's: the VU opens it once the
   * other answers of its batch are handled (`streamOpened`), since a browser's stream connects
   * a round trip after its ticket.
   */
  answered(
    request: DueRequest<K>,
    status: number,
    body: string | null,
    durationMs: number,
  ): StreamStart | undefined {
    const { tick, view } = request;
    const atMs = tick.dueMs + durationMs;
    const endpoint = tick.plan.kind.endpoint;
    const ok = status === 200;
    const cursor = ENDPOINTS[endpoint].cursor;
    this.lastMessages.count = 0;
    this.lastCursorMoved = false;
    if (ok && cursor !== null && view !== undefined) {
      const latest = readMessageList(body, cursor.messagesIn, this.lastMessages).latest;
      if (latest !== undefined && (view.cursor === undefined || latest > view.cursor)) {
        view.cursor = latest;
        this.lastCursorMoved = true;
      }
    }
    if (tick.reason === 'timer' && tick.timer?.plan.timer?.kind === 'timeout-chain') {
      this.#armChain(tick.timer, atMs);
    }
    if (ok) this.#rearmIntervals(tick.user, view, endpoint, atMs);
    if (ok && endpoint === this.#root) {
      for (const v of tick.user.views) this.#openView(tick.user, v, atMs);
    }
    if (tick.plan === this.#ticket && view !== undefined)
      return this.#ticketAnswered(view, ok, body, atMs);
    return undefined;
  }

  /** The VU opened the stream: from now on the view polls at its "up" periods. */
  streamOpened(start: StreamStart): void {
    start.view.stream = 'open';
  }

  /** The view's stream ended at `atMs`: it reconnects after the client's backoff. */
  streamEnded(view: View, end: StreamEnd, atMs: number): void {
    if (end.connected) view.attempt = 0;
    this.#reconnect(view, atMs);
  }

  /** Every view, for the VU's accounting of open streams. */
  views(): readonly View[] {
    return this.#users.flatMap((u) => u.views);
  }

  #plan(endpoint: Endpoint): KindPlan<K> {
    const plan = this.#plans.get(endpoint);
    if (plan === undefined)
      throw new Error(`ClientSession: the ${this.#model} model has no ${endpoint}`);
    return plan;
  }

  /** Login: the user's own openings and timers; the views too unless a root opens them. */
  #login(user: UserState): void {
    const at = user.spec.joinMs;
    for (const plan of this.#plans.values()) {
      if (!plan.perUser) continue;
      if (plan.cadence.opening === true)
        this.#schedule(at, 'opening', plan, user, undefined, undefined);
      if (plan.timer !== undefined) this.#startTimer(plan, user, undefined, at);
    }
    if (this.#root === null) for (const view of user.views) this.#openView(user, view, at);
  }

  #openView(user: UserState, view: View, atMs: number): void {
    if (view.opened) return;
    view.opened = true;
    for (const plan of this.#plans.values()) {
      if (plan.perUser) continue;
      if (plan === this.#ticket) {
        view.stream = 'waiting';
        this.#schedule(atMs, 'connect', plan, user, view, undefined);
        continue;
      }
      if (plan.cadence.opening === true)
        this.#schedule(atMs, 'opening', plan, user, view, undefined);
      if (plan.timer !== undefined) this.#startTimer(plan, user, view, atMs);
    }
  }

  #startTimer(plan: KindPlan<K>, user: UserState, view: View | undefined, atMs: number): void {
    const timer = new TimerState(plan, user, view);
    (view?.timers ?? user.timers).push(timer);
    if (plan.timer?.kind === 'interval') this.#armInterval(timer, atMs);
    else this.#armChain(timer, atMs);
  }

  #period(timer: TimerState): number {
    const t = timer.plan.timer;
    if (t === undefined || t.kind === 'poll-interval' || t.kind === 'per-connection') return 0;
    return timer.streamUp() ? t.upMs : t.downMs;
  }

  /** Whether a tick of this timer sends whatever the stream does (so it is planned ahead). */
  #alwaysSends(timer: TimerState): boolean {
    const t = timer.plan.timer;
    return t !== undefined && 'sendsWhile' in t && t.sendsWhile === 'always';
  }

  #armChain(timer: TimerState, fromMs: number): void {
    timer.generation++;
    this.#scheduleTimerTick(timer, fromMs + this.#period(timer));
  }

  #armInterval(timer: TimerState, fromMs: number): void {
    if (timer.pendingPlanned) this.#planned--;
    timer.generation++;
    timer.periodMs = this.#period(timer);
    this.#scheduleTimerTick(timer, fromMs + timer.periodMs);
  }

  #rearmIntervals(user: UserState, view: View | undefined, endpoint: Endpoint, atMs: number): void {
    const timers = view?.timers ?? user.timers;
    for (let i = 0; i < timers.length; i++) {
      const timer = timers[i] as TimerState;
      const t = timer.plan.timer;
      if (t?.kind === 'interval' && t.rearmedBy === endpoint) this.#armInterval(timer, atMs);
    }
  }

  #scheduleTimerTick(timer: TimerState, dueMs: number): void {
    timer.pendingPlanned = false;
    if (dueMs >= this.#durationMs) return;
    if (this.#alwaysSends(timer)) {
      timer.pendingPlanned = true;
      this.#planned++;
    }
    this.#wheel.add({
      dueMs,
      reason: 'timer',
      plan: timer.plan,
      user: timer.user,
      view: timer.view,
      timer,
      generation: timer.generation,
    });
  }

  #schedule(
    dueMs: number,
    reason: TickReason,
    plan: KindPlan<RequestKind>,
    user: UserState,
    view: View | undefined,
    timer: TimerState | undefined,
  ): void {
    if (dueMs >= this.#durationMs) return;
    this.#planned++;
    this.#wheel.add({ dueMs, reason, plan, user, view, timer, generation: 0 });
  }

  #fire(tick: Tick): DueRequest<K> | undefined {
    const timer = tick.timer;
    if (tick.reason === 'connect') {
      if (tick.view === undefined || tick.view.stream !== 'waiting') return undefined;
      tick.view.stream = 'ticket';
      tick.view.tickets++;
      return this.#request(tick, false);
    }
    if (tick.reason === 'opening' || timer === undefined) return this.#request(tick, false);
    if (tick.generation !== timer.generation) return undefined;
    timer.pendingPlanned = false;
    const t = timer.plan.timer;
    if (t?.kind === 'interval') this.#scheduleTimerTick(timer, tick.dueMs + timer.periodMs);
    const sends =
      t !== undefined && 'sendsWhile' in t && (t.sendsWhile === 'always' || !timer.streamUp());
    if (!sends) {
      // The client's callback ran and sent nothing: a chain is armed again at once.
      if (t?.kind === 'timeout-chain') this.#armChain(timer, tick.dueMs);
      return undefined;
    }
    if (!this.#alwaysSends(timer)) this.#planned++;
    return this.#request(tick, true);
  }

  #request(tick: Tick, byTimer: boolean): DueRequest<K> {
    const { plan, view } = tick;
    const kind = plan.kind as K;
    let url = kind.urlPrefix;
    // A user's kind with an id (the game's world) is about the user's one view.
    const about = view ?? tick.user.views[0];
    if (plan.pathId !== 'none' && about !== undefined) {
      const id = plan.pathId === 'stream-room' ? about.spec.streamRoomId : about.spec.id;
      url = `${url}${id}${kind.urlSuffix}`;
    }
    if (byTimer) url += this.#query(plan, view);
    return { kind, url, dueMs: tick.dueMs, view, tick };
  }

  /** `?since_id=42`, `?since_message_id=7&poll_onboarding=true`, `?poll_onboarding=true`, ''. */
  #query(plan: KindPlan<RequestKind>, view: View | undefined): string {
    const cursor = plan.kind.cursorQuery !== null && view?.cursor !== undefined;
    const since = cursor ? `${plan.kind.cursorQuery}${view?.cursor}` : '';
    if (plan.timerQuery === undefined) return since;
    return since === '' ? `?${plan.timerQuery}` : `${since}&${plan.timerQuery}`;
  }

  #ticketAnswered(
    view: View,
    ok: boolean,
    body: string | null,
    atMs: number,
  ): StreamStart | undefined {
    const ticket = ok
      ? (parseJsonBody(body) as { ticket?: unknown } | undefined)?.ticket
      : undefined;
    if (typeof ticket !== 'string' || ticket === '') {
      this.#reconnect(view, atMs);
      return undefined;
    }
    const stream = this.#stream;
    return {
      view,
      url: `${stream.urlPrefix}${view.spec.streamRoomId}${stream.urlSuffix}?ticket=${encodeURIComponent(ticket)}`,
    };
  }

  #reconnect(view: View, atMs: number): void {
    view.stream = 'waiting';
    const delay = STREAM_BACKOFF_MS[Math.min(view.attempt, STREAM_BACKOFF_MS.length - 1)] ?? 0;
    view.attempt++;
    this.#schedule(atMs + delay, 'connect', this.#ticket, view.owner, view, undefined);
  }
}
