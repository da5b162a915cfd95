// Where handleSummary writes the machine-readable files. k6 neither creates nor checks the
// folder, so the text report names these paths to explain a later "could not open" error.

export interface SummaryPaths {
  json: string;
  junit: string;
}

const DEFAULT_NAMES: SummaryPaths = { json: 'summary.json', junit: 'junit.xml' };

/**
 * `summary.json` and `junit.xml` (or `names`: an instance of a distributed run names them after
 * its run and segment) in `summaryDir` ('' is k6's working directory).
 */
export function summaryPaths(
  summaryDir: string,
  names: SummaryPaths = DEFAULT_NAMES,
): SummaryPaths {
  const dir = summaryDir.replace(/\/+$/, '');
  const prefix = summaryDir === '' ? '' : dir === '' ? '/' : `${dir}/`;
  return { json: `${prefix}${names.json}`, junit: `${prefix}${names.junit}` };
}

/** The report's last line: where the files go and that the folder must exist. */
export function summaryFilesLine(summaryDir: string, names: SummaryPaths = DEFAULT_NAMES): string {
  const paths = summaryPaths(summaryDir, names);
  const where =
    summaryDir === ''
      ? 'in the working directory'
      : `(SUMMARY_DIR must exist: k6 does not create folders)`;
  return `Summary files: ${paths.json} and ${paths.junit} ${where}`;
}
