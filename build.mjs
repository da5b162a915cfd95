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

export async function buildScenarios({ outdir = 'dist', logLevel = 'info' } = {}) {
  return esbuild.build({
    absWorkingDir: root,
    entryPoints: scenarioEntryPoints(),
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
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
