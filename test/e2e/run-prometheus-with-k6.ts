// `npm run test:k6:prometheus`: the live-metrics case (test/e2e/prometheus-case.ts) with a real
// k6 and the `prometheus` on PATH (Debian's package `prometheus`; .ci/run installs it). It
// installs nothing: without k6 or without prometheus it says SKIPPED in one line and exits 0;
// with both, a failure fails it. Not part of `npm test`.

import { k6OrSkip } from '../../scripts/k6-binary';
import { findPrometheus, prometheusVersion } from './prometheus';
import { PROMETHEUS_CASE_NAME, runPrometheusCase } from './prometheus-case';

async function main(): Promise<number> {
  const command = 'test:k6:prometheus';
  const prometheus = findPrometheus();
  if (prometheus === undefined) {
    console.log(
      `${command}: SKIPPED: no prometheus on PATH (Debian: apt-get install prometheus); nothing was run.`,
    );
    return 0;
  }
  const bin = k6OrSkip(command);
  if (bin === undefined) return 0;
  console.log(`${command}: ${prometheusVersion(prometheus)} (${prometheus}), k6 ${bin}`);
  let result: Awaited<ReturnType<typeof runPrometheusCase>>;
  try {
    result = await runPrometheusCase(bin, prometheus);
  } catch (error) {
    console.log(`FAIL  ${PROMETHEUS_CASE_NAME}\n      ${(error as Error).message}`);
    return 1;
  }
  for (const line of result.checks) console.log(`      ${line}`);
  const passed = result.problems.length === 0;
  console.log(`${passed ? 'PASS' : 'FAIL'}  ${PROMETHEUS_CASE_NAME}`);
  console.log(`${command}: ${passed ? 1 : 0} of 1 cases passed with ${bin}`);
  return passed ? 0 : 1;
}

process.exitCode = await main();
