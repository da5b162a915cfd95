// Parsers for k6 env values (`-e NAME=value` or the process environment). Each error names
// the variable, what it received and what it allows, so a bad run stops at init with one line.

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * An env of which a parser may read the names `N` only: a config part (lib/config/part.ts)
 * hands its parser this type, so reading a variable the part does not declare fails tsc.
 */
export type EnvOf<N extends string> = Readonly<Partial<Record<N, string>>>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Runs `read` at init and rethrows its ConfigError as a plain string: k6 (1.x and 2.x) prints
 * a thrown Error with its stack (`\n\tat file:///...` lines) but a thrown string as exactly
 * one line, and both exit 107 (docs/thresholds.md). `notes` (asked only on an error) are
 * added to that line in brackets.
 */
export function withOneLineConfigErrors<T>(
  read: () => T,
  notes: () => readonly string[] = () => [],
): T {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const extra = notes();
    // A string, not an Error, on purpose: that is what keeps k6 from printing a stack.
    throw `${error.name}: ${error.message}${extra.length === 0 ? '' : ` (${extra.join('; ')})`}`;
  }
}

function invalid(name: string, received: string, allowed: string): ConfigError {
  return new ConfigError(`${name}: got ${JSON.stringify(received)}; expected ${allowed}`);
}

/** The variable's value, trimmed; undefined when unset or blank. */
export function readEnv<N extends string>(env: EnvOf<N>, name: NoInfer<N>): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** An integer in [min, max]; `fallback` when unset. */
export function parseInteger<N extends string>(
  env: EnvOf<N>,
  name: NoInfer<N>,
  fallback: number,
  { min = 1, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const allowed =
    max === Number.MAX_SAFE_INTEGER
      ? `a whole number >= ${min}`
      : `a whole number from ${min} to ${max}`;
  if (!/^[+-]?\d+$/.test(raw)) throw invalid(name, raw, allowed);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) throw invalid(name, raw, allowed);
  return value;
}

/** A number in [min, max] (decimals allowed); `fallback` when unset. */
export function parseNumber<N extends string>(
  env: EnvOf<N>,
  name: NoInfer<N>,
  fallback: number,
  { min = 0, max = Number.MAX_VALUE }: { min?: number; max?: number } = {},
): number {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  const allowed =
    max === Number.MAX_VALUE ? `a number >= ${min}` : `a number from ${min} to ${max}`;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(raw) || value < min || value > max) {
    throw invalid(name, raw, allowed);
  }
  return value;
}

const TRUE_WORDS = ['true', '1', 'yes', 'on'];
const FALSE_WORDS = ['false', '0', 'no', 'off'];

/** A boolean flag: true/1/yes/on or false/0/no/off (any case); `fallback` when unset. */
export function parseBoolean<N extends string>(
  env: EnvOf<N>,
  name: NoInfer<N>,
  fallback: boolean,
): boolean {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const word = raw.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  throw invalid(name, raw, `one of ${[...TRUE_WORDS, ...FALSE_WORDS].join(', ')}`);
}

/** One of `choices`; `fallback` when unset. */
export function parseChoice<N extends string, T extends string>(
  env: EnvOf<N>,
  name: NoInfer<N>,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const found = choices.find((c) => c === raw);
  if (found === undefined) throw invalid(name, raw, `one of ${choices.join(', ')}`);
  return found;
}

const DURATION_UNITS_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * A duration in ms from `60` (seconds), `60s`, `2m`, `1m30s`, `1.5s`, `250ms` or `1h`.
 * Returns undefined for anything else, including negative values.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = part.exec(trimmed); match !== null; match = part.exec(trimmed)) {
    total += Number(match[1]) * (DURATION_UNITS_MS[match[2] ?? ''] ?? Number.NaN);
    consumed = part.lastIndex;
  }
  if (consumed === 0 || consumed !== trimmed.length || !Number.isFinite(total)) return undefined;
  return total;
}

/** A duration variable in ms, at least `minMs`; `fallback` (ms) when unset. */
export function parseDurationEnv<N extends string>(
  env: EnvOf<N>,
  name: NoInfer<N>,
  fallbackMs: number,
  { minMs = 1 }: { minMs?: number } = {},
): number {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallbackMs;
  const ms = parseDuration(raw);
  const allowed = `a duration of at least ${formatDurationMs(minMs)} such as 60, 60s, 2m or 1m30s`;
  if (ms === undefined || ms < minMs) throw invalid(name, raw, allowed);
  return ms;
}

/** A duration in k6's own notation (`90s`, `1500ms`) for `options`. */
export function formatDurationMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${Math.round(ms)}ms`;
}

/** An http(s) base URL without a trailing slash; `fallback` when unset. */
export function parseBaseUrl<N extends string>(
  env: EnvOf<N>,
  name: NoInfer<N>,
  fallback: string,
): string {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const allowed = 'an http:// or https:// URL with a host, such as http://localhost:8000';
  const match = /^(https?):\/\/([^/?#\s]+)(\/[^?#\s]*)?$/i.exec(raw);
  if (match === null || (match[2] ?? '').startsWith(':')) throw invalid(name, raw, allowed);
  return raw.replace(/\/+$/, '');
}
