// Where handleSummary writes the machine-readable files. k6 neither creates nor checks the
// folder, so the text report names these paths to explain a later "could not open" error.

export interface SummaryPaths {
  json: string;
  junit: string;
  /** summary.html, which only the poll scenario writes. */
  html: string;
}

const DEFAULT_NAMES: SummaryPaths = {
  json: 'summary.json',
  junit: 'junit.xml',
  html: 'summary.html',
};

/**
 * `summary.json`, `junit.xml` and `summary.html` (or `names`: an instance of a distributed run
 * names them after its run and segment) in `summaryDir` ('' is k6's working directory).
 */
export function summaryPaths(
  summaryDir: string,
  names: SummaryPaths = DEFAULT_NAMES,
): SummaryPaths {
  const dir = summaryDir.replace(/\/+$/, '');
  const prefix = summaryDir === '' ? '' : dir === '' ? '/' : `${dir}/`;
  return {
    json: `${prefix}${names.json}`,
    junit: `${prefix}${names.junit}`,
    html: `${prefix}${names.html}`,
  };
}

/**
 * The report's last line: where the files go and, for k6 (which creates no folder), that the
 * folder must exist; `createsFolder` for a writer that creates it (the merge).
 */
export function summaryFilesLine(
  summaryDir: string,
  {
    names = DEFAULT_NAMES,
    withHtml = false,
    createsFolder = false,
  }: { names?: SummaryPaths; withHtml?: boolean; createsFolder?: boolean } = {},
): string {
  const paths = summaryPaths(summaryDir, names);
  const files = withHtml
    ? `${paths.json}, ${paths.html} and ${paths.junit}`
    : `${paths.json} and ${paths.junit}`;
  if (summaryDir === '') return `Summary files: ${files} in the working directory`;
  return createsFolder
    ? `Summary files: ${files}`
    : `Summary files: ${files} (SUMMARY_DIR must exist: k6 does not create folders)`;
}
