// Where handleSummary writes the machine-readable files. k6 neither creates nor checks the
// folder, so the text report names these paths to explain a later "could not open" error.

export interface SummaryPaths {
  json: string;
  junit: string;
}

/** `summary.json` and `junit.xml` in `summaryDir` ('' is k6's working directory). */
export function summaryPaths(summaryDir: string): SummaryPaths {
  const dir = summaryDir.replace(/\/+$/, '');
  const prefix = summaryDir === '' ? '' : dir === '' ? '/' : `${dir}/`;
  return { json: `${prefix}summary.json`, junit: `${prefix}junit.xml` };
}

/** The report's last line: where the files go and that the folder must exist. */
export function summaryFilesLine(summaryDir: string): string {
  const paths = summaryPaths(summaryDir);
  const where =
    summaryDir === ''
      ? 'in the working directory'
      : `(SUMMARY_DIR must exist: k6 does not create folders)`;
  return `Summary files: ${paths.json} and ${paths.junit} ${where}`;
}
