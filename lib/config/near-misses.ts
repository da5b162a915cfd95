// Env names that look like a misspelt option (USRS=3, DURATON=5s): k6 hands a script every
// -e name and ignores what it does not read, so a typo would silently run the defaults. k6
// also puts the whole process environment into __ENV (unless --include-system-env-vars=false),
// so only names close to an option are named, never every unknown one.

/** Names every shell sets that are one edit from an option (USER, USERS): never a typo. */
const PROCESS_ENV_NAMES: ReadonlySet<string> = new Set(['USER']);

export interface NearMiss {
  /** The name as given. */
  name: string;
  /** The options it is closest to (more than one only when equally close). */
  options: string[];
}

/**
 * Edits (insert, delete, substitute, swap two neighbours) that turn `a` into `b`, or
 * `limit + 1` once more than `limit` are needed.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      }
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, limit + 1);
}

/** How far a name may be from an option to count as its misspelling: 1 edit, 2 from 8 letters. */
function allowedEdits(option: string): number {
  return option.length >= 8 ? 2 : 1;
}

/** The names of `env` that are no option but close to one: another case, or an edit or two. */
export function nearMisses(envNames: Iterable<string>, options: readonly string[]): NearMiss[] {
  const known = new Set(options);
  const misses: NearMiss[] = [];
  for (const name of envNames) {
    if (known.has(name) || PROCESS_ENV_NAMES.has(name)) continue;
    const upper = name.toUpperCase();
    let best = Number.POSITIVE_INFINITY;
    let closest: string[] = [];
    for (const option of options) {
      const limit = allowedEdits(option);
      const distance = upper === option ? 0 : editDistance(upper, option, limit);
      if (distance > limit || distance > best) continue;
      if (distance < best) closest = [];
      best = distance;
      closest.push(option);
    }
    if (closest.length > 0) misses.push({ name, options: closest });
  }
  return misses;
}

/** One line for a near-miss, e.g. `USRS is not a poll option and is ignored; did you mean USERS?` */
export function describeNearMiss(miss: NearMiss, scenario: string): string {
  const caseOnly = miss.options.length === 1 && miss.name.toUpperCase() === miss.options[0];
  return `${miss.name} is not a ${scenario} option and is ignored; did you mean ${miss.options.join(' or ')}?${caseOnly ? ' (names are case-sensitive)' : ''}`;
}
