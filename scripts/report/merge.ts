// `npm run report -- merge [--out DIR] [--thresholds FILE] <summary files or folders>`: one
// report of a distributed run from its instances' summaries. Prints the text report, writes
// summary.json, junit.xml and summary.html into DIR (default: the working directory) and exits as k6 would:
// 99 when a threshold fails on the merged data, 2 on bad input.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../lib/env';
import { MergeInputError, mergePollSummaries } from '../../lib/poll/merge';
import { renderMergeHeader } from '../../lib/poll/merge-text';
import { GATEABLE_METRICS } from '../../lib/poll/options';
import { junitXml, summaryJson } from '../../lib/poll/report';
import { renderPollHtml } from '../../lib/poll/report-html';
import { renderPollText } from '../../lib/poll/report-text';
import { summaryPaths } from '../../lib/report/summary-paths';
import { parseThresholds, type Thresholds } from '../../lib/thresholds';
import { loadPollSummaries, ReportInputError } from './summary-input';

export const MERGE_USAGE =
  'merge [--out DIR] [--thresholds FILE] <summary files or folders>: one report of a distributed run';

const PROJECT_THRESHOLDS = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../thresholds.json',
);

interface MergeArgs {
  out: string;
  thresholds: string;
  paths: string[];
}

function parseArgs(args: readonly string[]): MergeArgs {
  const parsed: MergeArgs = { out: '', thresholds: PROJECT_THRESHOLDS, paths: [] };
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
    return parseThresholds(path, raw, GATEABLE_METRICS);
  } catch (error) {
    if (error instanceof ConfigError) throw new ReportInputError(error.message);
    throw error;
  }
}

/** Runs the subcommand; returns the exit code. */
export function runMerge(args: readonly string[]): number {
  let output: { text: string; files: Record<string, string>; passed: boolean };
  try {
    const a = parseArgs(args);
    const gates = readThresholds(a.thresholds);
    const inputs = loadPollSummaries(a.paths);
    const result = mergePollSummaries(
      inputs.map((i) => ({ file: i.path, summary: i.summary })),
      gates,
      a.out,
    );
    const paths = summaryPaths(a.out);
    output = {
      text: renderMergeHeader(result) + renderPollText(result.figures),
      files: {
        [paths.json]: summaryJson(result.figures),
        [paths.junit]: junitXml(result.figures),
        [paths.html]: renderPollHtml(
          result.figures,
          `ClaudeWorld poll test (merged, ${inputs.length} instances)`,
        ),
      },
      passed: result.figures.status.thresholdsPassed,
    };
    if (a.out !== '') mkdirSync(a.out, { recursive: true });
  } catch (error) {
    if (error instanceof ReportInputError || error instanceof MergeInputError) {
      console.error(`report merge: ${error.message}`);
      return 2;
    }
    throw error;
  }
  process.stdout.write(output.text);
  for (const [path, content] of Object.entries(output.files)) writeFileSync(path, content);
  return output.passed ? 0 : 99;
}
