// SUMMARY_DIR probed at init with k6's open(), the only look at the file system init code has
// (lib/summary-dir.ts says what its errors mean).

import { checkSummaryDir, type PathKind } from '../summary-dir';

function probe(path: string): PathKind {
  try {
    open(path);
    return 'file';
  } catch (error) {
    const message = String(error);
    if (message.includes("can't be used with directories")) return 'folder';
    if (message.includes('no such file or directory')) return 'missing';
    return 'unknown';
  }
}

/** Throws a ConfigError when SUMMARY_DIR names no folder (call it in scenario.init). */
export function checkSummaryDirAtInit(
  summaryDir: string,
  env: Record<string, string | undefined>,
): void {
  checkSummaryDir(summaryDir, env.PWD, probe);
}
