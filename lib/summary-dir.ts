// SUMMARY_DIR checked at init, before any request: k6 does not create folders, and a missing
// one was found only after the run ("could not open", exit code still 0). Init code can look:
// k6's open() of a folder throws "can't be used with directories", of a missing path "no such
// file or directory" (measured with k6 1.3.0 and 2.2.0; relative paths resolve against the
// script's folder, not k6's working directory, so a relative SUMMARY_DIR is joined to PWD).
// Pure: lib/k6/summary-dir.ts probes with open().

import { ConfigError } from './env';

export type PathKind = 'folder' | 'file' | 'missing' | 'unknown';

/** The path SUMMARY_DIR names, absolute; undefined when it is relative and PWD is unknown. */
export function summaryDirPath(summaryDir: string, pwd: string | undefined): string | undefined {
  if (summaryDir.startsWith('/')) return summaryDir;
  if (pwd === undefined || !pwd.startsWith('/')) return undefined;
  return `${pwd.replace(/\/+$/, '')}/${summaryDir.replace(/^\.\/+/, '')}`;
}

/**
 * Throws a ConfigError when SUMMARY_DIR is set and names no folder; nothing to check when it is
 * unset (k6's working directory) or cannot be located (relative, without PWD).
 */
export function checkSummaryDir(
  summaryDir: string,
  pwd: string | undefined,
  probe: (path: string) => PathKind,
): void {
  if (summaryDir === '') return;
  const path = summaryDirPath(summaryDir, pwd);
  if (path === undefined) return;
  const kind = probe(path);
  const got = `SUMMARY_DIR: got ${JSON.stringify(summaryDir)}`;
  if (kind === 'missing') {
    throw new ConfigError(
      `${got}; ${path} does not exist, and k6 does not create folders: create it first (mkdir -p ${summaryDir}), or leave SUMMARY_DIR unset for the working directory`,
    );
  }
  if (kind === 'file') {
    throw new ConfigError(`${got}; ${path} is a file, not a folder for the summary files`);
  }
}
