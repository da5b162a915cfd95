// The writer of live rooms: which room each send goes to, what it posts, and its k6 scenario.
// Pure; lib/k6/writer.ts sends and records.

import { formatDurationMs } from '../env';
import { type LiveRoomsConfig, writerEnabled } from './config';

/** The k6 scenario (and `scenario` tag) of the writer: its requests are reported apart. */
export const WRITER_SCENARIO = 'writer';

/** The `name` tag of the send requests: one series, not one per room. */
export const SEND_NAME_TAG = '/rooms/{id}/messages/send';

/** Custom metrics of the writer, apart from the polls' `cw_*` ones. */
export const WRITER_METRIC = {
  /** Counter of send responses. */
  requests: 'cw_send_requests',
  /** Trend (time) of send durations. */
  latency: 'cw_send_latency',
  /** Rate: true for a failed send other than a 429. */
  errors: 'cw_send_errors',
  /** Counter of 429s on send. */
  rateLimited: 'cw_send_rate_limited',
} as const;

/** Keys declared (empty threshold lists) so that handleSummary always sees the writer's metrics. */
export function writerMetricKeys(): string[] {
  return Object.values(WRITER_METRIC);
}

/** The room a writer iteration posts to: rooms take turns, so each gets the same rate. */
export function writerRoomIndex(iteration: number, roomCount: number): number {
  return iteration % roomCount;
}

/**
 * A message of exactly `bytes` ASCII characters: a numbered prefix (so messages differ, as a
 * real conversation's do) padded with a fixed filler.
 */
export function messageContent(bytes: number, sequence: number, filler: string): string {
  const prefix = `load test message ${sequence}: `;
  if (prefix.length >= bytes) return prefix.slice(0, bytes);
  return prefix + filler.slice(0, bytes - prefix.length);
}

/** The filler `messageContent` pads with: readable words, at least `bytes` long. */
export function messageFiller(bytes: number): string {
  const words = 'the quick brown fox jumps over the lazy dog while the harbour bells ring ';
  return words.repeat(Math.ceil(bytes / words.length));
}

/** The JSON body of POST /rooms/{id}/messages/send, as the web client sends a user message. */
export function sendBody(content: string): string {
  return JSON.stringify({ content, role: 'user', participant_type: 'user' });
}

/** Sends per minute the whole writer makes: MESSAGES_PER_MINUTE for each room. */
export function writerSendsPerMinute(c: LiveRoomsConfig, roomCount: number): number {
  return c.messagesPerMinute * roomCount;
}

/** When the n-th send (0-based, over all rooms) is due, in ms from the writer's start. */
export function writerSendDueMs(c: LiveRoomsConfig, roomCount: number, n: number): number {
  return (n * 60_000) / writerSendsPerMinute(c, roomCount);
}

/** The sends one writer VU makes (0-based VU index of `vus`): every vus-th, from its index. */
export function writerShardSends(vuIndex: number, vus: number, k: number): number {
  return vuIndex + k * vus;
}

/**
 * Writer VUs: enough for every send to take up to a second without delaying the next
 * (each VU waits for its answer), at least one.
 */
export function writerVuCount(c: LiveRoomsConfig, roomCount: number): number {
  return Math.max(1, Math.ceil(writerSendsPerMinute(c, roomCount) / 60));
}

/**
 * The writer's k6 scenario, from `startMs` for `durationMs`; undefined when the writer is off.
 * Like the capacity steps: one long iteration per VU paces that VU's share of the sends on a
 * drift-free schedule (send n at n x 60 s / sends per minute), its iteration number picking
 * the share.
 */
export function writerScenario(
  c: LiveRoomsConfig,
  roomCount: number,
  durationMs: number,
  startMs = 0,
) {
  if (!writerEnabled(c)) return undefined;
  return {
    executor: 'per-vu-iterations' as const,
    exec: 'write',
    vus: writerVuCount(c, roomCount),
    iterations: 1,
    maxDuration: formatDurationMs(durationMs),
    startTime: formatDurationMs(startMs),
    gracefulStop: '10s',
  };
}
