// `npm run clients`: runs dist/poll.js with CLIENT=seed, chat and game one after another, for
// the same users (USERS, DURATION... as for `npm run poll`) against the same target (a fresh
// stand-in each run, or BASE_URL), keeps each run's files as summary-<client>.json etc. in
// SUMMARY_DIR, and prints one table, a row per model (lib/clients/compare-table.ts): the
// seed's title question, network usage, answered for each client. Exit code: the first
// failing run's, else 0.

import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { clientRow, renderClientsTable } from '../lib/clients/compare-table';
import { CLIENT_MODELS } from '../lib/endpoints';
import { PER_RUN_FILES, perRunName, repeatExitCode } from '../lib/repeat';
import { loadPollSummaries, ReportInputError } from './report/summary-input';

if (process.env.CLIENT !== undefined) {
  console.error(
    'clients: CLIENT is set; npm run clients runs every model (unset it, or use npm run poll)',
  );
  process.exit(2);
}
const runLocal = resolve(import.meta.dirname, 'run-local.ts');
const summaryDir = process.env.SUMMARY_DIR?.trim() ?? '';

function runOne(client: string): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...process.execArgv, runLocal, 'poll'], {
      stdio: 'inherit',
      env: { ...process.env, CLIENT: client },
    });
    child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 130)));
  });
}

let interrupted = false;
process.on('SIGINT', () => {
  // k6 got the same Ctrl-C and finishes its run; no further model runs.
  interrupted = true;
});

const codes: number[] = [];
const kept: string[] = [];
for (const client of CLIENT_MODELS) {
  if (interrupted) break;
  console.log(`\nclients: CLIENT=${client}`);
  codes.push(await runOne(client));
  for (const file of PER_RUN_FILES) {
    const from = join(summaryDir, file);
    if (!existsSync(from)) continue;
    const to = join(summaryDir, perRunName(file, client));
    renameSync(from, to);
    if (file === 'summary.json') kept.push(to);
  }
}
try {
  const summaries = loadPollSummaries(kept).map((l) => l.summary);
  const users = summaries[0]?.config.users ?? 0;
  process.stdout.write(`\n${renderClientsTable(summaries.map(clientRow), users)}`);
} catch (error) {
  if (!(error instanceof ReportInputError)) throw error;
  console.error(`clients: no table (${error.message})`);
}
console.log(`clients: exit codes ${codes.join(', ')}; summaries: ${kept.join(', ') || 'none'}`);
process.exitCode = repeatExitCode(codes);
