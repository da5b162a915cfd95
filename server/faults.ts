// Fault injection for rehearsals: added latency (fixed plus uniform jitter) and a share of
// 500s per endpoint, drawn from a seeded PRNG so a rehearsal can be repeated exactly.

import type { FaultEndpoint, ServerOptions } from './options';

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Faults {
  private readonly random: () => number;

  constructor(private readonly options: ServerOptions['faults']) {
    this.random = createPrng(options.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** Latency to add to a response of this endpoint, in ms. */
  delayMs(endpoint: FaultEndpoint | undefined): number {
    if (endpoint === undefined) return 0;
    const jitter = this.options.jitterMs[endpoint];
    return this.options.latencyMs[endpoint] + (jitter > 0 ? this.random() * jitter : 0);
  }

  /** Whether this request should fail with a 500. */
  shouldFail(endpoint: FaultEndpoint): boolean {
    const rate = this.options.errorRate[endpoint];
    return rate > 0 && this.random() < rate;
  }
}
