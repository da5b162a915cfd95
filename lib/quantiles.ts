// A Trend's distribution as a dense quantile function, read from the percentiles k6 computes
// at the end of a run (options.summaryTrendStats), so that the summaries of several k6
// instances can be merged into exact-enough percentiles of the whole run: percentiles cannot be
// averaged, but cumulative distributions weighted by their sample counts can be added.
// Pure; the merge runs in Node (report merge), reading runs in k6 (handleSummary).
// Every k6 VU runs this module's top level at init: its tables of 1,089 entries are built with
// indexed callbacks and concat, not spreads, which step an iterator per element in Sobek.

/**
 * Percent levels of the grid: 0.1 % steps up to 99 %, then 0.01 % steps in the tail, where a
 * coarse grid would make a merged p99 miss by more than 1 %. Built from integers so each level
 * prints as k6 expects it (`p(0.3)`, not `p(0.30000000000000004)`).
 */
export const QUANTILE_LEVELS: readonly number[] = Array.from({ length: 990 + 99 }, (_, i) =>
  i < 990 ? (i + 1) / 10 : (9901 + i - 990) / 100,
);

/** k6's trend stat of each level: `p(0.1)`. */
export const QUANTILE_LEVEL_STATS: readonly string[] = QUANTILE_LEVELS.map(
  (level) => `p(${level})`,
);

/** The trend stats that carry a quantile function: k6 computes each `p(N)` it is asked for. */
export const QUANTILE_TREND_STATS: readonly string[] = ['count', 'avg', 'min', 'max'].concat(
  QUANTILE_LEVEL_STATS,
);

/** One Trend's distribution: `values[i]` is the `levels[i]` percentile, as k6 computes it. */
export interface QuantileFunction {
  count: number;
  min: number;
  max: number;
  avg: number;
  /** Percent levels, strictly increasing, within (0, 100). */
  levels: number[];
  values: number[];
}

/**
 * The quantile function in a Trend's summary values; null when k6 did not report every stat
 * it needs (the user overrode `--summary-trend-stats`) or the Trend has no samples.
 */
export function readQuantileFunction(
  values: Readonly<Record<string, number>> | undefined,
): QuantileFunction | null {
  if (values === undefined) return null;
  const { count, min, max, avg } = values;
  if (count === undefined || min === undefined || max === undefined || avg === undefined) {
    return null;
  }
  if (!(count > 0)) return null;
  const points: number[] = [];
  // The stat names made once, an indexed loop: handleSummary reads several of these in Sobek.
  for (let i = 0; i < QUANTILE_LEVEL_STATS.length; i++) {
    const value = values[QUANTILE_LEVEL_STATS[i] as string];
    if (value === undefined || !Number.isFinite(value)) return null;
    points.push(value);
  }
  return { count, min, max, avg, levels: QUANTILE_LEVELS.slice(), values: points };
}

/** The (percent, value) corners of the piecewise-linear quantile function, min and max included. */
function corners(f: QuantileFunction): { p: number[]; x: number[] } {
  return { p: [0, ...f.levels, 100], x: [f.min, ...f.values, f.max] };
}

/**
 * The `percent` percentile (0..100) of a distribution, interpolated between grid levels: the
 * corners around it found by binary search, without copying them (reports call this dozens of
 * times per distribution, in k6's interpreter).
 */
export function quantileAt(f: QuantileFunction, percent: number): number {
  if (percent <= 0) return f.min;
  if (percent >= 100) return f.max;
  const { levels, values } = f;
  // Corner k is (0, min) for k = 0, (levels[k - 1], values[k - 1]), then (100, max): the first
  // level at or above `percent` is corner i + 1, and the one before it is corner i.
  const i = lowerBound(levels, percent);
  const p0 = i === 0 ? 0 : (levels[i - 1] as number);
  const x0 = i === 0 ? f.min : (values[i - 1] as number);
  const p1 = i === levels.length ? 100 : (levels[i] as number);
  const x1 = i === levels.length ? f.max : (values[i] as number);
  return x0 + ((x1 - x0) * (percent - p0)) / (p1 - p0);
}

