// Judges one capacity step by the gates: the server's (latency, errors, and 429s with
// RATE_LIMITS=count) and the load generator's (achieved share, schedule lag). Pure.

import { formatFixed, formatInt, formatMs, formatPercent } from '../format';
import { generatorFellBehind, MAX_LAG_SHARE_OF_INTERVAL, MIN_PERCENT_OF_PLAN } from '../generator';
import { parseThresholdExpression, thresholdHolds } from '../thresholds';
import type { RateLimitMode } from './config';
import type { CapacityGates } from './gates';
import { CAPACITY_LATENCY_HEADROOM_MS } from './steps';

/** What one step measured, read from its `{scenario:step_N}` sub-metrics. */
export interface StepMeasurement {
  requests: number;
  /** Trend stats of the step's latency by name (`p(95)`...); empty without samples. */
  latency: Readonly<Record<string, number>>;
  /** Share of failed requests other than 429s; null without requests. */
  errorRate: number | null;
  rateLimited: number;
  lagP95Ms: number | null;
  /** CLIENT=chat or game: how the step's streams ended; undefined for the seed model. */
  streams?: { held: number; ended: number; refused: number; failed: number };
}

/**
 * `pass`; `fail`: a server gate failed; `generator-limited`: the load generator fell behind,
 * so the step says nothing certain about the server; `not-run`: the run stopped before it.
 */
export type StepVerdict = 'pass' | 'fail' | 'generator-limited' | 'not-run';

export interface StepJudgement {
  verdict: StepVerdict;
  /** Server gates that failed, e.g. `p(95)=612.00 ms (gate p(95)<500)`. */
  serverReasons: string[];
  /** Why the generator counts as behind, e.g. `achieved 91.0% of plan (< 97%)`. */
  generatorReasons: string[];
}

export interface StepPlan {
  plannedRequests: number;
  /** The lag gate's interval: POLL_INTERVAL, or the client model's shortest period. */
  pollIntervalMs: number;
  /** How the report names that interval; POLL_INTERVAL when unset. */
  intervalName?: string;
}

/** Streams that did not hold: refused, unanswered or ended early by the server. */
function streamReasons(m: StepMeasurement): string[] {
  const s = m.streams;
  if (s === undefined) return [];
  const reasons: string[] = [];
  if (s.refused > 0) reasons.push(`${formatInt(s.refused)} streams refused`);
  if (s.failed > 0) reasons.push(`${formatInt(s.failed)} streams got no answer`);
  if (s.ended > 0) reasons.push(`${formatInt(s.ended)} streams ended early (dropped)`);
  return reasons;
}

function latencyReasons(gates: CapacityGates, m: StepMeasurement): string[] {
  const reasons: string[] = [];
  for (const text of gates.latency) {
    const e = parseThresholdExpression(text);
    if (e === undefined) continue;
    const observed = m.latency[e.aggregation];
    if (observed === undefined) reasons.push(`${e.aggregation} not reported (gate ${text})`);
    else if (!thresholdHolds(e, observed))
      reasons.push(`${e.aggregation}=${formatMs(observed)} (gate ${text})`);
  }
  return reasons;
}

function errorReasons(
  gates: CapacityGates,
  m: StepMeasurement,
  plan: StepPlan,
  rateLimits: RateLimitMode,
): string[] {
  const reasons: string[] = [];
  for (const text of gates.errors) {
    const e = parseThresholdExpression(text);
    if (e === undefined || e.aggregation !== 'rate') continue;
    if (m.errorRate !== null && !thresholdHolds(e, m.errorRate)) {
      reasons.push(`error rate ${formatPercent(m.errorRate * 100, 2)} (gate ${text})`);
    }
    // As the k6 threshold can express it: 429s as a share of the step's planned requests.
    const share = plan.plannedRequests > 0 ? m.rateLimited / plan.plannedRequests : 0;
    if (rateLimits === 'count' && !thresholdHolds(e, share)) {
      reasons.push(`429s ${formatPercent(share * 100, 2)} of planned requests (gate ${text})`);
    }
  }
  return reasons;
}

export function achievedPercent(requests: number, plannedRequests: number): number | null {
  return plannedRequests > 0 ? (requests * 100) / plannedRequests : null;
}

function generatorReasons(m: StepMeasurement, plan: StepPlan): string[] {
  const achieved = achievedPercent(m.requests, plan.plannedRequests);
  const behind = generatorFellBehind({
    requestsMade: m.requests,
    requestsPercentOfPlan: achieved,
    ranPlannedDuration: true,
    scheduleLagP95Ms: m.lagP95Ms,
    pollIntervalMs: plan.pollIntervalMs,
  });
  if (!behind) {
    return [];
  }
  const reasons: string[] = [];
  if (achieved !== null && achieved < MIN_PERCENT_OF_PLAN) {
    reasons.push(`achieved ${formatPercent(achieved)} of plan (< ${MIN_PERCENT_OF_PLAN}%)`);
  }
  const maxLag = plan.pollIntervalMs * MAX_LAG_SHARE_OF_INTERVAL;
  if (m.lagP95Ms !== null && m.lagP95Ms > maxLag) {
    reasons.push(
      `schedule lag p95 ${formatMs(m.lagP95Ms)} (> ${formatFixed(maxLag, 0)} ms, 10% of ${plan.intervalName ?? 'POLL_INTERVAL'})`,
    );
  }
  return reasons;
}

/**
 * A step whose generator fell behind says nothing certain about the server: generator-limited.
 * Except when the server gates failed too and its answers explain the lag: a VU waits for its
 * batch's slowest answer before its next batch, so the slowest answers (p99) at least as slow
 * as the lag (p95), or answers (p95) slower than the headroom the step's VUs were given, hold
 * the schedule up by themselves (and the polls still owed when the step ends are not sent,
 * so the step falls short of its plan too).
 */
function stepVerdict(serverFailed: boolean, generatorBehind: boolean, m: StepMeasurement) {
  if (!generatorBehind) return serverFailed ? 'fail' : 'pass';
  const latencyP95 = m.latency['p(95)'];
  const slowest = m.latency['p(99)'] ?? latencyP95;
  const lagExplained =
    latencyP95 !== undefined &&
    slowest !== undefined &&
    m.lagP95Ms !== null &&
    (slowest >= m.lagP95Ms || latencyP95 > CAPACITY_LATENCY_HEADROOM_MS);
  return serverFailed && lagExplained ? 'fail' : 'generator-limited';
}

/** The verdict of a step the run reached (`ran`), or `not-run`. */
export function judgeStep(
  gates: CapacityGates,
  m: StepMeasurement,
  plan: StepPlan,
  rateLimits: RateLimitMode,
  ran: boolean,
): StepJudgement {
  if (!ran) return { verdict: 'not-run', serverReasons: [], generatorReasons: [] };
  const serverReasons =
    m.requests === 0
      ? ['no requests were made']
      : [
          ...latencyReasons(gates, m),
          ...errorReasons(gates, m, plan, rateLimits),
          ...streamReasons(m),
        ];
  const generator = m.requests === 0 ? [] : generatorReasons(m, plan);
  const verdict = stepVerdict(serverReasons.length > 0, generator.length > 0, m);
  return { verdict, serverReasons, generatorReasons: generator };
}
