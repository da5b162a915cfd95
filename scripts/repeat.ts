// `REPEAT=3 npm run poll`: runs `scripts/run-local.ts <scenario>` REPEAT times, pausing
// REPEAT_PAUSE between runs, keeps each run's summary-N.json / junit-N.xml / summary-N.html in
// SUMMARY_DIR, then prints every run's figures with their median and spread (for capacity: each
// run's knee, and the users it held). Without REPEAT it runs the scenario once, unchanged.

import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { renderCapacityRunsText } from '../lib/capacity/repeat';
import { renderRunsText } from '../lib/compare/render';
import { ConfigError, formatDurationMs } from '../lib/env';
import { PER_RUN_FILES, parseRepeatConfig, perRunName, repeatExitCode } from '../lib/repeat';
import { loadCapacitySummaries, loadPollSummaries, ReportInputError } from './report/summary-input';

const scenario = process.argv[2];
if (scenario === undefined || !/^[a-z-]+$/.test(scenario)) {
  console.error('usage: tsx scripts/repeat.ts <scenario>   (e.g. poll)');
  process.exit(2);
}

let config: ReturnType<typeof parseRepeatConfig>;
try {
  config = parseRepeatConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}

const runLocal = resolve(import.meta.dirname, 'run-local.ts');
const summaryDir = process.env.SUMMARY_DIR?.trim() ?? '';

/** One run of the scenario in a child process (tsx's loader flags are in execArgv). */
function runOnce(): Promise<number> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...process.execArgv, runLocal, scenario as string], {
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => done(code ?? (signal === null ? 1 : 130)));
  });
}

let interrupted = false;
// A Ctrl-C reaches this process too (the terminal signals npm, the shell, tsx and us): k6 gets
// it from run-local and finishes its run, teardown and report first, so this process must
// outlive it. Dying here would let npm return to the prompt before k6 has printed anything.
process.on('SIGINT', () => {
  // No further runs start.
  interrupted = true;
});

async function repeat(): Promise<number> {
  if (config.runs === 1) return runOnce();
  const codes: number[] = [];
  const kept: string[] = [];
  for (let run = 1; run <= config.runs && !interrupted; run++) {
    if (run > 1 && config.pauseMs > 0) {
      console.log(
        `\nrepeat: pausing ${formatDurationMs(config.pauseMs)} (REPEAT_PAUSE) so run ${run} starts with fresh rate-limit windows`,
      );
      await sleep(config.pauseMs);
      if (interrupted) break;
    }
    console.log(`\nrepeat: run ${run} of ${config.runs}`);
    const code = await runOnce();
    codes.push(code);
    for (const file of PER_RUN_FILES) {
      const from = join(summaryDir, file);
      if (!existsSync(from)) continue;
      const to = join(summaryDir, perRunName(file, run));
      renameSync(from, to);
      if (file === 'summary.json') kept.push(to);
    }
    console.log(
      `repeat: run ${run} exited ${code}; files kept as ${perRunName('summary.json', run)} etc.`,
    );
  }
  if (interrupted) console.log(`repeat: interrupted after ${codes.length} of ${config.runs} runs`);
  if (kept.length > 0) {
    try {
      const text =
        scenario === 'capacity'
          ? renderCapacityRunsText(loadCapacitySummaries(kept))
          : renderRunsText(loadPollSummaries(kept).map((l) => l.summary));
      process.stdout.write(`\n${text}`);
    } catch (error) {
      if (!(error instanceof ReportInputError)) throw error;
      console.log(`repeat: no figures across runs for this scenario (${error.message})`);
    }
  }
  console.log(`repeat: exit codes ${codes.join(', ')}; summaries: ${kept.join(', ') || 'none'}`);
  return repeatExitCode(codes);
}

process.exitCode = await repeat();
