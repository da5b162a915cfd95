// Compares two sets of runs figure by figure: each side as median and spread over its runs,
// and a verdict that calls a change a regression only when it is beyond the runs' own noise,
// beyond the tolerance and beyond the figure's smallest meaningful change. Pure.

import type { PollSummaryJson, PublicConfig } from '../poll/summary-schema';
import { mergeQuantileFunctions, type QuantileFunction } from '../quantiles';
import { comparedFigures, type FigureDefinition } from './figures';

/** One side's values of a figure over its runs. */
export interface SideStats {
  /** Per run, null where the run did not measure it. */
  values: (number | null)[];
  /** Of the measured values; null when no run measured it. */
  median: number | null;
  min: number | null;
  max: number | null;
  /** Half the range (max - min) / 2: the runs' own noise; 0 for one run. */
  spread: number | null;
}

export type Verdict = 'regression' | 'improvement' | 'within noise' | 'unchanged' | 'not measured';

export interface FigureComparison {
  figure: Omit<FigureDefinition, 'read'>;
  base: SideStats;
  new: SideStats;
  /** new - base medians. */
  change: number | null;
  /** The change as a percent of the base median; null when either is missing or base is 0. */
  changePercent: number | null;
  verdict: Verdict;
}

export interface Side {
  /** File names, for the report. */
  paths: string[];
  summaries: PollSummaryJson[];
}

export interface Comparison {
  tolerancePercent: number;
  base: { paths: string[] };
  new: { paths: string[] };
  /** Configuration fields that differ between or within the sides, e.g. `users: base 4, new 10`. */
  configDifferences: string[];
  figures: FigureComparison[];
  /** Latency distributions of all runs of a side merged, overall then per endpoint. */
  distributions: { title: string; base: QuantileFunction | null; new: QuantileFunction | null }[];
}

export const DEFAULT_TOLERANCE_PERCENT = 10;

function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function sideStats(values: readonly (number | null)[]): SideStats {
  const measured = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (measured.length === 0) {
    return { values: [...values], median: null, min: null, max: null, spread: null };
  }
  const sorted = [...measured].sort((a, b) => a - b);
  const min = sorted[0] as number;
  const max = sorted[sorted.length - 1] as number;
  return { values: [...values], median: median(sorted), min, max, spread: (max - min) / 2 };
}

/** The verdict for one figure; see the file comment. */
export function verdictOf(
  figure: Pick<FigureDefinition, 'worse' | 'minimumChange'>,
  base: SideStats,
  next: SideStats,
  tolerancePercent: number,
): Verdict {
  if (base.median === null || next.median === null) return 'not measured';
  const change = next.median - base.median;
  const size = Math.abs(change);
  const relative =
    base.median === 0 ? (size === 0 ? 0 : Infinity) : (size * 100) / Math.abs(base.median);
  const beyondTolerance = relative > tolerancePercent && size > figure.minimumChange;
  if (!beyondTolerance) return 'unchanged';
  const noise = (base.spread ?? 0) + (next.spread ?? 0);
  if (size <= noise) return 'within noise';
  const worse = figure.worse === 'higher' ? change > 0 : change < 0;
  return worse ? 'regression' : 'improvement';
}

type ConfigKey = keyof PublicConfig;
const COMPARED_CONFIG: readonly ConfigKey[] = [
  'baseUrl',
  'users',
  'roomsPerUser',
  'roomMode',
  'roomCount',
  'plannedDurationMs',
  'pollIntervalMs',
  'startPhase',
  'vusConfigured',
  'vusUsed',
  'limitsPerMinute',
];

function distinct(summaries: readonly PollSummaryJson[], key: ConfigKey): string[] {
  return [...new Set(summaries.map((s) => JSON.stringify(s.config[key])))];
}

/** `users: base 4, new 10`; a side whose runs differ lists its values with `|`. */
export function configDifferences(base: Side, next: Side): string[] {
  const lines: string[] = [];
  for (const key of COMPARED_CONFIG) {
    const b = distinct(base.summaries, key);
    const n = distinct(next.summaries, key);
    const same = b.length === 1 && n.length === 1 && b[0] === n[0];
    if (!same) lines.push(`${key}: base ${b.join(' | ')}, new ${n.join(' | ')}`);
  }
  return lines;
}

function mergedDistributions(side: Side, pick: (s: PollSummaryJson) => QuantileFunction | null) {
  try {
    return mergeQuantileFunctions(side.summaries.map(pick));
  } catch {
    // Different percentile grids cannot be merged; the chart is left out, the figures stay.
    return null;
  }
}

export function compareRuns(base: Side, next: Side, tolerancePercent: number): Comparison {
  const figures = comparedFigures([...base.summaries, ...next.summaries]).map((f) => {
    const b = sideStats(base.summaries.map(f.read));
    const n = sideStats(next.summaries.map(f.read));
    const change = b.median === null || n.median === null ? null : n.median - b.median;
    const { read: _read, ...figure } = f;
    return {
      figure,
      base: b,
      new: n,
      change,
      changePercent:
        change === null || b.median === null || b.median === 0
          ? null
          : (change * 100) / Math.abs(b.median),
      verdict: verdictOf(f, b, n, tolerancePercent),
    };
  });
  const endpoints = base.summaries[0]?.endpoints ?? next.summaries[0]?.endpoints ?? [];
  return {
    tolerancePercent,
    base: { paths: base.paths },
    new: { paths: next.paths },
    configDifferences: configDifferences(base, next),
    figures,
    distributions: [
      {
        title: 'all polling requests',
        base: mergedDistributions(base, (s) => s.latencyDistribution),
        new: mergedDistributions(next, (s) => s.latencyDistribution),
      },
      ...endpoints.map((e) => {
        const pick = (s: PollSummaryJson) =>
          s.endpoints.find((x) => x.endpoint === e.endpoint)?.latencyDistribution ?? null;
        return {
          title: e.pathTemplate,
          base: mergedDistributions(base, pick),
          new: mergedDistributions(next, pick),
        };
      }),
    ],
  };
}

export function regressions(c: Comparison): FigureComparison[] {
  return c.figures.filter((f) => f.verdict === 'regression');
}
