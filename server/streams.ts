// The SSE streams of GET /rooms/{id}/stream, without sockets: each open stream writes frames
// to a sink the transport gives it, and one shared tick (`tick()`, driven by the Node adapter's
// single interval or by a test's virtual clock) sends every keepalive, ping and fault drop due.
//
// Cheap at 10,000 streams: no timer per stream. Every stream sits in three intrusive lists,
// each kept in due order by construction (a stream's next ping is always its last + 15 s, its
// next keepalive its last frame + 15 s, its drop its open time + a constant), so a tick looks
// only at the heads and moves a written stream to its list's tail: O(1) per frame, nothing
// allocated but the frame. Broadcast frames are built once and written to every subscriber.
//
// What is broadcast, as the backend does (routers/sse.py, sdk/agent/agent_manager.py,
// orchestration/response_generator.py): agent output only. For each simulated agent message
// (activity.ts) stream_start when it starts generating, content_delta as its text grows (once
// per 100 ms step), stream_end and new_message when it lands. A user's message never is.

import { randomBytes } from 'node:crypto';
import type { Activity, Generation } from './activity';
import { pythonJsonDumps, pythonNaiveIsoformat } from './python';
import {
  eventFrame,
  KEEPALIVE_FRAME,
  KEEPALIVE_INTERVAL_MS,
  PING_INTERVAL_MS,
  pingFrame,
} from './sse';
import type { Message, Room, Store } from './store';
import type { Clock } from './types';

/** Where a stream's frames go: the transport's response body. */
export interface StreamSink {
  write(frame: string): void;
  /** The server ends the response (the terminating chunk). */
  end(): void;
}

/** A stream the core has accepted (ticket redeemed, 200 decided), for the transport to run. */
export interface CoreStream {
  /** Writes the opening frames (catch_up per agent mid-reply, connected) and starts the stream. */
  open(sink: StreamSink): void;
  /** The client went away, or never got the stream: stops and forgets it. Safe to call twice. */
  close(): void;
}

/** Granularity of the simulated agents' text growth (content_delta), in ms. */
export const ANIMATION_STEP_MS = 100;
/** A virtual clock jumping further than this skips the agents' deltas in between. */
const MAX_ANIMATION_CATCH_UP_MS = 60_000;

export const FRAME_KINDS = [
  'catch_up',
  'connected',
  'keepalive',
  'ping',
  'stream_start',
  'content_delta',
  'stream_end',
  'new_message',
] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

/** The `streams` part of GET /_stats. */
export interface StreamCounts {
  /** Streams open now. */
  open: number;
  /** The most open at once since start. */
  peak_open: number;
  /** Streams that got their 200 and `connected`. opened = open + the three ends below. */
  opened: number;
  /** Ended because the client closed the connection. */
  closed_by_client: number;
  /** Ended by the server after FAULT_STREAM_DROP (a clean end of the chunked answer). */
  dropped_by_fault: number;
  /** Ended because the server stopped. */
  ended_at_shutdown: number;
  /** Requests for a stream refused under FAULT_STREAM_LIMIT (never opened, ticket kept). */
  refused_by_fault: number;
  /** Frames written, summed over streams, by event name (`ping` is the comment). */
  frames: Record<FrameKind, number>;
  /** Bytes of frames written, summed over streams (chunk framing and headers excluded). */
  bytes: number;
}

const LANE_PING = 0;
const LANE_KEEPALIVE = 1;
const LANE_AGE = 2;

interface GenerationState {
  tempId: string;
  agentId: number;
  agentName: string;
  line: string;
  /** Characters of the line broadcast so far. */
  sent: number;
}

/** The streams of one room id (which need not exist: the backend does not check). */
interface Channel {
  roomId: number;
  /** The room whose simulated agents speak here; undefined when none does. */
  room: Room | undefined;
  subscribers: Set<HubStream>;
  generations: Map<number, GenerationState>;
}

type StreamState = 'pending' | 'open' | 'closed';
type EndReason = 'client' | 'fault' | 'shutdown';

class HubStream implements CoreStream {
  state: StreamState = 'pending';
  sink: StreamSink | undefined;
  channel: Channel | undefined;
  openedAt = 0;
  pingAt = 0;
  keepaliveAt = 0;
  readonly prev: (HubStream | null)[] = [null, null, null];
  readonly next: (HubStream | null)[] = [null, null, null];

