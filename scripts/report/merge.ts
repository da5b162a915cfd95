// `npm run report -- merge [--out DIR] [--thresholds FILE] <summary files or folders>`: one
// report of a distributed run from its instances' summaries. Prints the text report, writes
// summary.json, junit.xml and summary.html into DIR (default `merged/`, created) and exits:
// 0, 99 when a threshold fails on the merged data (as k6 would), 3 when the run is incomplete
// (a segment of the sequence has no summary, or an instance sent nothing), 2 on bad input.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../../lib/env';
import { MergeInputError, type MergeResult, mergePollSummaries } from '../../lib/poll/merge';
import { renderMergeHeader } from '../../lib/poll/merge-text';
import { anyPollRunCatalog } from '../../lib/poll/options';
import { junitXml, summaryJson } from '../../lib/poll/report';
import { renderPollHtml } from '../../lib/poll/report-html';
import { renderPollText } from '../../lib/poll/report-text';
import { summaryPaths } from '../../lib/report/summary-paths';
import { parseThresholds, type Thresholds } from '../../lib/thresholds';
import { loadPollSummaries, ReportInputError } from './summary-input';

export const MERGE_USAGE =
  'merge [--out DIR] [--thresholds FILE] <summary files or folders>: one report of a distributed run (into merged/ by default)';

/** Where the merged files go without --out. */
export const DEFAULT_MERGE_DIR = 'merged';

/** Exit code of a merge whose instances do not make the whole test. */
export const INCOMPLETE_RUN_EXIT = 3;

interface MergeArgs {
  out: string;
  /** thresholds.json to evaluate; undefined: the thresholds the instances evaluated. */
  thresholds: string | undefined;
  paths: string[];
}

function parseArgs(args: readonly string[]): MergeArgs {
  const parsed: MergeArgs = { out: DEFAULT_MERGE_DIR, thresholds: undefined, paths: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--out' || arg === '--thresholds') {
      const value = args[++i];
      if (value === undefined) throw new ReportInputError(`${arg}: expected a path after it`);
      if (arg === '--out') parsed.out = value;
      else parsed.thresholds = value;
    } else if (arg.startsWith('--')) {
      throw new ReportInputError(`unknown option ${arg}; expected --out or --thresholds`);
    } else parsed.paths.push(arg);
  }
  return parsed;
}

function readThresholds(path: string): Thresholds {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ReportInputError(`${path}: cannot read it as JSON (${(error as Error).message})`);
  }
  try {
    return parseThresholds(path, raw, anyPollRunCatalog());
  } catch (error) {
    if (error instanceof ConfigError) throw new ReportInputError(error.message);
    throw error;
  }
}

/** The merged report's text and files (summary.json, junit.xml, summary.html in `out`). */
export function mergeOutput(
  result: MergeResult,
  out: string,
): { text: string; files: Record<string, string> } {
  const paths = summaryPaths(out);
  const instances = result.figures.merged?.instances.length ?? 1;
  return {
    text: renderMergeHeader(result) + renderPollText(result.figures),
    files: {
      [paths.json]: summaryJson(result.figures, result.measured),
      [paths.junit]: junitXml(result.figures),
      [paths.html]: renderPollHtml(
        result.figures,
        `ClaudeWorld poll test (merged, ${instances} instances)`,
      ),
    },
  };
}

/** 3 for an incomplete run, else k6's: 99 when a threshold failed, 0. */
export function mergeExitCode(result: MergeResult): number {
  const merged = result.figures.merged;
  if (merged !== null && (merged.missingSegments.length > 0 || merged.idleInstances.length > 0)) {
    return INCOMPLETE_RUN_EXIT;
  }
  return result.figures.status.thresholdsPassed ? 0 : 99;
}

/** Runs the subcommand in `cwd` (relative paths are its); returns the exit code. */
export function runMerge(args: readonly string[], cwd = process.cwd()): number {
  let output: { text: string; files: Record<string, string>; exitCode: number };
  try {
    const a = parseArgs(args);
    const gates =
      a.thresholds === undefined ? undefined : readThresholds(resolve(cwd, a.thresholds));
    const inputs = loadPollSummaries(a.paths.map((p) => resolve(cwd, p)));
    const result = mergePollSummaries(
      inputs.map((i) => ({ file: i.path, summary: i.summary })),
      { gates, summaryDir: a.out },
    );
    output = { ...mergeOutput(result, a.out), exitCode: mergeExitCode(result) };
    mkdirSync(resolve(cwd, a.out), { recursive: true });
  } catch (error) {
    if (error instanceof ReportInputError || error instanceof MergeInputError) {
      console.error(`report merge: ${error.message}`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(output.text);
  for (const [path, content] of Object.entries(output.files)) {
    writeFileSync(resolve(cwd, path), content);
  }
  return output.exitCode;
}
