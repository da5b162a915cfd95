// Turns on the virtual clock: the VUs' loops run as coroutines, and whenever one would move
// its clock on (start an iteration, fire a timer), it waits until every other is waiting too
// and it is the earliest. So long async iterations (the chat and game VUs hold streams and
// wait on timers for the whole run) interleave as k6's VUs do, and a server sees their
// requests and streams in virtual-time order. Within a turn a VU runs synchronously.

interface Waiter {
  atMs: number;
  /** Ties go to the lower rank (the VU's place in the test). */
  rank: number;
  resume: () => void;
}

export class Turns {
  readonly #waiting: Waiter[] = [];
  #members = 0;
  #running = false;

  /** A coroutine takes part; call before any of them waits. */
  join(): void {
    this.#members++;
  }

  /** A coroutine is done: the others no longer wait for it. */
  leave(): void {
    this.#members--;
    this.#running = false;
    this.#next();
  }

  /** Waits until this coroutine, at `atMs` of virtual time, is the earliest of all. */
  turn(atMs: number, rank: number): Promise<void> {
    return new Promise((resume) => {
      this.#waiting.push({ atMs, rank, resume });
      this.#running = false;
      this.#next();
    });
  }

  #next(): void {
    if (this.#running || this.#waiting.length < this.#members || this.#waiting.length === 0) {
      return;
    }
    let best = 0;
    for (let i = 1; i < this.#waiting.length; i++) {
      const w = this.#waiting[i] as Waiter;
      const b = this.#waiting[best] as Waiter;
      if (w.atMs < b.atMs || (w.atMs === b.atMs && w.rank < b.rank)) best = i;
    }
    const [waiter] = this.#waiting.splice(best, 1);
    this.#running = true;
    waiter?.resume();
  }
}
