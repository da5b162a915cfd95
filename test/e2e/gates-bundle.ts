// A build of the scenarios with another thresholds.json, for the cases about gates: the gates
// are bundled into the scripts (build.mjs --thresholds), so each set gets its own folder.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScenarios } from '../../build.mjs';

const built = new Map<string, Promise<string>>();

/** The folder of scripts built with `gates` as thresholds.json (built once per set). */
export function scriptsWithGates(gates: unknown): Promise<string> {
  const text = JSON.stringify(gates, null, 2);
  let dir = built.get(text);
  if (dir === undefined) {
    const out = mkdtempSync(join(tmpdir(), 'gates-'));
    const file = join(out, 'thresholds.json');
    writeFileSync(file, text);
    dir = buildScenarios({ outdir: out, logLevel: 'warning', thresholdsFile: file }).then(
      () => out,
    );
    built.set(text, dir);
  }
  return dir;
}

/** The bundle a case runs: `dist/<script>`, or the same script built with the case's gates. */
export async function caseBundle(script: string, gates: unknown): Promise<string> {
  return gates === undefined ? `dist/${script}` : join(await scriptsWithGates(gates), script);
}
