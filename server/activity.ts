// Simulated room activity, off by default. Agent messages appear in every chat room at a fixed
// rate, and each agent is listed in chatting-agents for `generatingMs` before its message
// lands; a sent message also gets one agent reply. Computed lazily from the clock when a room
// is read, with no timers, so a virtual clock drives it as well as the real one. A world's
// rooms have none: on the real backend nothing speaks there until start-onboarding.
//
// Each message in the making is a *generation*; the stream hub (streams.ts) reads them to
// broadcast stream_start and content_delta, and is told of each landed message to broadcast
// stream_end and new_message.

import { CHAT_AGENTS } from './agents';
import type { ServerOptions } from './options';
import { isoTime, MAX_MESSAGES_PER_ROOM, type Message, type Room, type Store } from './store';

const LINES = [
  'That is a fair point, but I think we are missing what the others said earlier about the harbour.',
  'Let me think about this for a moment. The map shows two roads north, and only one is guarded.',
  'I agree with the plan. We should wait until the market closes before anyone goes to the tower.',
  'Honestly, I did not expect the merchant to accept. Something about his answer feels rehearsed.',
];

export interface ChattingAgent {
  id: number;
  name: string;
  profile_pic: string | null;
  thinking_text: string;
  response_text: string;
}

function agentAt(index: number) {
  return CHAT_AGENTS[index % CHAT_AGENTS.length] ?? CHAT_AGENTS[0];
}

function lineAt(index: number): string {
  return LINES[index % LINES.length] ?? '';
}

/** A message being generated: who speaks, what, and when it lands. */
export interface Generation {
  /** Unique within its room: a reply's serial, or minus (1 + the ambient message's number). */
  key: number;
  agentId: number;
  agentName: string;
  line: string;
  dueAt: number;
}

export type LandedListener = (
  room: Room,
  message: Message,
  generationKey: number,
  at: number,
) => void;

export class Activity {
  private readonly intervalMs: number;
  private readonly generatingMs: number;
  /** Told of every agent message as it lands (the stream hub broadcasts it). */
  onLanded: LandedListener | undefined;

  constructor(
    options: ServerOptions['activity'],
    private readonly store: Store,
  ) {
    this.intervalMs =
      options.messagesPerMinute > 0 ? 60_000 / options.messagesPerMinute : Number.POSITIVE_INFINITY;
    this.generatingMs = options.generatingMs;
  }

  get enabled(): boolean {
    return Number.isFinite(this.intervalMs);
  }

  /** Starts the ambient schedule of a new chat room. */
  start(room: Room, now: number): void {
    if (this.enabled && room.worldId === null) room.nextAmbientAt = now + this.intervalMs;
  }

  /** Schedules an agent's reply to a message sent now to a chat room. */
  scheduleReply(room: Room, now: number): void {
    if (!this.enabled || room.worldId !== null) return;
    const agentIndex = room.ambientCount + room.pendingReplies.length + 1;
    room.replySerial += 1;
    room.pendingReplies.push({ agentIndex, dueAt: now + this.generatingMs, key: room.replySerial });
  }

  /** Whether anything is scheduled in the room at all (a cheap test before {@link generations}). */
  isIdle(room: Room): boolean {
    return room.pendingReplies.length === 0 && !Number.isFinite(room.nextAmbientAt);
  }

  /** Adds every message due by `now`, in time order. */
  advance(room: Room, now: number): void {
    if (!this.enabled) return;
    const backlog = Math.floor((now - room.nextAmbientAt) / this.intervalMs);
    if (backlog > MAX_MESSAGES_PER_ROOM) {
      // A long-idle room (or a virtual clock jump) skips what it could not keep anyway.
      room.nextAmbientAt += (backlog - MAX_MESSAGES_PER_ROOM) * this.intervalMs;
      room.ambientCount += backlog - MAX_MESSAGES_PER_ROOM;
    }
    for (;;) {
      const reply = room.pendingReplies[0];
      const replyDue = reply?.dueAt ?? Number.POSITIVE_INFINITY;
      const dueAt = Math.min(replyDue, room.nextAmbientAt);
      if (dueAt > now) return;
      if (reply !== undefined && replyDue <= room.nextAmbientAt) {
        room.pendingReplies.shift();
        this.addAgentMessage(room, reply.agentIndex, dueAt, reply.key);
      } else {
        this.addAgentMessage(room, room.ambientCount, dueAt, -(room.ambientCount + 1));
        room.ambientCount += 1;
        room.nextAmbientAt += this.intervalMs;
      }
    }
  }

  /** Messages being generated at `now`, replies first (call {@link advance} first). */
  generations(room: Room, now: number): Generation[] {
    const result: Generation[] = [];
    if (!this.enabled) return result;
    for (const reply of room.pendingReplies) {
      result.push(this.generation(reply.agentIndex, reply.dueAt, reply.key));
    }
    if (room.nextAmbientAt - now <= this.generatingMs) {
      result.push(this.generation(room.ambientCount, room.nextAmbientAt, -(room.ambientCount + 1)));
    }
    return result;
  }

  /** How much of a generation's line is written at `now`. */
  progressChars(generation: Generation, now: number): number {
    const { line, dueAt } = generation;
    const progress = this.generatingMs > 0 ? 1 - (dueAt - now) / this.generatingMs : 1;
    return Math.max(0, Math.min(line.length, Math.floor(line.length * progress)));
  }

  /** Agents generating a message at `now`, each once (call {@link advance} first). */
  chatting(room: Room, now: number): ChattingAgent[] {
    const seen = new Set<number>();
    const result: ChattingAgent[] = [];
    for (const generation of this.generations(room, now)) {
      if (seen.has(generation.agentId)) continue;
      seen.add(generation.agentId);
      result.push({
        id: generation.agentId,
        name: generation.agentName,
        profile_pic: null,
        thinking_text: '',
        response_text: generation.line.slice(0, this.progressChars(generation, now)),
      });
    }
    return result;
  }

  private generation(index: number, dueAt: number, key: number): Generation {
    const agent = agentAt(index);
    return { key, agentId: agent.id, agentName: agent.name, line: lineAt(index), dueAt };
  }

  private addAgentMessage(room: Room, index: number, at: number, key: number): void {
    const agent = agentAt(index);
    const message = this.store.addMessage(room, {
      content: lineAt(index),
      role: 'assistant',
      participant_type: null,
      participant_name: null,
      agent_id: agent.id,
      agent_name: agent.name,
      agent_profile_pic: null,
      thinking: null,
      timestamp: isoTime(at),
      chat_session_id: null,
    });
    room.lastActivityAt = Math.max(room.lastActivityAt, at);
    this.onLanded?.(room, message, key, at);
  }
}
