// `npm run bench:html`: how long summary.html takes to render inside real k6, and how big it
// is, for a known run of 1 minute and the same run stretched to 1 hour (60 slices of 60 s,
// latency grids as measured): summary.json is written by the report code, then a bundled k6
// script renders its page five times (bench/html-render-k6.ts). Figures only, no gate; every
// k6 version found (K6_BIN, PATH, the k6-bin cache folder) that scripts/k6-binary.ts knows.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { renderPollSummaryFiles } from '../lib/poll/report';
import type { SummaryMetric } from '../lib/summary-data';
import { k6OrSkip } from '../scripts/k6-binary';
import { healthyRun, type KnownRun, sliceMetrics } from '../test/known-runs/poll-runs';

/** The healthy known run, and the same at DURATION=1h with its 60 slices recorded. */
function summaries(): Record<string, string> {
  const json = ({ run, data }: KnownRun) =>
    renderPollSummaryFiles(data, { ...run, config: { ...run.config, summaryDir: '' } })[
      'summary.json'
    ] as string;
  const minute = healthyRun();
  const hourConfig = { ...minute.run.config, durationMs: 3_600_000 };
  const metrics: Record<string, SummaryMetric> = Object.fromEntries(
    Object.entries(minute.data.metrics ?? {}).filter(
      (entry): entry is [string, SummaryMetric] =>
        entry[1] !== undefined && !entry[0].startsWith('cw_slice_'),
    ),
  );
  const slices = sliceMetrics(hourConfig, (i: number) => ({
    poll: { latenciesMs: Array.from({ length: 150 }, (_, n) => 20 + ((n * 7 + i) % 90)) },
    agents: { latenciesMs: Array.from({ length: 150 }, (_, n) => 15 + ((n * 5 + i) % 60)) },
  }));
  for (const [key, count] of Object.entries(slices.counters)) {
    metrics[key] = { type: 'counter', contains: 'default', values: { count, rate: 0 } };
  }
  for (const [key, values] of Object.entries(slices.trends)) {
    metrics[key] = { type: 'trend', contains: 'time', values };
  }
  const hour: KnownRun = {
    run: { ...minute.run, config: hourConfig },
    data: {
      ...minute.data,
      metrics,
      state: { ...minute.data.state, testRunDurationMs: 3_600_300 },
    },
  };
  return { '1 minute': json(minute), '1 hour': json(hour) };
}

const bin = k6OrSkip('bench:html');
if (bin !== undefined) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-html-'));
  try {
    const script = join(dir, 'render.js');
    await esbuild.build({
      entryPoints: [resolve('bench/html-render-k6.ts')],
      outfile: script,
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      target: 'es2020',
      external: ['k6', 'k6/*'],
      logLevel: 'warning',
    });
    for (const [label, text] of Object.entries(summaries())) {
      const file = join(dir, `${label.replace(' ', '-')}.json`);
      writeFileSync(file, text);
      const run = spawnSync(
        bin,
        ['run', '-q', '-e', `SUMMARY=${file}`, '-e', `LABEL=${label}`, script],
        {
          encoding: 'utf8',
        },
      );
      const line = /RENDER [^"]*/.exec(`${run.stdout}${run.stderr}`)?.[0];
      console.log(line ?? `bench:html: k6 failed (exit ${run.status}): ${run.stderr}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
