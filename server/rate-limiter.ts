// A fixed-window counter like the `limits` library's MemoryStorage behind slowapi: the window
// starts at the first hit on a key and lasts `windowMs`; every hit counts, refused ones
// included, and none extends the window. A key whose window has ended starts afresh.

interface Bucket {
  count: number;
  expiresAt: number;
}

/** Beyond this many live buckets the oldest windows are forgotten early (bounded memory). */
export const DEFAULT_MAX_BUCKETS = 100_000;

export class FixedWindowLimiter {
  // Insertion order is window-start order (a renewed key is deleted and re-added), and all
  // windows have the same length, so expired buckets are always at the front of the map.
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly windowMs: number,
    private readonly maxBuckets = DEFAULT_MAX_BUCKETS,
  ) {}

  /** Counts one hit on `key` at `now`; true while the count is within `limit`. */
  hit(key: string, limit: number, now: number): boolean {
    this.expire(now);
    let bucket = this.buckets.get(key);
    // A clock that stepped back can leave an ended window behind the front; end it here too.
    if (bucket !== undefined && bucket.expiresAt <= now) {
      this.buckets.delete(key);
      bucket = undefined;
    }
    if (bucket === undefined) {
      bucket = { count: 0, expiresAt: now + this.windowMs };
      this.buckets.set(key, bucket);
      if (this.buckets.size > this.maxBuckets) this.evictOldest();
    }
    bucket.count += 1;
    return bucket.count <= limit;
  }

  /** Live buckets, for tests of the memory bound. */
  get size(): number {
    return this.buckets.size;
  }

  private expire(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.expiresAt > now) return;
      this.buckets.delete(key);
    }
  }

  private evictOldest(): void {
    const oldest = this.buckets.keys().next();
    if (oldest.done !== true) this.buckets.delete(oldest.value);
  }
}
