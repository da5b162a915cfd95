// Bundles every scenarios/*.ts into dist/<name>.js, a k6 script: ESM, k6 modules left as
// imports for k6 to resolve, plain ES2020 (what k6's Sobek engine runs), linked source maps.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = fileURLToPath(new URL('.', import.meta.url));

export function scenarioEntryPoints() {
  return readdirSync(new URL('./scenarios/', import.meta.url))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => `scenarios/${name}`);
}

/**
 * The steps of the poll VU's per-request path a benchmark build can leave out, one by one
 * (types/bench-ablation.d.ts says what each is; bench/k6.ts measures them).
 */
export const ABLATION_STEPS = ['latency', 'headerBytes', 'tally', 'cursor', 'scheduleLag'];

/** esbuild `define`s that leave the steps `off` out, and keep every other step. */
function ablationDefines(off) {
  for (const step of off) {
    if (!ABLATION_STEPS.includes(step)) throw new Error(`build: unknown ablation step ${step}`);
  }
  return Object.fromEntries(
    ABLATION_STEPS.map((step) => [`BENCH_ABLATION.${step}`, String(off.includes(step))]),
  );
}

/** `ablation`: steps to leave out, for a benchmark's build only. */
export async function buildScenarios({ outdir = 'dist', logLevel = 'info', ablation = [] } = {}) {
  return esbuild.build({
    absWorkingDir: root,
    entryPoints: scenarioEntryPoints(),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    // Sobek runs class fields and #private members natively (docs/k6-runtime.md); lowered to
    // ES2020 each #field access would be a WeakMap lookup, on the per-request path too.
    supported: { 'class-field': true, 'class-private-field': true, 'class-private-method': true },
    define: ablationDefines(ablation),
    external: ['k6', 'k6/*'],
    sourcemap: 'linked',
    // k6 reports the script's own names in stack traces; keep them readable.
    minify: false,
    logLevel,
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildScenarios();
}
