// How the summaries of several k6 instances of one run combine, declared once per field: a
// section of summary.json's `measured` part names a rule for each of its fields (counters add,
// quantile functions merge, slices add slice by slice, ...), and `npm run report -- merge`
// applies the rules. The compiler asks for a rule for every field of a section's type
// ({@link fields}), and merging an object with a field that has no rule is an error naming it,
// so nothing is ever merged as a silent 0. Pure: no k6, no files.

/** Summaries that cannot be merged; `message` is one line naming the field and the input. */
export class MergeError extends Error {
  override name = 'MergeError';
}

/** Where a rule is applied: the field's path and the inputs, to name them in errors. */
export interface MergeContext {
  /** The field, e.g. `measured.metrics.cw_requests.count`. */
  readonly path: string;
  /** The inputs' names (their files), index-aligned with the values. */
  readonly sources: readonly string[];
  /** A line for the merged report: what could be merged only in part. */
  warn(line: string): void;
}

/** How one field's values (one per input) become the merged run's value. */
export interface MergeRule<T> {
  /** What the rule does, in a few words, for errors and docs: `sum`, `the same in every input`. */
  readonly describe: string;
  merge(values: readonly T[], at: MergeContext): T;
}

/** The rules of an object's fields: one for every field, optional ones included. */
export type FieldRules<T> = { readonly [K in keyof T]-?: MergeRule<T[K]> };

/** `values` merged by `rule` at the top level, as `path` (e.g. `measured`). */
export function applyRule<T>(
  rule: MergeRule<T>,
  values: readonly T[],
  sources: readonly string[],
  path: string,
  warn: (line: string) => void = () => {},
): T {
  return rule.merge(values, { path, sources, warn });
}

function at(context: MergeContext, key: string): MergeContext {
  return { ...context, path: context.path === '' ? key : `${context.path}.${key}` };
}

function only<T>(values: readonly T[], context: MergeContext): T {
  if (values.length === 0) throw new MergeError(`${context.path}: nothing to merge`);
  return values[0] as T;
}

/** The sum: counts, bytes. */
export const sum: MergeRule<number> = {
  describe: 'sum',
  merge: (values) => values.reduce((a, b) => a + b, 0),
};

/** The largest: the longest duration of instances that ran side by side. */
export const max: MergeRule<number> = {
  describe: 'largest',
  merge(values, context) {
    only(values, context);
    return Math.max(...values);
  },
};

export const min: MergeRule<number> = {
  describe: 'smallest',
  merge(values, context) {
    only(values, context);
    return Math.min(...values);
  },
};

/** True when true in every input: setup completed, thresholds passed. */
export const every: MergeRule<boolean> = {
  describe: 'true when true in every input',
  merge: (values) => values.every((v) => v),
};

/** True when true in any input. */
export const some: MergeRule<boolean> = {
  describe: 'true when true in any input',
  merge: (values) => values.some((v) => v),
};

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) {
      return false;
    }
  }
  return true;
}

/**
 * The same value in every input, else an error naming the field and both inputs: what the
 * instances of one run share (the configuration, the run id).
 */
export function same<T>(): MergeRule<T> {
  return {
    describe: 'the same in every input',
    merge(values, context) {
      const first = only(values, context);
      const other = values.findIndex((v) => !equal(v, first));
      if (other !== -1) {
        throw new MergeError(
          `${context.sources[other] ?? `input ${other + 1}`}: ${context.path} is ${JSON.stringify(values[other])}, but ${context.sources[0] ?? 'input 1'} has ${JSON.stringify(first)}: only the instances of one run merge`,
        );
      }
      return first;
    },
  };
}

/** `value` whatever the inputs hold: a field the merge sets itself (where the merged files go). */
export function replacedBy<T>(value: T, describe: string): MergeRule<T> {
  return { describe, merge: () => value };
}

/** The inputs' lists one after the other: one entry per instance. */
export function concat<T>(): MergeRule<T[]> {
  return { describe: 'the lists one after the other', merge: (values) => values.flat() };
}

/** Null when every input is null (not measured), else the rule over the others. */
export function nullable<T>(rule: MergeRule<T>): MergeRule<T | null> {
  return {
    describe: `${rule.describe}, of the inputs that measured it`,
    merge(values, context) {
      const measured = values.filter((v): v is T => v !== null);
      const sources = context.sources.filter((_, i) => values[i] !== null);
      return measured.length === 0 ? null : rule.merge(measured, { ...context, sources });
    },
  };
}

/**
 * Entries by key, each merged by `rule` over the inputs that have it (a counter one instance
 * never recorded is absent there, not 0).
 */
export function record<V>(rule: MergeRule<V>): MergeRule<Record<string, V>> {
  return recordBy(() => rule, rule.describe);
}

