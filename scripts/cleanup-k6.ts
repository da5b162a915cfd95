// Runs dist/cleanup.js with a k6: `npm run cleanup`, and scripts/run-local.ts after a run
// that k6 left before its teardown had deleted the test rooms.

import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLEANUP_SCRIPT = resolve('dist', 'cleanup.js');

/**
 * `k6 run dist/cleanup.js` with `env` (BASE_URL, PASSWORD, RUN_ID or OLDER_THAN, DRY_RUN):
 * its report on stdout, k6's log lines on stderr, as given by `stdio`; resolves k6's exit code.
 */
export function runCleanupScript(
  bin: string,
  env: Record<string, string>,
  output: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<number> {
  return new Promise((done, fail) => {
    // --address '': no REST API port, which a k6 run beside it may hold.
    const child = spawn(bin, ['run', '--quiet', '--address', '', CLEANUP_SCRIPT], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.stdout(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.stderr(chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done(code ?? 1));
  });
}
