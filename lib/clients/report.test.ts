import { describe, expect, it } from 'vitest';
import { StoreReader, storeMetrics } from '../metric-store';
import { POLL_STORE_POLICY } from '../poll/measured';
import type { SummaryData, SummaryMetric } from '../summary-data';
import { renderStreamsSection, streamFigures, userBandwidth } from './report';

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