  constructor(
    private readonly hub: StreamHub,
    readonly roomId: number,
  ) {}

  open(sink: StreamSink): void {
    this.hub.attach(this, sink);
  }

  close(): void {
    this.hub.detach(this, 'client');
  }
}

/** A doubly linked list through one pair of a stream's links. */
class Lane {
  head: HubStream | null = null;
  tail: HubStream | null = null;
  size = 0;

  constructor(private readonly k: number) {}

  append(s: HubStream): void {
    s.prev[this.k] = this.tail;
    s.next[this.k] = null;
    if (this.tail === null) this.head = s;
    else this.tail.next[this.k] = s;
    this.tail = s;
    this.size += 1;
  }

  remove(s: HubStream): void {
    const before = s.prev[this.k] ?? null;
    const after = s.next[this.k] ?? null;
    if (before === null) this.head = after;
    else before.next[this.k] = after;
    if (after === null) this.tail = before;
    else after.prev[this.k] = before;
    s.prev[this.k] = null;
    s.next[this.k] = null;
    this.size -= 1;
  }

  moveToTail(s: HubStream): void {
    if (this.tail === s) return;
    this.remove(s);
    this.append(s);
  }
}

function zeroFrames(): Record<FrameKind, number> {
  return Object.fromEntries(FRAME_KINDS.map((k) => [k, 0])) as Record<FrameKind, number>;
}