/** Entries by key, each merged by the rule `ruleOf` gives for its key. */
export function recordBy<V>(
  ruleOf: (key: string) => MergeRule<V>,
  describe: string,
): MergeRule<Record<string, V>> {
  return {
    describe: `by key: ${describe}`,
    merge(values, context) {
      const keys: string[] = [];
      for (const v of values) {
        for (const key of Object.keys(v)) if (!keys.includes(key)) keys.push(key);
      }
      const merged: Record<string, V> = {};
      for (const key of keys) {
        const having = values.flatMap((v, i) => (key in v ? [i] : []));
        merged[key] = ruleOf(key).merge(
          having.map((i) => (values[i] as Record<string, V>)[key] as V),
          { ...at(context, key), sources: having.map((i) => context.sources[i] ?? '') },
        );
      }
      return merged;
    },
  };
}

/**
 * An object merged field by field. An input with a field that has no rule, or without a field
 * that has one, is an error naming the field: summaries from another version of the scenario
 * do not merge by accident, and a new field without a rule fails its tests.
 */
export function fields<T extends object>(rules: FieldRules<T>): MergeRule<T> {
  const known = Object.keys(rules);
  return {
    describe: `field by field (${known.join(', ')})`,
    merge(values, context) {
      values.forEach((value, i) => {
        const source = context.sources[i] ?? `input ${i + 1}`;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          throw new MergeError(`${source}: ${context.path} is not an object`);
        }
        for (const key of Object.keys(value)) {
          if (!known.includes(key)) {
            throw new MergeError(
              `${source}: ${at(context, key).path} has no merge rule (add one to its section's rules)`,
            );
          }
        }
        for (const key of known) {
          if (!(key in value)) {
            throw new MergeError(`${source}: ${at(context, key).path} is missing`);
          }
        }
      });
      const merged = {} as T;
      for (const key of known as (keyof T & string)[]) {
        merged[key] = rules[key].merge(
          values.map((v) => v[key]),
          at(context, key),
        );
      }
      return merged;
    },
  };
}

/**
 * Lists of the same length merged entry by entry: time slices, each slice of every instance
 * added into the same slice of the run. Lengths that differ are an error.
 */
export function byIndex<T>(rule: MergeRule<T>): MergeRule<T[]> {
  return {
    describe: `entry by entry: ${rule.describe}`,
    merge(values, context) {
      const length = only(values, context).length;
      const other = values.findIndex((v) => v.length !== length);
      if (other !== -1) {
        throw new MergeError(
          `${context.sources[other] ?? ''}: ${context.path} has ${values[other]?.length} entries, but ${context.sources[0] ?? ''} has ${length}`,
        );
      }
      return Array.from({ length }, (_, i) =>
        rule.merge(
          values.map((v) => v[i] as T),
          at(context, `${i}`),
        ),
      );
    },
  };
}

/**
 * Lists merged by a key of their entries (rooms by their server id): entries with the same key
 * are merged by `rule`, in the order the keys first appear.
 */
export function byKey<T>(key: (entry: T) => string, rule: MergeRule<T>): MergeRule<T[]> {
  return {
    describe: `by key: ${rule.describe}`,
    merge(values, context) {
      const groups = new Map<string, { entries: T[]; sources: string[] }>();
      values.forEach((list, i) => {
        for (const entry of list) {
          const k = key(entry);
          const group = groups.get(k) ?? { entries: [], sources: [] };
          group.entries.push(entry);
          group.sources.push(context.sources[i] ?? '');
          groups.set(k, group);
        }
      });
      return [...groups].map(([k, g]) =>
        rule.merge(g.entries, { ...at(context, k), sources: g.sources }),
      );
    },
  };
}

/** The worst of an ordered list of states, best first: a run status. */
export function worst<T extends string>(order: readonly T[]): MergeRule<T> {
  return {
    describe: `the worst of ${order.join(' < ')}`,
    merge(values, context) {
      only(values, context);
      let worstIndex = 0;
      values.forEach((v, i) => {
        const rank = order.indexOf(v);
        if (rank === -1) {
          throw new MergeError(
            `${context.sources[i] ?? ''}: ${context.path} is ${JSON.stringify(v)}; expected one of ${order.join(', ')}`,
          );
        }
        worstIndex = Math.max(worstIndex, rank);
      });
      return order[worstIndex] as T;
    },
  };
}

/**
 * A union told apart by its `type` field, each variant merged by its own rule: every input must
 * have the same variant.
 */
export function byType<T extends { type: string }>(
  rules: {
    readonly [K in T['type']]: MergeRule<Extract<T, { type: K }>>;
  },
): MergeRule<T> {
  return {
    describe: 'by type',
    merge(values, context) {
      const first = only(values, context);
      const other = values.findIndex((v) => v.type !== first.type);
      if (other !== -1) {
        throw new MergeError(
          `${context.sources[other] ?? ''}: ${context.path} is a ${values[other]?.type}, but ${context.sources[0] ?? ''} has a ${first.type}`,
        );
      }
      const rule = (rules as Record<string, MergeRule<T> | undefined>)[first.type];
      if (rule === undefined) {
        throw new MergeError(
          `${context.sources[0] ?? ''}: ${context.path} is a ${JSON.stringify(first.type)}, which has no merge rule`,
        );
      }
      return rule.merge(values, context);
    },
  };
}
