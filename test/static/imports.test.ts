// The layers of the scripts' modules (lib/ and scenarios/), read from their imports: only
// lib/k6/ imports k6 (the rest of lib/ is pure and runs in Node too), and no import cycles,
// type-only imports included: a cycle ties two layers that should depend one way, and with
// values it makes the order in which modules initialise depend on which one is imported first.
// esbuild's metafile would give the graph cheaply but drops `import type`, so the imports are
// read from the source.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .map((name) => join(dir, name));
}

/** `import ... from '...'` and `export ... from '...'`, over several lines too. */
const IMPORT = /^(?:import|export)\b[^;]*?\bfrom\s*'([^']+)'/gm;

function specifiers(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(IMPORT)].flatMap(([, spec]) => (spec === undefined ? [] : [spec]));
}

/** The project modules a source file imports (relative paths only: k6 and JSON are leaves). */
function importsOf(file: string): string[] {
  return specifiers(file).flatMap((spec) => {
    if (!spec.startsWith('.') || spec.endsWith('.json')) return [];
    const base = normalize(join(dirname(file), spec));
    const found = [`${base}.ts`, join(base, 'index.ts')].find((f) => existsSync(join(root, f)));
    if (found === undefined) throw new Error(`${file}: cannot resolve ${spec}`);
    return [found];
  });
}

/** Each module of lib/ and scenarios/ and the modules it imports. */
function importGraph(): Map<string, string[]> {
  const files = [...sources('lib'), ...sources('scenarios')];
  return new Map(files.map((file) => [file, importsOf(file)]));
}

/** The cycles of `graph`, each as the path that closes it (a -> b -> a). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const onPath = new Set<string>();
  const visit = (node: string) => {
    if (onPath.has(node)) {
      cycles.push([...path.slice(path.indexOf(node)), node]);
      return;
    }
    if (done.has(node)) return;
    path.push(node);
    onPath.add(node);
    for (const next of graph.get(node) ?? []) visit(next);
    path.pop();
    onPath.delete(node);
    done.add(node);
  };
  for (const node of [...graph.keys()].sort()) visit(node);
  return cycles;
}

describe('imports among lib/ and scenarios/', () => {
  it('name k6 only in lib/k6/', () => {
    const files = [...sources('lib'), ...sources('scenarios')];
    const k6Users = files.filter((f) =>
      specifiers(f).some((s) => s === 'k6' || s.startsWith('k6/')),
    );
    expect(k6Users.length).toBeGreaterThan(5);
    expect(k6Users.filter((f) => !f.startsWith('lib/k6/'))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('form no cycle', () => {
    const graph = importGraph();
    expect(graph.get('scenarios/poll.ts')).toContain('lib/poll/config.ts');
    // Type-only imports count.
    expect(graph.get('lib/poll/load-model.ts')).toContain('lib/scaling/estimates.ts');
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
