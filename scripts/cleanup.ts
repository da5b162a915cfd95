// `npm run cleanup`: deletes the test rooms and worlds a killed run left on BASE_URL, by
// RUN_ID or every `loadtest-` one older than OLDER_THAN (DRY_RUN=true lists them), with
// dist/cleanup.js in the k6 that scripts/k6-binary.ts finds. docs/cleanup.md.

import { runCleanupScript } from './cleanup-k6';
import { requireK6 } from './k6-binary';

const bin = requireK6('npm run cleanup');
const env = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
);
process.exitCode = await runCleanupScript(bin, env, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
