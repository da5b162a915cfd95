// Bundles every scenarios/*.ts into dist/<name>.js, a k6 script: ESM, k6 modules left as
// imports for k6 to resolve, plain ES2020 (what k6's Sobek engine runs), linked source maps.
// `node build.mjs --thresholds=<file>` bundles another gates file in place of thresholds.json.
// A failed build prints one line per error (`thresholds.json:2:28: JSON does not support
// trailing commas`) and exits 1, without a stack.
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
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
export const ABLATION_STEPS = [
  'timeline',
  'latency',
  'headerBytes',
  'tally',
  'cursor',
  'scheduleLag',
];

/** esbuild `define`s that leave the steps `off` out, and keep every other step. */
function ablationDefines(off) {
  for (const step of off) {
    if (!ABLATION_STEPS.includes(step)) throw new Error(`build: unknown ablation step ${step}`);
  }
  return Object.fromEntries(
    ABLATION_STEPS.map((step) => [`BENCH_ABLATION.${step}`, String(off.includes(step))]),
  );
}

/** Resolves the scenarios' `import ... from '../thresholds.json'` to `file`. */
function thresholdsFilePlugin(file) {
  return {
    name: 'thresholds-file',
    setup(build) {
      build.onResolve({ filter: /^\.\.\/thresholds\.json$/ }, () => ({ path: resolve(file) }));
    },
  };
}

/**
 * `ablation`: steps to leave out, for a benchmark's build only; `thresholdsFile`: the gates file
 * bundled in place of thresholds.json.
 */
export async function buildScenarios({
  outdir = 'dist',
  logLevel = 'info',
  ablation = [],
  thresholdsFile,
} = {}) {
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
    plugins: thresholdsFile === undefined ? [] : [thresholdsFilePlugin(thresholdsFile)],
  });
}

/** `file:line:column: text`, one line per esbuild message. */
export function messageLine(message) {
  const at = message.location;
  const where = at === null || at === undefined ? '' : `${at.file}:${at.line}:${at.column}: `;
  return `${where}${message.text}`;
}

async function main() {
  const option = process.argv.slice(2).find((arg) => arg.startsWith('--thresholds='));
  const thresholdsFile = option?.slice('--thresholds='.length);
  try {
    const result = await buildScenarios({ logLevel: 'silent', thresholdsFile });
    for (const warning of result.warnings) console.warn(`build: warning: ${messageLine(warning)}`);
    console.log(`build: ${scenarioEntryPoints().length} scripts in dist/`);
    return 0;
  } catch (error) {
    const errors = Array.isArray(error?.errors) ? error.errors : [];
    if (errors.length === 0) throw error;
    for (const e of errors) console.error(`build failed: ${messageLine(e)}`);
    return 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
