// The scenarios of a script's options as the sandbox runs them: k6's shortcuts (duration,
// iterations) become a `default` scenario; constant-vus, per-vu-iterations and
// shared-iterations are imitated, any other executor is refused with a clear error.

import { parseDuration } from '../lib/env';

export type Executor = 'constant-vus' | 'per-vu-iterations' | 'shared-iterations';
const EXECUTORS: readonly string[] = ['constant-vus', 'per-vu-iterations', 'shared-iterations'];

export interface ScenarioPlan {
  name: string;
  executor: Executor;
  vus: number;
  /** constant-vus: how long iterations start; iteration executors: maxDuration. */
  durationMs: number;
  /** Iterations per VU (per-vu-iterations) or in total (shared-iterations). */
  iterations: number;
  gracefulStopMs: number;
  startTimeMs: number;
  /** The exported function each iteration calls. */
  exec: string;
  env: Record<string, string>;
  tags: Record<string, string>;
}

/** An option the sandbox does not imitate: it says so instead of running something else. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxError';
  }
}

function duration(value: unknown, fallbackMs: number, what: string): number {
  if (value === undefined) return fallbackMs;
  const ms =
    typeof value === 'number'
      ? value
      : typeof value === 'string'
        ? parseDuration(value)
        : undefined;
  if (ms === undefined || ms < 0)
    throw new SandboxError(`${what}: invalid duration ${String(value)}`);
  return ms;
}

function count(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SandboxError(`${what}: expected a whole number >= 1, got ${String(value)}`);
  }
  return value;
}

function strings(value: unknown): Record<string, string> {
  return Object.fromEntries(
    Object.entries((value ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
  );
}

function plan(name: string, s: Record<string, unknown>): ScenarioPlan {
  const what = `scenario ${name}`;
  const executor = String(s.executor);
  if (!EXECUTORS.includes(executor)) {
    throw new SandboxError(
      `${what}: executor ${executor} is not imitated by the sandbox (only ${EXECUTORS.join(', ')})`,
    );
  }
  const constant = executor === 'constant-vus';
  if (constant && s.duration === undefined) throw new SandboxError(`${what}: duration is required`);
  return {
    name,
    executor: executor as Executor,
    vus: count(s.vus, 1, `${what} vus`),
    durationMs: constant
      ? duration(s.duration, 0, `${what} duration`)
      : duration(s.maxDuration, 600_000, `${what} maxDuration`),
    iterations: count(s.iterations, 1, `${what} iterations`),
    gracefulStopMs: duration(s.gracefulStop, 30_000, `${what} gracefulStop`),
    startTimeMs: duration(s.startTime, 0, `${what} startTime`),
    exec: typeof s.exec === 'string' ? s.exec : 'default',
    env: strings(s.env),
    tags: strings(s.tags),
  };
}

/** The scenarios k6 would run for these options (k6's shortcut rules when none are given). */
export function scenarioPlans(options: Record<string, unknown>): ScenarioPlan[] {
  const scenarios = options.scenarios as Record<string, Record<string, unknown>> | undefined;
  if (scenarios !== undefined) {
    return Object.entries(scenarios).map(([name, s]) => plan(name, s));
  }
  if (options.stages !== undefined) {
    throw new SandboxError('options.stages (ramping-vus) is not imitated by the sandbox');
  }
  if (options.duration !== undefined) {
    return [
      plan('default', { executor: 'constant-vus', vus: options.vus, duration: options.duration }),
    ];
  }
  if (options.iterations !== undefined) {
    return [
      plan('default', {
        executor: 'shared-iterations',
        vus: options.vus,
        iterations: options.iterations,
      }),
    ];
  }
  return [plan('default', { executor: 'per-vu-iterations', vus: options.vus, iterations: 1 })];
}
