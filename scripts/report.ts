// `npm run report -- <subcommand> ...`: tools that read the summary.json files of runs.
// Each subcommand is one entry of the table: its usage line and a function returning the exit code.

import { COMPARE_USAGE } from '../lib/compare/args';
import { compareCommand } from './report/compare';
import { MERGE_USAGE, runMerge } from './report/merge';

const SUBCOMMANDS: Record<string, { usage: string; run: (args: readonly string[]) => number }> = {
  merge: { usage: MERGE_USAGE, run: runMerge },
  compare: { usage: COMPARE_USAGE, run: compareCommand },
};

function usage(): string {
  return [
    'usage: npm run report -- <subcommand> ...',
    ...Object.values(SUBCOMMANDS).map((s) => `  ${s.usage.replace(/^usage: /, '')}`),
  ].join('\n');
}

const [name, ...args] = process.argv.slice(2);
const subcommand = name === undefined ? undefined : SUBCOMMANDS[name];
if (subcommand === undefined) {
  console.error(
    name === undefined ? usage() : `report: unknown subcommand ${JSON.stringify(name)}\n${usage()}`,
  );
  process.exitCode = 2;
} else {
  process.exitCode = subcommand.run(args);
}
