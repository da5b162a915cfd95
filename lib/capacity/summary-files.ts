// The capacity scenario's handleSummary output: the text report, summary.json, junit.xml and
// capacity.html, all from one set of figures.

import { summaryPaths } from '../report/summary-paths';
import type { SummaryData } from '../summary-data';
import {
  buildCapacityFigures,
  CAPACITY_FILES,
  CAPACITY_SUMMARY_SCHEMA,
  CAPACITY_SUMMARY_VERSION,
  type CapacityRunInfo,
  type CapacitySummaryJson,
  capacityJunitXml,
  renderCapacityText,
} from './report';
import { renderCapacityHtml } from './report-html';

export function renderCapacitySummaryFiles(
  data: SummaryData,
  run: CapacityRunInfo,
): Record<string, string> {
  const figures = buildCapacityFigures(data, run);
  const paths = summaryPaths(run.config.summaryDir, CAPACITY_FILES);
  const json: CapacitySummaryJson = {
    schema: CAPACITY_SUMMARY_SCHEMA,
    version: CAPACITY_SUMMARY_VERSION,
    ...figures,
  };
  return {
    stdout: renderCapacityText(figures, run.gates),
    [paths.json]: `${JSON.stringify(json, null, 2)}\n`,
    [paths.junit]: capacityJunitXml(figures),
    [paths.html]: renderCapacityHtml(figures, run.gates),
  };
}
