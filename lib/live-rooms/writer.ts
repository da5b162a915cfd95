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

/**
 * The source IP (0-based, of SEND_SOURCE_IPS) send n leaves from: each room's sends take the
 * IPs in turn, so each IP sends each room MESSAGES_PER_MINUTE / SEND_SOURCE_IPS a minute, under
 * the server's limit per IP and room whenever MESSAGES_PER_MINUTE is (the config checks it).
 */
export function writerSendSource(n: number, roomCount: number, sourceIps: number): number {
  return Math.floor(n / roomCount) % sourceIps;
}

/** Where a writer VU stands: the source IP it sends from, and its place among that IP's VUs. */
export interface WriterPlace {
  source: number;
  rank: number;
}

/**
 * The place of the writer VU numbered `idInInstance`, when the writer's VUs have consecutive
 * numbers (in a poll run they are the last of its one scenario: see {@link liveRoomRole}):
 * k6 gives a VU the address `--local-ips` lists at its VU number minus one, modulo their
 * count, so each address has `vus / sourceIps` of them, ranked by their number.
 */
export function writerPlaceOfVu(idInInstance: number, vus: number, sourceIps: number): WriterPlace {
  const perSource = Math.max(1, Math.floor(vus / sourceIps));
  return {
    source: (idInInstance - 1) % sourceIps,
    rank: Math.floor((idInInstance - 1) / sourceIps) % perSource,
  };
}

/**
 * The place of writer shard `shard` (its iteration number in the scenario, unique across the
 * instances of a distributed run, where each instance sends from addresses of its own).
 */
export function writerPlaceOfShard(shard: number, sourceIps: number): WriterPlace {
  return { source: shard % sourceIps, rank: Math.floor(shard / sourceIps) };
}

/**
 * The k-th send (0-based, over all rooms) of the writer VU at `place` of `vus` (a multiple of
 * `sourceIps`): it sends the sends of its source IP ({@link writerSendSource}), dealt in turn
 * to that IP's VUs.
 */
export function writerShardSends(
  place: WriterPlace,
  vus: number,
  k: number,
  roomCount: number,
  sourceIps: number,
): number {
  const perSource = Math.max(1, Math.floor(vus / sourceIps));
  const j = place.rank + k * perSource;
  return (Math.floor(j / roomCount) * sourceIps + place.source) * roomCount + (j % roomCount);
}

/**
 * Writer VUs: enough for every send to take up to a second without delaying the next (each VU
 * waits for its answer), and the same number for each source IP (a multiple of SEND_SOURCE_IPS).
 */
export function writerVuCount(c: LiveRoomsConfig, roomCount: number): number {
  const forAnswers = Math.max(1, Math.ceil(writerSendsPerMinute(c, roomCount) / 60));
  return Math.ceil(forAnswers / c.sendSourceIps) * c.sendSourceIps;
}

/**
 * The writer's own k6 scenario (the capacity test's: its steps are scenarios of their own),
 * from `startMs` for `durationMs`; undefined when the writer is off.
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

/** What a VU of a poll run with live rooms does: pace a shard of the users, or write. */
export type LiveRoomRole = { kind: 'poll'; shard: number } | { kind: 'writer'; place: WriterPlace };

/**
 * The role of a VU of the poll scenario with live rooms, which has `pollVus` + `writerVus` VUs:
 * one scenario, so that in a single instance it has every VU number, 1..all, and the last
 * `writerVus` (consecutive numbers, so each source address has the same number of them) write.
 * Two scenarios would each get an unpredictable set of VU numbers, and with it of addresses
 * (measured with k6 1.3.0 and 2.2.0). In a distributed run each instance has addresses of its
 * own, and the iteration number (unique across instances) picks the role.
 */
export function liveRoomRole(
  vu: { idInInstance: number; iterationInTest: number; segmented: boolean },
  pollVus: number,
  writerVus: number,
  sourceIps: number,
): LiveRoomRole {
  const index = vu.segmented ? vu.iterationInTest : vu.idInInstance - 1;
  if (index < pollVus) return { kind: 'poll', shard: index };
  return {
    kind: 'writer',
    place: vu.segmented
      ? writerPlaceOfShard(index - pollVus, sourceIps)
      : writerPlaceOfVu(vu.idInInstance, writerVus, sourceIps),
  };
}
