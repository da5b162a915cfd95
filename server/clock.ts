import type { Clock } from './types';

/** The wall clock, for the real server; tests and the sandbox pass a virtual one. */
export const systemClock: Clock = { now: () => Date.now() };
