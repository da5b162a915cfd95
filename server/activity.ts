// Simulated room activity, off by default. Agent messages appear in every room at a fixed
// rate, and each agent is listed in chatting-agents for `generatingMs` before its message
// lands; a sent message also gets one agent reply. Computed lazily from the clock when a room
// is read, with no timers, so a virtual clock drives it as well as the real one.

import type { ServerOptions } from './options';
import { isoTime, MAX_MESSAGES_PER_ROOM, type Room, type Store } from './store';

export const AGENTS = [
  { id: 1, name: 'Ada', profile_pic: null },
  { id: 2, name: 'Basho', profile_pic: null },
  { id: 3, name: 'Cyra', profile_pic: null },
] as const;

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
  return AGENTS[index % AGENTS.length] ?? AGENTS[0];
}

function lineAt(index: number): string {
  return LINES[index % LINES.length] ?? '';
}

export class Activity {
  private readonly intervalMs: number;
  private readonly generatingMs: number;

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

  /** Starts the ambient schedule of a new room. */
  start(room: Room, now: number): void {
    if (this.enabled) room.nextAmbientAt = now + this.intervalMs;
  }

  /** Schedules an agent's reply to a message sent now. */
  scheduleReply(room: Room, now: number): void {
    if (!this.enabled) return;
    const agentIndex = room.ambientCount + room.pendingReplies.length + 1;
    room.pendingReplies.push({ agentIndex, dueAt: now + this.generatingMs });
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
        this.addAgentMessage(room, reply.agentIndex, dueAt);
      } else {
        this.addAgentMessage(room, room.ambientCount, dueAt);
        room.ambientCount += 1;
        room.nextAmbientAt += this.intervalMs;
      }
    }
  }

  /** Agents generating a message at `now` (call {@link advance} first). */
  chatting(room: Room, now: number): ChattingAgent[] {
    if (!this.enabled) return [];
    const generating = room.pendingReplies.map((r) => ({ index: r.agentIndex, dueAt: r.dueAt }));
    if (room.nextAmbientAt - now <= this.generatingMs) {
      generating.push({ index: room.ambientCount, dueAt: room.nextAmbientAt });
    }
    const seen = new Set<number>();
    const result: ChattingAgent[] = [];
    for (const { index, dueAt } of generating) {
      const agent = agentAt(index);
      if (seen.has(agent.id)) continue;
      seen.add(agent.id);
      const line = lineAt(index);
      const progress = this.generatingMs > 0 ? 1 - (dueAt - now) / this.generatingMs : 1;
      const shown = Math.max(0, Math.min(line.length, Math.floor(line.length * progress)));
      result.push({
        id: agent.id,
        name: agent.name,
        profile_pic: agent.profile_pic,
        thinking_text: '',
        response_text: line.slice(0, shown),
      });
    }
    return result;
  }

  private addAgentMessage(room: Room, index: number, at: number): void {
    const agent = agentAt(index);
    this.store.addMessage(room, {
      content: lineAt(index),
      role: 'assistant',
      participant_type: null,
      participant_name: null,
      agent_id: agent.id,
      agent_name: agent.name,
      agent_profile_pic: agent.profile_pic,
      thinking: null,
      timestamp: isoTime(at),
      chat_session_id: null,
    });
    room.lastActivityAt = Math.max(room.lastActivityAt, at);
  }
}
