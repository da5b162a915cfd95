// The writer's own report section: its sends are kept apart from the polls, so the polling
// figures stay comparable with the old tool's.

import { formatFixed, formatInt, formatMs, formatPercent } from '../format';
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
}

/** The writer's figures; null when the writer was off. */
export function writerFigures(
  metrics: MetricReader,
  live: LiveRoomsConfig,
  rooms: number,
  durationMs: number,
): WriterFigures | null {
  if (!writerEnabled(live)) return null;
  const sends = metrics.counter(WRITER_METRIC.requests) ?? 0;
  const stat = (name: string) =>
    sends > 0 ? (metrics.trendStat(WRITER_METRIC.latency, name) ?? null) : null;
  return {
    messagesPerMinutePerRoom: live.messagesPerMinute,
    messageBytes: live.messageBytes,
    rooms,
    plannedSendsPerMinute: writerSendsPerMinute(live, rooms),
    sends,
    achievedSendsPerMinute: durationMs > 0 ? (sends * 60_000) / durationMs : null,
    rateLimited: metrics.counter(WRITER_METRIC.rateLimited) ?? 0,
    errors: metrics.rate(WRITER_METRIC.errors)?.passes ?? 0,
    latencyMedMs: stat('med'),
    latencyP95Ms: stat('p(95)'),
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
    '',
  ];
}
