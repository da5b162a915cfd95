// The chat and game VUs' stream and plan metrics (created at init, as k6 requires): counts are
// summed in plain numbers and added to k6 once per flush, as the request tally does; the open
// streams' gauge and the streams sent get a sample when a stream opens or ends (rare).

import { Counter, Gauge } from 'k6/metrics';
import { STREAM_METRIC, shardTags } from '../clients/metrics';
import {
  countFrames,
  FRAME_KINDS,
  type FrameKind,
  type SettledStream,
  STREAM_OUTCOMES,
  type StreamOutcome,
} from '../clients/stream-outcome';
import type { StatusTag } from '../metric-names';

const requested = new Counter(STREAM_METRIC.requested);
const streams = new Counter(STREAM_METRIC.streams);
const refusals = new Counter(STREAM_METRIC.refusals);
const reconnects = new Counter(STREAM_METRIC.reconnects);
const openMs = new Counter(STREAM_METRIC.openMs);
const frames = new Counter(STREAM_METRIC.frames);
const readMs = new Counter(STREAM_METRIC.readMs);
const open = new Gauge(STREAM_METRIC.open);
const planned = new Counter(STREAM_METRIC.planned);

const OUTCOME_TAGS = Object.fromEntries(STREAM_OUTCOMES.map((o) => [o, { outcome: o }])) as Record<
  StreamOutcome,
  { outcome: StreamOutcome }
>;
const FRAME_TAGS = Object.fromEntries(FRAME_KINDS.map((f) => [f, { frame: f }])) as Record<
  FrameKind,
  { frame: FrameKind }
>;

/** One VU's streams: how they ended, how long they were open, what k6 read of them. */
export class StreamRecorder {
  readonly #shardTags: Readonly<Record<string, string>>;
  readonly #outcomes: Record<StreamOutcome, number> = { held: 0, ended: 0, refused: 0, failed: 0 };
  readonly #refusals = new Map<StatusTag, { tags: { status: StatusTag }; count: number }>();
  readonly #frames: Record<FrameKind, number> = { keepalive: 0, ping: 0, other: 0 };
  #reconnects = 0;
  #openMs = 0;
  #readMs = 0;
  #planned = 0;
  #open = 0;

  constructor(shard: number) {
    this.#shardTags = shardTags(shard);
  }

  /** Streams open now in this VU. */
  get openNow(): number {
    return this.#open;
  }

  opened(): void {
    // At once, as the gauge (a stream is rare): one sent in the last second before a Ctrl-C,
    // which the server counts, would be lost with the sums k6 never got flushed.
    requested.add(1);
    this.#open++;
    open.add(this.#open, this.#shardTags);
  }

  /** A connection attempt after the view's first (its ticket was just sent). */
  reconnecting(): void {
    this.#reconnects++;
  }

  settled(s: SettledStream, heldMs: number): void {
    this.#open--;
    open.add(this.#open, this.#shardTags);
    this.#outcomes[s.outcome]++;
    if (s.outcome !== 'failed') this.#openMs += heldMs;
    if (s.refusal !== undefined) {
      const entry = this.#refusals.get(s.refusal);
      if (entry === undefined)
        this.#refusals.set(s.refusal, { tags: { status: s.refusal }, count: 1 });
      else entry.count++;
    }
    if (s.outcome === 'ended' && s.body !== null) {
      const counted = countFrames(s.body);
      for (const kind of FRAME_KINDS) this.#frames[kind] += counted[kind];
      this.#readMs += heldMs;
    }
  }

  plannedRequests(n: number): void {
    this.#planned += n;
  }

  flush(): void {
    for (const outcome of STREAM_OUTCOMES) {
      if (this.#outcomes[outcome] > 0) streams.add(this.#outcomes[outcome], OUTCOME_TAGS[outcome]);
      this.#outcomes[outcome] = 0;
    }
    for (const entry of this.#refusals.values()) {
      if (entry.count > 0) refusals.add(entry.count, entry.tags);
      entry.count = 0;
    }
    for (const kind of FRAME_KINDS) {
      if (this.#frames[kind] > 0) frames.add(this.#frames[kind], FRAME_TAGS[kind]);
      this.#frames[kind] = 0;
    }
    if (this.#reconnects > 0) reconnects.add(this.#reconnects);
    if (this.#openMs > 0) openMs.add(this.#openMs);
    if (this.#readMs > 0) readMs.add(this.#readMs);
    if (this.#planned > 0) planned.add(this.#planned);
    this.#reconnects = 0;
    this.#openMs = 0;
    this.#readMs = 0;
    this.#planned = 0;
  }
}
