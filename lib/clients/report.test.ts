import { describe, expect, it } from 'vitest';
import { pollConfig, summaryDataFor } from '../../test/known-runs/poll-runs';
import { METRIC } from '../metric-names';
import { StoreReader, storeMetrics } from '../metric-store';
import { POLL_STORE_POLICY } from '../poll/measured';
import { pollFiguresOf } from '../poll/report-figures';
import type { SummaryData, SummaryMetric } from '../summary-data';
import { STREAM_METRIC } from './metrics';
import { renderStreamsSection, type StreamFigures, streamFigures, userBandwidth } from './report';

const counter = (count: number): SummaryMetric => ({
  type: 'counter',
  contains: 'default',
  values: { count, rate: 0 },
});

/** k6's end-of-test metrics as the poll summary stores them (what the report reads). */
function stored(metrics: Record<string, SummaryMetric>): StoreReader {
  const data = { metrics, state: { testRunDurationMs: 60_000 } } as SummaryData;
  return new StoreReader(storeMetrics(data, POLL_STORE_POLICY), POLL_STORE_POLICY);
}

describe('the streams figures', () => {
  it('reads outcomes, refusals, peaks, first bytes and rates from the stream metrics', () => {
    const f = streamFigures(
      stored({
        'cw_streams{outcome:held}': counter(8),
        'cw_streams{outcome:ended}': counter(2),
        'cw_streams{outcome:refused}': counter(3),
        'cw_stream_refusals{status:503}': counter(3),
        cw_stream_reconnects: counter(5),
        cw_stream_open_ms: counter(10 * 60_000),
        cw_stream_read_ms: counter(2 * 60_000),
        'cw_stream_frames{frame:ping}': counter(8),
        'cw_stream_frames{frame:keepalive}': counter(8),
        'cw_streams_open{shard:0}': {
          type: 'gauge',
          contains: 'default',
          values: { value: 0, min: 0, max: 6 },
        },
        'cw_streams_open{shard:1}': {
          type: 'gauge',
          contains: 'default',
          values: { value: 0, min: 0, max: 4 },
        },
        'http_req_waiting{endpoint:stream}': {
          type: 'trend',
          contains: 'time',
          values: { med: 1.5, 'p(95)': 4 },
        },
      }),
      {
        vus: 2,
        tickets: 16,
        ticketsOk: 13,
        scenarioReceivedBytes: 50_000,
        pollingReceivedBytes: 40_000,
      },
    );
    expect(f).toMatchObject({
      tickets: 16,
      ticketsRefused: 3,
      opened: 13,
      connected: 10,
      refusedByStatus: [{ status: '503', count: 3 }],
      reconnects: 5,
      peakOpen: 10,
      timeToFirstByteP50Ms: 1.5,
      timeToFirstByteP95Ms: 4,
      openMinutes: 10,
      receivedBytes: 10_000,
      receivedBytesPerStreamMinute: 1000,
      framesPerStreamMinute: { keepalive: 4, ping: 4, other: 0 },
    });
    const text = renderStreamsSection(f).join('\n');
    expect(text).toContain(
      'Connected:          10 (8 held to the end, 2 ended early by the server)',
    );
    expect(text).toContain('Refused:            3 (3 x 503)');
  });

  it('says what k6 cannot see: no frames when every stream was held, no bytes without k6 totals', () => {
    const f = streamFigures(stored({ 'cw_streams{outcome:held}': counter(4) }), {
      vus: 1,
      tickets: 4,
      ticketsOk: 4,
      scenarioReceivedBytes: null,
      pollingReceivedBytes: 0,
    });
    expect([f.framesPerStreamMinute, f.receivedBytes, f.peakOpen, f.timeToFirstByteP50Ms]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    expect(renderStreamsSection(f).join('\n')).toContain(
      "n/a (k6 reads a stream's events only when the server ends it; every stream was held)",
    );
  });

  it('gives each user its bytes per hour', () => {
    expect(
      userBandwidth(4, 1_800_000, { received: 4000, sent: 2000 }, { received: 400, sent: null }),
    ).toEqual({
      pollingReceivedBytesPerHour: 2000,
      pollingSentBytesPerHour: 1000,
      streamReceivedBytesPerHour: 200,
      streamSentBytesPerHour: null,
    });
  });
});

describe('a game run whose VUs k6 interrupted', () => {
  // 4 game users for 60 s; k6 stopped the VUs with 3 of their 4 streams still open, and their
  // requests had started up to 3 s late (the game's shortest timer: the world poll's 1.5 s with
  // the stream down).
  const config = pollConfig({ client: 'game', users: 4, rooms: 1, durationMs: 60_000 });
  const data = summaryDataFor({
    durationMs: 61_000,
    breakdown: 1,
    counters: {
      [METRIC.requests]: 100,
      'cw_requests{status:200}': 100,
      [STREAM_METRIC.planned]: 100,
      [STREAM_METRIC.requested]: 4,
      'cw_streams{outcome:held}': 1,
    },
    trends: { [METRIC.scheduleLag]: { min: 0, avg: 900, med: 800, max: 4000, 'p(95)': 3000 } },
  });
  const figures = pollFiguresOf(data, { config, vus: 1, roomIds: [7] });

  it('counts the streams it sent but never settled, and says so first', () => {
    expect([figures.streams?.opened, figures.streams?.unsettled]).toEqual([4, 3]);
    expect(figures.recommendations[0]?.text).toBe(
      'Streams not settled: k6 stopped the VUs before 3 of 4 streams ended (the run was interrupted), so the Streams figures leave them out',
    );
    expect(renderStreamsSection(figures.streams as StreamFigures).join('\n')).toContain(
      'Not settled:        3 (k6 stopped their VU first',
    );
  });

  it("measures its lag against the client's shortest timer, not POLL_INTERVAL", () => {
    expect(figures.recommendations.map((r) => r.text).join('\n')).toContain(
      "requests started 3000.00 ms late at p95 (up to 150.00 ms, 10% of the client's shortest timer, is on time)",
    );
  });
});
