import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { ABLATION_STEPS } from './build.mjs';

// k6 modules do not exist in Node: unit tests of the k6 glue get typed doubles instead.
const double = (name: string) =>
  fileURLToPath(new URL(`./sandbox/k6/alias/${name}.ts`, import.meta.url));

export default defineConfig({
  // The k6 glue keeps every step of its per-request path, as every build but a benchmark's.
  define: Object.fromEntries(ABLATION_STEPS.map((step) => [`BENCH_ABLATION.${step}`, 'false'])),
  resolve: {
    alias: [
      { find: /^k6\/http$/, replacement: double('http') },
      { find: /^k6\/metrics$/, replacement: double('metrics') },
      { find: /^k6\/execution$/, replacement: double('execution') },
      { find: /^k6\/secrets$/, replacement: double('secrets') },
      { find: /^k6$/, replacement: double('k6') },
    ],
  },
  test: {
    include: [
      'lib/**/*.test.ts',
      'server/**/*.test.ts',
      'test/**/*.test.ts',
      'sandbox/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    globalSetup: ['test/global-setup.ts'],
  },
});
