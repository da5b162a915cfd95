// `npm run report -- <subcommand> ...`: the report tools that work on summary.json files.

import { compareCommand } from './report/compare';

const SUBCOMMANDS: Record<string, (argv: readonly string[]) => number | Promise<number>> = {
  compare: compareCommand,
};

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : SUBCOMMANDS[name];
if (command === undefined) {
  console.error(
    `usage: npm run report -- <${Object.keys(SUBCOMMANDS).join('|')}> ...${name === undefined ? '' : ` (unknown subcommand "${name}")`}`,
  );
  process.exitCode = 2;
} else {
  process.exitCode = await command(rest);
}
