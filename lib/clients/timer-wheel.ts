// A timer wheel: entries due at absolute times (ms from the scenario's start), kept in buckets
// of a fixed width so that adding one and taking the due ones cost O(1) each, for the tens of
// thousands of client timers a VU of the chat or game model keeps. Pure.

export interface WheelEntry {
  readonly dueMs: number;
}

export class TimerWheel<T extends WheelEntry> {
  readonly #bucketMs: number;
  readonly #buckets: (T[] | undefined)[] = [];
  /** No entry sits in a bucket below this one. */
  #first = 0;
  #size = 0;

  constructor(bucketMs: number) {
    this.#bucketMs = bucketMs;
  }

  get size(): number {
    return this.#size;
  }

  add(entry: T): void {
    const index = Math.max(0, Math.floor(entry.dueMs / this.#bucketMs));
    const bucket = this.#buckets[index];
    if (bucket === undefined) this.#buckets[index] = [entry];
    else bucket.push(entry);
    if (index < this.#first) this.#first = index;
    this.#size++;
  }

  /** Moves up to `max` entries due by `nowMs` into `out`, earlier buckets first. */
  takeDue(nowMs: number, max: number, out: T[]): void {
    const last = Math.floor(nowMs / this.#bucketMs);
    for (let index = this.#first; index <= last && out.length < max; index++) {
      const bucket = this.#buckets[index];
      if (bucket === undefined) {
        if (index === this.#first) this.#first++;
        continue;
      }
      let kept = 0;
      for (let i = 0; i < bucket.length; i++) {
        const entry = bucket[i] as T;
        if (entry.dueMs <= nowMs && out.length < max) out.push(entry);
        else bucket[kept++] = entry;
      }
      this.#size -= bucket.length - kept;
      bucket.length = kept;
      if (kept === 0) {
        this.#buckets[index] = undefined;
        if (index === this.#first) this.#first++;
      }
    }
  }

  /** The earliest due time of an entry, or undefined when the wheel is empty. */
  nextDueMs(): number | undefined {
    if (this.#size === 0) return undefined;
    for (let index = this.#first; index < this.#buckets.length; index++) {
      const bucket = this.#buckets[index];
      if (bucket === undefined) continue;
      let earliest = Number.POSITIVE_INFINITY;
      for (let i = 0; i < bucket.length; i++) {
        earliest = Math.min(earliest, (bucket[i] as T).dueMs);
      }
      this.#first = index;
      return earliest;
    }
    return undefined;
  }
}
