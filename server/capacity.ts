// A server whose capacity can be set (FAULT_CAPACITY_RPS), so a capacity test has a knee to
// find. The model is one queue with a fixed service time of 1000 / capacity ms per request
// (an M/D/1-like queue): below capacity a request waits only behind the few that arrived at
// the same moment; above it, the backlog, and so the latency, grows with every second of
// overload, as a real saturated server's does. A request that would wait longer than
// `maxWaitMs` is shed at once with a 503, as a proxy in front of a saturated server would.

/** The longest a request may queue before it is shed with a 503. */
export const DEFAULT_MAX_QUEUE_WAIT_MS = 30_000;

export type QueueAdmission = { admitted: true; delayMs: number } | { admitted: false };

export class CapacityQueue {
  private readonly serviceMs: number;
  /** When the queue's last admitted request is done, in clock ms. */
  private busyUntil = Number.NEGATIVE_INFINITY;

  /** `capacityRps` 0 (or less) means unlimited: every request is admitted without delay. */
  constructor(
    capacityRps: number,
    private readonly maxWaitMs = DEFAULT_MAX_QUEUE_WAIT_MS,
  ) {
    this.serviceMs = capacityRps > 0 ? 1000 / capacityRps : 0;
  }

  /** A request arriving at `now`: the time until its answer, or shed when the queue is full. */
  admit(now: number): QueueAdmission {
    if (this.serviceMs === 0) return { admitted: true, delayMs: 0 };
    const start = Math.max(now, this.busyUntil);
    if (start - now > this.maxWaitMs) return { admitted: false };
    this.busyUntil = start + this.serviceMs;
    return { admitted: true, delayMs: this.busyUntil - now };
  }
}
