// Where handleSummary writes the machine-readable files. k6 neither creates nor checks the
// folder, so the text report names these paths to explain a later "could not open" error.

export interface SummaryPaths {
  json: string;
  junit: string;
  /** summary.html, which only the poll scenario writes. */
  html: string;
}

/** `summary.json`, `junit.xml` and `summary.html` in `summaryDir` ('' is the working directory). */
export function summaryPaths(summaryDir: string): SummaryPaths {
  const dir = summaryDir.replace(/\/+$/, '');
  const prefix = summaryDir === '' ? '' : dir === '' ? '/' : `${dir}/`;
  return {
    json: `${prefix}summary.json`,
    junit: `${prefix}junit.xml`,
    html: `${prefix}summary.html`,
  };
}

/** The report's last line: where the files go and that the folder must exist. */
export function summaryFilesLine(summaryDir: string, withHtml = false): string {
  const paths = summaryPaths(summaryDir);
  const files = withHtml
    ? `${paths.json}, ${paths.html} and ${paths.junit}`
    : `${paths.json} and ${paths.junit}`;
  const where =
    summaryDir === ''
      ? 'in the working directory'
      : `(SUMMARY_DIR must exist: k6 does not create folders)`;
  return `Summary files: ${files} ${where}`;
}
