// The ablation steps a benchmark build can leave out are listed twice: in build.mjs (plain
// JavaScript, for esbuild's defines) and in types/bench-ablation.d.ts (for the compiler). A
// step missing from the list would stay undefined in every bundle.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABLATION_STEPS } from '../../build.mjs';

describe('ablation steps', () => {
  it('are the same in build.mjs and types/bench-ablation.d.ts', () => {
    const declaration = readFileSync(
      new URL('../../types/bench-ablation.d.ts', import.meta.url),
      'utf8',
    );
    const declared = [...declaration.matchAll(/readonly (\w+): boolean;/g)].map((m) => m[1]);
    expect([...ABLATION_STEPS]).toEqual(declared);
  });
});