export class StreamHub {
  private readonly pings = new Lane(LANE_PING);
  private readonly keepalives = new Lane(LANE_KEEPALIVE);
  /** Open streams, oldest first (the order FAULT_STREAM_DROP ends them in). */
  private readonly ages = new Lane(LANE_AGE);
  private readonly lanes: readonly Lane[] = [this.pings, this.keepalives, this.ages];
  private readonly channels = new Map<number, Channel>();
  /** Channels whose room has simulated agents: stepped every ANIMATION_STEP_MS. */
  private readonly animated = new Set<Channel>();
  private pending = 0;
  private steppedTo: number;
  /** Every frame due up to here is written; nothing is written earlier than this. */
  private floor: number;
  private lastPingMs = Number.NaN;
  private lastPingFrame = '';
  private peak = 0;
  private readonly ended: Record<EndReason, number> = { client: 0, fault: 0, shutdown: 0 };
  private refused = 0;
  private readonly frames = zeroFrames();
  private bytes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly store: Store,
    private readonly activity: Activity,
    private readonly limits: { streamLimit: number; streamDropMs: number },
  ) {
    this.steppedTo = clock.now();
    this.floor = this.steppedTo;
    activity.onLanded = (room, message, key, at) => this.landed(room, message, key, at);
  }

  get open(): number {
    return this.ages.size;
  }

  /** Whether FAULT_STREAM_LIMIT leaves room for one more (counting those about to open). */
  hasCapacity(): boolean {
    const limit = this.limits.streamLimit;
    return limit === 0 || this.open + this.pending < limit;
  }

  countRefusal(): void {
    this.refused += 1;
  }

  /** A stream for `roomId`, counted against the limit until the transport opens or drops it. */
  reserve(roomId: number): CoreStream {
    this.pending += 1;
    return new HubStream(this, roomId);
  }

  /** A room was created: streams already open on its id hear its agents from now on. */
  roomCreated(room: Room): void {
    const channel = this.channels.get(room.id);
    if (channel !== undefined) this.bind(channel, room);
  }

  /** Writes everything due up to the clock's now: drops, pings, keepalives, agent output. */
  tick(): void {
    const now = this.clock.now();
    if (this.animated.size === 0) {
      this.steppedTo = now;
    } else {
      this.steppedTo = Math.max(this.steppedTo, now - MAX_ANIMATION_CATCH_UP_MS);
      while (this.steppedTo + ANIMATION_STEP_MS <= now) {
        const at = this.steppedTo + ANIMATION_STEP_MS;
        this.runTimers(at);
        for (const channel of this.animated) this.animate(channel, at);
        this.steppedTo = at;
      }
    }
    this.runTimers(now);
  }

  /** Ends every stream (the server is stopping). */
  endAll(): void {
    for (let s = this.ages.head; s !== null; s = this.ages.head) {
      this.detach(s, 'shutdown');
    }
  }

  counts(): StreamCounts {
    return {
      open: this.open,
      peak_open: this.peak,
      opened: this.open + this.ended.client + this.ended.fault + this.ended.shutdown,
      closed_by_client: this.ended.client,
      dropped_by_fault: this.ended.fault,
      ended_at_shutdown: this.ended.shutdown,
      refused_by_fault: this.refused,
      frames: { ...this.frames },
      bytes: this.bytes,
    };
  }

  attach(stream: HubStream, sink: StreamSink): void {
    if (stream.state !== 'pending') return;
    this.pending -= 1;
    this.tick();
    const at = this.raiseFloor(this.clock.now());
    stream.state = 'open';
    stream.sink = sink;
    stream.openedAt = at;
    const channel = this.channelFor(stream.roomId);
    if (this.animated.has(channel)) this.animate(channel, at);
    const caughtUp = new Set<number>();
    for (const g of channel.generations.values()) {
      if (caughtUp.has(g.agentId)) continue;
      caughtUp.add(g.agentId);
      const data = pythonJsonDumps({
        type: 'catch_up',
        agent_id: g.agentId,
        agent_name: g.agentName,
        thinking_text: '',
        response_text: g.line.slice(0, g.sent),
      });
      this.writeOne(stream, 'catch_up', eventFrame('catch_up', data));
    }
    this.writeOne(stream, 'connected', connectedFrame(stream.roomId));
    channel.subscribers.add(stream);
    stream.channel = channel;
    stream.pingAt = at + PING_INTERVAL_MS;
    stream.keepaliveAt = at + KEEPALIVE_INTERVAL_MS;
    for (const lane of this.lanes) lane.append(stream);
    this.peak = Math.max(this.peak, this.open);
  }

  detach(stream: HubStream, reason: EndReason): void {
    if (stream.state === 'closed') return;
    const wasOpen = stream.state === 'open';
    stream.state = 'closed';
    if (!wasOpen) {
      this.pending -= 1;
      return;
    }
    for (const lane of this.lanes) lane.remove(stream);
    const channel = stream.channel;
    if (channel !== undefined) {
      channel.subscribers.delete(stream);
      if (channel.subscribers.size === 0) {
        this.channels.delete(channel.roomId);
        this.animated.delete(channel);
      }
    }
    this.ended[reason] += 1;
    if (reason !== 'client') stream.sink?.end();
  }

  private raiseFloor(at: number): number {
    if (at > this.floor) this.floor = at;
    return this.floor;
  }

  private channelFor(roomId: number): Channel {
    let channel = this.channels.get(roomId);
    if (channel === undefined) {
      channel = { roomId, room: undefined, subscribers: new Set(), generations: new Map() };
      this.channels.set(roomId, channel);
      const room = this.store.rooms.get(roomId);
      if (room !== undefined) this.bind(channel, room);
    }
    return channel;
  }

  private bind(channel: Channel, room: Room): void {
    channel.room = room;
    channel.generations.clear();
    if (this.activity.enabled && room.worldId === null) this.animated.add(channel);
    else this.animated.delete(channel);
  }

  private runTimers(at: number): void {
    const { pings, keepalives, ages } = this;
    const dropMs = this.limits.streamDropMs;
    for (;;) {
      const oldest = ages.head;
      const dropDue =
        dropMs > 0 && oldest !== null ? oldest.openedAt + dropMs : Number.POSITIVE_INFINITY;
      const pingDue = pings.head?.pingAt ?? Number.POSITIVE_INFINITY;
      const keepaliveDue = keepalives.head?.keepaliveAt ?? Number.POSITIVE_INFINITY;
      const due = Math.min(dropDue, pingDue, keepaliveDue);
      if (due > at) break;
      this.raiseFloor(due);
      if (due === dropDue && oldest !== null) {
        this.detach(oldest, 'fault');
      } else if (due === pingDue && pings.head !== null) {
        const s = pings.head;
        this.writeOne(s, 'ping', this.pingFrameAt(due));
        s.pingAt = due + PING_INTERVAL_MS;
        pings.moveToTail(s);
      } else if (keepalives.head !== null) {
        const s = keepalives.head;
        this.writeOne(s, 'keepalive', KEEPALIVE_FRAME);
        s.keepaliveAt = due + KEEPALIVE_INTERVAL_MS;
        keepalives.moveToTail(s);
      }
    }
    this.raiseFloor(at);
  }

  private pingFrameAt(ms: number): string {
    if (ms !== this.lastPingMs) {
      this.lastPingMs = ms;
      this.lastPingFrame = pingFrame(ms);
    }
    return this.lastPingFrame;
  }

  /**
   * One frame to one stream; a keepalive or ping does not restart the keepalive wait. Frames
   * are ASCII (json.dumps escapes the rest), so their length is their size in bytes.
   */
  private writeOne(stream: HubStream, kind: FrameKind, frame: string): void {
    stream.sink?.write(frame);
    this.frames[kind] += 1;
    this.bytes += frame.length;
  }

  /** One frame to every stream of a room: a queue event, so each one's keepalive restarts. */
  private broadcast(channel: Channel, kind: FrameKind, event: Record<string, unknown>, at: number) {
    const frame = eventFrame(kind, pythonJsonDumps(event));
    const when = this.raiseFloor(at);
    const keepalives = this.keepalives;
    for (const s of channel.subscribers) {
      s.sink?.write(frame);
      s.keepaliveAt = when + KEEPALIVE_INTERVAL_MS;
      keepalives.moveToTail(s);
    }
    this.frames[kind] += channel.subscribers.size;
    this.bytes += frame.length * channel.subscribers.size;
  }

  /** Brings a room's agent output up to `at`: landed messages, then new text of the rest. */
  private animate(channel: Channel, at: number): void {
    const room = channel.room;
    if (room === undefined || this.store.rooms.get(room.id) !== room) {
      channel.room = undefined;
      this.animated.delete(channel);
      return;
    }
    this.activity.advance(room, at);
    for (const generation of this.activity.generations(room, at)) {
      const state = this.started(channel, generation, at);
      const shown = this.activity.progressChars(generation, at);
      if (shown > state.sent) {
        this.broadcast(
          channel,
          'content_delta',
          {
            type: 'content_delta',
            agent_id: state.agentId,
            delta: state.line.slice(state.sent, shown),
            temp_id: state.tempId,
          },
          at,
        );
        state.sent = shown;
      }
    }
  }

  private started(
    channel: Channel,
    generation: Pick<Generation, 'key' | 'agentId' | 'agentName' | 'line'>,
    at: number,
  ): GenerationState {
    let state = channel.generations.get(generation.key);
    if (state === undefined) {
      const suffix = randomBytes(4).toString('hex');
      state = {
        tempId: `temp_room_${channel.roomId}_agent_${generation.agentId}_${suffix}`,
        agentId: generation.agentId,
        agentName: generation.agentName,
        line: generation.line,
        sent: 0,
      };
      channel.generations.set(generation.key, state);
      this.broadcast(
        channel,
        'stream_start',
        {
          type: 'stream_start',
          agent_id: state.agentId,
          agent_name: state.agentName,
          temp_id: state.tempId,
        },
        at,
      );
    }
    return state;
  }

  private landed(room: Room, message: Message, key: number, at: number): void {
    const channel = this.channels.get(room.id);
    if (channel === undefined || channel.room !== room) return;
    const agentId = message.agent_id ?? 0;
    const state = this.started(
      channel,
      { key, agentId, agentName: message.agent_name ?? '', line: message.content },
      at,
    );
    if (state.sent < state.line.length) {
      this.broadcast(
        channel,
        'content_delta',
        {
          type: 'content_delta',
          agent_id: agentId,
          delta: state.line.slice(state.sent),
          temp_id: state.tempId,
        },
        at,
      );
    }
    this.broadcast(
      channel,
      'stream_end',
      { type: 'stream_end', agent_id: agentId, temp_id: state.tempId, skipped: false },
      at,
    );
    this.broadcast(
      channel,
      'new_message',
      { type: 'new_message', message: newMessage(message) },
      at,
    );
    channel.generations.delete(key);
  }
}

/** The first frame every stream gets: `{"room_id": 1}` in Python's spacing. */
function connectedFrame(roomId: number): string {
  return eventFrame('connected', pythonJsonDumps({ room_id: roomId }));
}

/** The message of a new_message event, as response_generator.py builds it. */
function newMessage(message: Message): Record<string, unknown> {
  return {
    id: message.id,
    content: message.content,
    role: message.role,
    agent_id: message.agent_id,
    agent_name: message.agent_name,
    agent_profile_pic: message.agent_profile_pic,
    thinking: message.thinking,
    timestamp: pythonNaiveIsoformat(Date.parse(message.timestamp)),
    chat_session_id: message.chat_session_id,
    game_time_snapshot: null,
  };
}
