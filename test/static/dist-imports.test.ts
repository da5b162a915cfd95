import { readdirSync, readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { codeOnly } from './js-code-only';

const distDir = new URL('../../dist/', import.meta.url);
const bundles = readdirSync(distDir).filter((name) => name.endsWith('.js'));

/** The modules k6 1.x and 2.x ship (stable ones only). */
const K6_MODULES = [
  'k6',
  'k6/crypto',
  'k6/data',
  'k6/encoding',
  'k6/execution',
  'k6/html',
  'k6/http',
  'k6/metrics',
  'k6/net/grpc',
  'k6/secrets',
  'k6/timers',
  'k6/websockets',
  'k6/ws',
];

/** Globals Node or browsers have and k6 lacks (docs/k6-runtime.md), and locale-dependent methods. */
const MISSING_GLOBALS = [
  'Intl',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
  'performance',
  'process',
  'Buffer',
  'require',
  'module',
  'global',
  '__dirname',
  '__filename',
  'setImmediate',
  'queueMicrotask',
  'fetch',
  'URL',
  'URLSearchParams',
  'atob',
  'btoa',
  'WebAssembly',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
];
const LOCALE_METHODS = ['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'];

async function importsOf(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    external: ['*'],
    logLevel: 'silent',
  });
  return Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((i) => i.path));
}

/** Names a bundle binds itself (imports, declarations, parameters are not told apart). */
function importedNames(code: string): Set<string> {
  const names = new Set<string>();
  for (const m of code.matchAll(/import\s*\{([^}]*)\}/g)) {
    for (const part of (m[1] ?? '').split(',')) {
      const name = part
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.add(name);
    }
  }
  return names;
}

describe('dist/*.js run in k6', () => {
  it('are built (the test command builds them first)', () => {
    expect(bundles).toContain('poll.js');
  });

  it.each(bundles)('%s imports only k6 built-in modules', async (name) => {
    const imports = await importsOf(new URL(name, distDir).pathname);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((path) => !K6_MODULES.includes(path))).toEqual([]);
  });

  it.each(bundles)('%s names none of the globals k6 lacks', (name) => {
    const code = codeOnly(readFileSync(new URL(name, distDir), 'utf8'));
    const imported = importedNames(code);
    const globals = MISSING_GLOBALS.filter(
      (g) => !imported.has(g) && new RegExp(`(?<![.\\w$])${g}(?![\\w$]|\\s*:)`).test(code),
    );
    const methods = LOCALE_METHODS.filter((m) => new RegExp(`\\b${m}\\b`).test(code));
    expect([...globals, ...methods]).toEqual([]);
  });
});

describe('codeOnly', () => {
  it('blanks strings, templates and comments but keeps template expressions', () => {
    const open = '$' + '{';
    const code = codeOnly(
      `a("Intl"); // process\n/* Buffer */ b(\`x ${open}Intl.y} ${open}\`z\`}\`) + 'q'`,
    );
    expect(code).toMatch(/a\(\s+\);\s+b\(\s+Intl\.y\s+\)/);
    expect(code).not.toMatch(/process|Buffer|q|z/);
  });
});
