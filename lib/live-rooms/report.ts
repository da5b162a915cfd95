// The writer's own report section: its sends are kept apart from the polls, so the polling
// figures stay comparable with the old tool's.

import { formatFixed, formatInt, formatMs, formatPercent, plural } from '../format';
import { METRIC } from '../metric-names';
import type { MetricReader } from '../metric-reader';
import { type LiveRoomsConfig, writerEnabled } from './config';
import { WRITER_METRIC, writerSendsPerMinute } from './writer';

export interface WriterFigures {
  messagesPerMinutePerRoom: number;
  messageBytes: number;
  rooms: number;
  plannedSendsPerMinute: number;
  sends: number;
  /** Sends per minute over `durationMs`; null without a duration. */
  achievedSendsPerMinute: number | null;
  rateLimited: number;
  /** Failed sends other than 429s. */
  errors: number;
  latencyMedMs: number | null;
  latencyP95Ms: number | null;
  /** Messages the polls' answers held (each new to its user: polls ask since its cursor). */
  messagesReceivedByPolls: number;
  /**
   * Messages the polls could have received: each delivered send (200) once for every user
   * polling its room; a message sent after a user's last poll is not received. Null when the
   * users per room are not known (the capacity test's steps differ).
   */
  messagesExpected: number | null;
  /** Poll answers that moved a user's cursor forward. */
  cursorMoves: number;
}

/** The writer's figures; null when the writer was off. */
export function writerFigures(
  metrics: MetricReader,
  live: LiveRoomsConfig,
  rooms: number,
  durationMs: number,
  usersPerRoom: number | null = null,
): WriterFigures | null {
  if (!writerEnabled(live)) return null;
  const sends = metrics.counter(WRITER_METRIC.requests) ?? 0;
  const rateLimited = metrics.counter(WRITER_METRIC.rateLimited) ?? 0;
  const errors = metrics.rate(WRITER_METRIC.errors)?.passes ?? 0;
  const delivered = Math.max(0, sends - rateLimited - errors);
  const stat = (name: string) =>
    sends > 0 ? (metrics.trendStat(WRITER_METRIC.latency, name) ?? null) : null;
  return {
    messagesPerMinutePerRoom: live.messagesPerMinute,
    messageBytes: live.messageBytes,
    rooms,
    plannedSendsPerMinute: writerSendsPerMinute(live, rooms),
    sends,
    achievedSendsPerMinute: durationMs > 0 ? (sends * 60_000) / durationMs : null,
    rateLimited,
    errors,
    latencyMedMs: stat('med'),
    latencyP95Ms: stat('p(95)'),
    messagesReceivedByPolls: metrics.counter(METRIC.messagesReceived) ?? 0,
    messagesExpected: usersPerRoom === null ? null : delivered * usersPerRoom,
    cursorMoves: metrics.counter(METRIC.cursorMoves) ?? 0,
  };
}

/** The report section (none when the writer was off). */
export function renderWriterSection(w: WriterFigures | null, label = 20): string[] {
  if (w === null) return [];
  const field = (name: string, value: string) => `  ${`${name}:`.padEnd(label)}${value}`;
  const share = (n: number) => (w.sends > 0 ? ` (${formatPercent((n * 100) / w.sends)})` : '');
  return [
    'Live Rooms (writer, POST /rooms/{id}/messages/send; not in the figures above):',
    field(
      'Messages',
      `${formatFixed(w.messagesPerMinutePerRoom, 2)}/min per room x ${formatInt(w.rooms)} ${w.rooms === 1 ? 'room' : 'rooms'}, ${formatInt(w.messageBytes)} bytes each`,
    ),
    field(
      'Sends',
      `${formatInt(w.sends)} (${w.achievedSendsPerMinute === null ? 'n/a' : formatFixed(w.achievedSendsPerMinute, 2)}/min of ${formatFixed(w.plannedSendsPerMinute, 2)}/min planned)`,
    ),
    field('Rate limited', `${formatInt(w.rateLimited)}${share(w.rateLimited)}`),
    field('Errors', `${formatInt(w.errors)}${share(w.errors)}`),
    field('Latency median', formatMs(w.latencyMedMs)),
    field('Latency p95', formatMs(w.latencyP95Ms)),
    field(
      'Received by polls',
      `${plural(w.messagesReceivedByPolls, 'message')}${w.messagesExpected === null ? '' : ` of ${formatInt(w.messagesExpected)} (each delivered send once for each user of its room; one sent after a user's last poll is not received)`}`,
    ),
    field('Cursor moves', `${plural(w.cursorMoves, 'poll answer')} moved a user's cursor`),
    '',
  ];
}
