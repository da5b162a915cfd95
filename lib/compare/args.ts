// The arguments of `npm run report -- compare`: pure, so bad input is tested without files.

import { DEFAULT_TOLERANCE_PERCENT } from './compare';

export const COMPARE_USAGE =
  'usage: npm run report -- compare --base <summary files or folders...> --new <summary files or folders...> [--tolerance 10%] [--out compare]';

export interface CompareArgs {
  base: string[];
  new: string[];
  tolerancePercent: number;
  /** Folder for summary.html and junit.xml (created if missing). */
  outDir: string;
}

/** Thrown with the one line to print before exiting 2. */
export class CompareArgsError extends Error {
  override name = 'CompareArgsError';
}

function tolerance(text: string | undefined): number {
  const value = Number((text ?? '').replace(/%$/, ''));
  if (text === undefined || text.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new CompareArgsError(
      `--tolerance: "${text ?? ''}" is not a percentage (e.g. 10 or 10%, at least 0)`,
    );
  }
  return value;
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs {
  const lists: Record<'base' | 'new', string[]> = { base: [], new: [] };
  let tolerancePercent = DEFAULT_TOLERANCE_PERCENT;
  let outDir = 'compare';
  let current: 'base' | 'new' | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (flag === '--base' || flag === '--new') {
      current = flag === '--base' ? 'base' : 'new';
      if (inline !== undefined) lists[current].push(inline);
    } else if (flag === '--tolerance') {
      tolerancePercent = tolerance(inline ?? argv[++i]);
      current = null;
    } else if (flag === '--out') {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw new CompareArgsError('--out: give a folder');
      outDir = value;
      current = null;
    } else if (arg.startsWith('--')) {
      throw new CompareArgsError(`unknown option ${arg}; ${COMPARE_USAGE}`);
    } else if (current === null) {
      throw new CompareArgsError(`"${arg}" belongs to no side: put it after --base or --new`);
    } else {
      lists[current].push(arg);
    }
  }
  if (lists.base.length === 0 || lists.new.length === 0) {
    throw new CompareArgsError(`both --base and --new need at least one summary; ${COMPARE_USAGE}`);
  }
  return { base: lists.base, new: lists.new, tolerancePercent, outDir };
}
