// A server whose capacity can be set (FAULT_CAPACITY_RPS), so a capacity test has a knee to
// find. The model is a fluid queue served at `capacityRps`: time is cut into 10 ms buckets,
// and the backlog after each bucket is the one before plus the bucket's arrivals minus what
// the server serves in 10 ms (never below 0). A request waits for the backlog ahead of it,
// then takes one service time (1000 / capacity ms). Below capacity only requests arriving
// together wait; above it the backlog, and so the latency, grows with every second of
// overload, as a saturated server's does. A request that would wait longer than `maxWaitMs`
// is shed at once (a 503), as a proxy in front of a saturated server would.
//
// Arrivals are counted in their own bucket even when they come in late (the k6 sandbox runs
// one VU's iteration at a time on its own virtual clock), and the backlog after that bucket is
// worked out again, so the order in which requests reach the model does not matter.

/** The longest a request may queue before it is shed with a 503. */
export const DEFAULT_MAX_QUEUE_WAIT_MS = 30_000;

const BUCKET_MS = 10;
/** The history kept, in buckets (60 s); older arrivals count as arriving at its start. */
const MAX_BUCKETS = 6000;

export type QueueAdmission = { admitted: true; delayMs: number } | { admitted: false };

export class CapacityQueue {
  private readonly servedPerBucket: number;
  private readonly serviceMs: number;
  /** Bucket number (ms / BUCKET_MS) of arrivals[0]. */
  private origin: number | undefined;
  /** Backlog (requests) before arrivals[0]'s bucket. */
  private initialBacklog = 0;
  private arrivals: number[] = [];
  /** Backlog after each bucket; valid up to `valid` (inclusive). */
  private backlogs: number[] = [];
  private valid = -1;

  /** `capacityRps` 0 (or less) means unlimited: every request is admitted without delay. */
  constructor(
    capacityRps: number,
    private readonly maxWaitMs = DEFAULT_MAX_QUEUE_WAIT_MS,
  ) {
    this.serviceMs = capacityRps > 0 ? 1000 / capacityRps : 0;
    this.servedPerBucket = (capacityRps * BUCKET_MS) / 1000;
  }

  /** A request arriving at `now`: the time until its answer, or shed when the queue is full. */
  admit(now: number): QueueAdmission {
    if (this.serviceMs === 0) return { admitted: true, delayMs: 0 };
    const bucket = Math.floor(now / BUCKET_MS);
    this.origin ??= bucket;
    let index = Math.max(0, bucket - this.origin);
    if (index >= MAX_BUCKETS) index = this.forget(index - MAX_BUCKETS / 2);
    while (this.arrivals.length <= index) this.arrivals.push(0);
    const before = index === 0 ? this.initialBacklog : this.backlogAfter(index - 1);
    const servedSoFar = (this.servedPerBucket * (now - bucket * BUCKET_MS)) / BUCKET_MS;
    const ahead = Math.max(0, before + (this.arrivals[index] ?? 0) - servedSoFar);
    const waitMs = ahead * this.serviceMs;
    if (waitMs > this.maxWaitMs) return { admitted: false };
    this.arrivals[index] = (this.arrivals[index] ?? 0) + 1;
    this.valid = Math.min(this.valid, index - 1);
    return { admitted: true, delayMs: waitMs + this.serviceMs };
  }

  private backlogAfter(index: number): number {
    for (let i = this.valid + 1; i <= index; i++) {
      const previous = i === 0 ? this.initialBacklog : (this.backlogs[i - 1] ?? 0);
      this.backlogs[i] = Math.max(0, previous + (this.arrivals[i] ?? 0) - this.servedPerBucket);
    }
    this.valid = Math.max(this.valid, index);
    return this.backlogs[index] ?? 0;
  }

  /** Drops the oldest `count` buckets; returns where `index` is after that. */
  private forget(count: number): number {
    const shift = Math.min(count, this.arrivals.length);
    if (shift > 0) {
      this.initialBacklog = this.backlogAfter(shift - 1);
      this.arrivals = this.arrivals.slice(shift);
      this.backlogs = this.backlogs.slice(shift);
      this.valid = Math.max(-1, this.valid - shift);
    }
    this.origin = (this.origin ?? 0) + count;
    return MAX_BUCKETS / 2;
  }
}
