// Config parts: a part declares the env variables it reads and parses them. A scenario's
// configuration is the shared parts (target.ts, polling-load.ts) extended by its own, so each
// shared variable is parsed in one place and reaches every scenario that has the part, and the
// names a scenario knows (for the misspelling warning, near-misses.ts) are its parts' names.
// A part's parser gets an env typed to its declared names: reading one it does not declare
// fails tsc.

import type { EnvOf } from '../env';

export interface ConfigPart<N extends string, T extends object> {
  /** Every env variable the part reads. */
  readonly names: readonly N[];
  /** Reads and validates them; throws one ConfigError naming the variable. */
  readonly parse: (env: EnvOf<N>) => T;
}

export function configPart<N extends string, T extends object>(
  names: readonly N[],
  parse: (env: EnvOf<N>) => T,
): ConfigPart<N, T> {
  return { names, parse };
}

/** Two parts as one: the values of `a`, then those of `b`. */
export function joinParts<NA extends string, A extends object, NB extends string, B extends object>(
  a: ConfigPart<NA, A>,
  b: ConfigPart<NB, B>,
): ConfigPart<NA | NB, A & B> {
  return {
    names: [...a.names, ...b.names],
    parse: (env) => ({ ...a.parse(env), ...b.parse(env) }),
  };
}

/** `base` and variables of its own, parsed after the base so they may depend on its values. */
export function extendPart<NB extends string, B extends object, N extends string, T extends object>(
  base: ConfigPart<NB, B>,
  names: readonly N[],
  parse: (env: EnvOf<N>, base: B) => T,
): ConfigPart<NB | N, B & T> {
  return {
    names: [...base.names, ...names],
    parse: (env) => {
      const values = base.parse(env);
      return { ...values, ...parse(env, values) };
    },
  };
}