/** First index in the sorted `xs` whose value is >= `value` (xs.length when none). */
function lowerBound(xs: readonly number[], value: number): number {
  let low = 0;
  let high = xs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((xs[mid] as number) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index in the sorted `xs` whose value is > `value` (xs.length when none). */
function upperBound(xs: readonly number[], value: number): number {
  let low = 0;
  let high = xs.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((xs[mid] as number) <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The share of samples (0..1) below `value` (`left`) and at or below it (`right`): a value
 * many samples share is a flat stretch of the quantile function and a step of its CDF.
 */
function cdfAt(c: { p: number[]; x: number[] }, value: number): { left: number; right: number } {
  const { p, x } = c;
  const last = x.length - 1;
  const interpolate = (i: number) => {
    const x0 = x[i - 1] as number;
    const x1 = x[i] as number;
    const p0 = p[i - 1] as number;
    const p1 = p[i] as number;
    return (p0 + ((p1 - p0) * (value - x0)) / (x1 - x0)) / 100;
  };
  let left: number;
  if (value <= (x[0] as number)) left = 0;
  else if (value > (x[last] as number)) left = 1;
  else {
    const i = lowerBound(x, value);
    left = x[i] === value ? (p[i] as number) / 100 : interpolate(i);
  }
  let right: number;
  if (value < (x[0] as number)) right = 0;
  else if (value >= (x[last] as number)) right = 1;
  else {
    const i = upperBound(x, value);
    right = x[i - 1] === value ? (p[i - 1] as number) / 100 : interpolate(i);
  }
  return { left, right };
}

/**
 * The share of samples (0..1) at or below `value`, read from the quantile function: what a
 * histogram bucket ending at `value` holds, as a fraction of `count`.
 */
export function shareAtOrBelow(f: QuantileFunction, value: number): number {
  return sharesAtOrBelow(f, [value])[0] as number;
}

/** {@link shareAtOrBelow} of each of `values`, the corners copied once (1,091 of them). */
export function sharesAtOrBelow(f: QuantileFunction, values: readonly number[]): number[] {
  const c = corners(f);
  return values.map((value) => cdfAt(c, value).right);
}

/**
 * {@link shareAtOrBelow} of each of the ascending `edges`, read straight off a Trend's summary
 * values (k6's `count`, `min`, `max` and `p(N)` stats); null where readQuantileFunction gives
 * null. k6 runs handleSummary in an interpreter, where reading and copying the 1,089 levels of
 * each of a run's 180 time-slice series took most of a second: this binary-searches the
 * levels for the edges inside [min, max] only, a few dozen reads a series.
 */
export function trendSharesAtOrBelow(
  values: Readonly<Record<string, number>> | undefined,
  edges: readonly number[],
): number[] | null {
  if (values === undefined) return null;
  const { count, min, max } = values;
  if (count === undefined || min === undefined || max === undefined || !(count > 0)) return null;
  const levels = QUANTILE_LEVELS.length;
  // The corners of the quantile function, as corners() has them: min, each level, max.
  let missing = false;
  const x = (k: number): number => {
    if (k === 0) return min;
    if (k > levels) return max;
    const value = values[QUANTILE_LEVEL_STATS[k - 1] as string];
    if (value === undefined || !Number.isFinite(value)) missing = true;
    return value as number;
  };
  const p = (k: number): number =>
    k === 0 ? 0 : k > levels ? 100 : (QUANTILE_LEVELS[k - 1] as number);
  x(1);
  x(levels);
  if (missing) return null;
  const shares = edges.map((edge) => {
    if (edge < min) return 0;
    if (edge >= max) return 1;
    // upperBound over the corners: the first above the edge (corner 0 is min, at or below it).
    let low = 1;
    let high = levels + 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (x(mid) <= edge) low = mid + 1;
      else high = mid;
    }
    const x0 = x(low - 1);
    if (x0 === edge) return p(low - 1) / 100;
    const x1 = x(low);
    return (p(low - 1) + ((p(low) - p(low - 1)) * (edge - x0)) / (x1 - x0)) / 100;
  });
  return missing ? null : shares;
}

function sameLevels(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((level, i) => level === b[i]);
}

/**
 * Up to this many samples in all, a merge rebuilds each run's samples from its quantile
 * function and takes the percentiles of their union as k6 does. With few samples per run,
 * k6's percentiles interpolate between neighbouring samples, and mixing such coarse CDFs can
 * miss a tail percentile by more than 1 %; rebuilt samples do not.
 */
export const SAMPLE_REBUILD_LIMIT = 200_000;

/**
 * The shortest step between two grid levels, as a share of the rank (a level inside a gap
 * closer than this to the sample below it would amplify rounding too much to solve from).
 */
const MIN_SOLVE_FRACTION = 0.2;

/**
 * The `n` samples behind a quantile function: the k-th sits at percent 100k/(n-1). k6 computes
 * p(L) as s[i] + f x (s[i+1] - s[i]) at rank i + f = L(n-1)/100, so a level whose rank falls
 * between samples k-1 and k gives s[k] exactly from s[k-1]; where no level falls usefully
 * between them (more samples than the grid resolves), the function is interpolated instead.
 */
function rebuiltSamples(f: QuantileFunction): number[] {
  const n = Math.round(f.count);
  if (n === 1) return [f.min];
  const samples = [f.min];
  let level = 0;
  for (let k = 1; k < n - 1; k++) {
    // The last grid level whose rank is at most k: the one nearest below sample k.
    while (level + 1 < f.levels.length && ((f.levels[level + 1] as number) * (n - 1)) / 100 <= k) {
      level++;
    }
    const rank = ((f.levels[level] as number) * (n - 1)) / 100;
    const fraction = rank - (k - 1);
    const previous = samples[k - 1] as number;
    let sample: number;
    if (rank === k) sample = f.values[level] as number;
    else if (rank > k - 1 && fraction >= MIN_SOLVE_FRACTION) {
      sample = previous + ((f.values[level] as number) - previous) / fraction;
    } else sample = quantileAt(f, (100 * k) / (n - 1));
    samples.push(Math.min(f.max, Math.max(previous, sample)));
  }
  samples.push(f.max);
  return samples;
}

/** The percentiles at `levels` of several runs' rebuilt samples together (k6's formula). */
function mergeByRebuiltSamples(parts: readonly QuantileFunction[], levels: readonly number[]) {
  const all = parts.flatMap(rebuiltSamples).sort((a, b) => a - b);
  return levels.map((level) => {
    const rank = (level / 100) * (all.length - 1);
    const low = all[Math.floor(rank)] as number;
    const high = all[Math.ceil(rank)] as number;
    return low + (high - low) * (rank - Math.floor(rank));
  });
}

/**
 * The distribution of all samples of several runs: their CDFs weighted by sample count are
 * added, and the sum is inverted at each grid level (up to {@link SAMPLE_REBUILD_LIMIT}
 * samples, the runs' samples are rebuilt instead). Functions without samples are skipped;
 * null when none has any. Throws when two use different grids (nothing sound can be made).
 */
export function mergeQuantileFunctions(
  functions: readonly (QuantileFunction | null)[],
): QuantileFunction | null {
  const parts = functions.filter((f): f is QuantileFunction => f !== null && f.count > 0);
  const first = parts[0];
  if (first === undefined) return null;
  if (parts.length === 1) return first;
  for (const f of parts) {
    if (!sameLevels(f.levels, first.levels)) {
      throw new Error('mergeQuantileFunctions: the distributions use different percentile grids');
    }
  }
  const count = parts.reduce((sum, f) => sum + f.count, 0);
  const merged = {
    count,
    min: Math.min(...parts.map((f) => f.min)),
    max: Math.max(...parts.map((f) => f.max)),
    avg: parts.reduce((sum, f) => sum + f.avg * f.count, 0) / count,
    levels: [...first.levels],
  };
  if (count <= SAMPLE_REBUILD_LIMIT) {
    return { ...merged, values: mergeByRebuiltSamples(parts, first.levels) };
  }
  const partCorners = parts.map(corners);
  const breakpoints = [...new Set(partCorners.flatMap((c) => c.x))].sort((a, b) => a - b);
  // The merged CDF as a monotone polyline of (value, share) points: at each breakpoint its
  // left limit, then its value (they differ where samples pile up on one value).
  const xs: number[] = [];
  const shares: number[] = [];
  for (const value of breakpoints) {
    let left = 0;
    let right = 0;
    parts.forEach((f, i) => {
      const at = cdfAt(partCorners[i] as { p: number[]; x: number[] }, value);
      left += (at.left * f.count) / count;
      right += (at.right * f.count) / count;
    });
    xs.push(value, value);
    shares.push(left, right);
  }
  let segment = 1;
  const values = first.levels.map((level) => {
    const target = level / 100;
    while (segment < shares.length - 1 && (shares[segment] as number) < target) segment++;
    const s0 = shares[segment - 1] as number;
    const s1 = shares[segment] as number;
    const x0 = xs[segment - 1] as number;
    const x1 = xs[segment] as number;
    return s1 <= s0 ? x1 : x0 + ((x1 - x0) * (target - s0)) / (s1 - s0);
  });
  return { ...merged, values };
}
