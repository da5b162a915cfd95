// `npm run rehearse:distributed`: a distributed run of dist/poll.js on this machine, as
// k6-operator would run it (RUNNERS instances, default 2; each its own execution segment and
// source address), merged into one report and checked against the stand-in and the raw
// samples. The scenario's env (USERS, DURATION, ...) passes through, TARGET_X sets the
// stand-in's X (TARGET_FAULT_ROOM_NAME_RACE=1500: the real backend's room-name race); the
// files stay in OUT_DIR/<run id>/ (default rehearsal/); k6 as scripts/k6-binary.ts finds it.

import { rehearseDistributed } from '../test/e2e/distributed';
import { requireK6 } from './k6-binary';
import { targetOverrides } from './target-env';

const k6Bin = requireK6('rehearse:distributed');
const runnersText = process.env.RUNNERS ?? '2';
const runners = Number(runnersText);
if (!/^\d+$/.test(runnersText) || runners < 1 || runners > 250) {
  console.error(
    `RUNNERS: got ${JSON.stringify(runnersText)}; expected a whole number from 1 to 250`,
  );
  process.exit(2);
}
const SCENARIO_ENV =
  /^(USERS|ROOMS|ROOM_MODE|DURATION|POLL_INTERVAL|START_PHASE|VUS|LIMIT_POLL|LIMIT_AGENTS|CLEANUP_GRACE)$/;
const env: Record<string, string> = { USERS: '8', DURATION: '20s' };
for (const [name, value] of Object.entries(process.env)) {
  if (SCENARIO_ENV.test(name) && value !== undefined) env[name] = value;
}
const serverEnv = targetOverrides(process.env);
const outDir = process.env.OUT_DIR ?? 'rehearsal';
console.log(
  `rehearse:distributed: ${runners} k6 instance(s) of dist/poll.js with ${Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`,
);
const result = await rehearseDistributed({ k6Bin, runners, env, serverEnv, outDir, echo: true });
process.stdout.write(result.report);
console.log(['', 'Checks:', ...result.checks.map((c) => `  ${c}`)].join('\n'));
console.log(
  `Files kept in ${result.outDir}/: instances/ (each instance's summary, junit, html and raw samples), merged/ (the merged report's)`,
);
console.log(
  result.problems.length === 0
    ? 'rehearse:distributed: the merged run matches the stand-in and the raw samples'
    : `rehearse:distributed: ${result.problems.length} problem(s)`,
);
process.exitCode = result.problems.length === 0 ? 0 : 1;
