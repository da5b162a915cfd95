// Merges the summaries of the k6 instances of one distributed run into the summary of the
// whole run. Their `measured` parts merge by the rules each section declares
// (lib/poll/measured.ts: counters add, quantile functions merge, instances are listed), their
// configurations must be the same, the thresholds are evaluated again on the merged metrics,
// and buildPollFigures computes every figure exactly as it does for a single run.
// Pure: the CLI (scripts/report/merge.ts) reads the files.

import { parseSegment, type Segment } from '../distributed';
import { applyRule, fields, MergeError, type MergeRule, replacedBy, same } from '../merge-rules';
import { StoreReader } from '../metric-store';
import { thresholdAggregation } from '../summary-data';
import { parseThresholdExpression, type Thresholds, thresholdHolds } from '../thresholds';
import { MEASURED_RULE, POLL_STORE_POLICY, type PollMeasured } from './measured';
import { buildPollFigures } from './report-figures';
import type { PollFigures, PollSummaryJson, PublicConfig } from './summary-schema';

/** Bad input for a merge; `message` is one line naming the file. */
export class MergeInputError extends Error {
  override name = 'MergeInputError';
}

export interface MergeInput {
  file: string;
  summary: PollSummaryJson;
}

export interface MergeResult {
  figures: PollFigures;
  /** The merged `measured` part, for the merged summary.json. */
  measured: PollMeasured;
  /** Lines to print before the report: what could be merged only in part. */
  warnings: string[];
}

export interface MergeOptions {
  /** Gates to evaluate on the merged data (thresholds.json); default: those the instances evaluated. */
  gates?: Thresholds;
  /** Where the merged files go: the merged summary's `config.summaryDir`. */
  summaryDir: string;
}

/**
 * The instances share one configuration; only where each wrote its files differs, and the
 * merged summary names the merge's folder instead.
 */
function configRule(summaryDir: string): MergeRule<PublicConfig> {
  return fields<PublicConfig>({
    baseUrl: same(),
    users: same(),
    roomsPerUser: same(),
    roomMode: same(),
    roomCount: same(),
    plannedDurationMs: same(),
    pollIntervalMs: same(),
    startPhase: same(),
    rampUpMs: same(),
    vusConfigured: same(),
    vusUsed: same(),
    noCleanup: same(),
    limitsPerMinute: same(),
    summaryDir: replacedBy(summaryDir, 'the folder the merge writes to'),
    runId: same(),
    cleanupGraceMs: same(),
    live: same(),
    scaleUsers: same(),
    client: same(),
  });
}

interface Part extends MergeInput {
  segment: Segment | undefined;
}

function checkInputs(inputs: readonly MergeInput[]): Part[] {
  if (inputs.length === 0) throw new MergeInputError('no summaries to merge');
  const parts = inputs.map(({ file, summary }): Part => {
    const instances = summary.measured?.instances;
    if (!Array.isArray(instances) || instances.length === 0) {
      throw new MergeInputError(`${file}: no "measured.instances": it cannot be merged`);
    }
    if (instances.length !== 1 || instances[0]?.file !== null) {
      throw new MergeInputError(`${file}: a merged summary already; merge the instances' files`);
    }
    const { executionSegment } = summary.instance;
    const segment = executionSegment === null ? undefined : parseSegment(executionSegment);
    if (executionSegment !== null && segment === undefined) {
      throw new MergeInputError(
        `${file}: execution segment ${JSON.stringify(executionSegment)} is not a k6 segment`,
      );
    }
    return { file, summary, segment };
  });
  const [first] = parts as [Part, ...Part[]];
  for (const part of parts.slice(1)) {
    if (part.summary.instance.runId !== first.summary.instance.runId) {
      throw new MergeInputError(
        `${part.file}: RUN_ID ${JSON.stringify(part.summary.instance.runId)}, but ${first.file} has ${JSON.stringify(first.summary.instance.runId)}: only the instances of one run merge`,
      );
    }
    const segment = part.summary.instance.executionSegment;
    const twin = parts.find((p) => p !== part && p.summary.instance.executionSegment === segment);
    if (twin !== undefined) {
      throw new MergeInputError(
        `${part.file}: the same segment (${segment ?? 'whole test'}) as ${twin.file}: each instance's summary once`,
      );
    }
    if (
      part.summary.instance.executionSegmentSequence !==
      first.summary.instance.executionSegmentSequence
    ) {
      throw new MergeInputError(
        `${part.file}: execution segment sequence ${JSON.stringify(part.summary.instance.executionSegmentSequence)}, but ${first.file} has ${JSON.stringify(first.summary.instance.executionSegmentSequence)}`,
      );
    }
  }
  return parts;
}

/** Whether the expression holds for the value; k6 passes thresholds without samples. */
function holds(expression: string, value: number | undefined): boolean {
  const parsed = parseThresholdExpression(expression);
  if (parsed === undefined) return false;
  return value === undefined || thresholdHolds(parsed, value);
}

/**
 * The gates evaluated again on the merged metrics. A metric the summaries do not carry (a
 * gate file naming one no instance gated) takes the instances' outcomes, with a warning.
 */
function evaluateThresholds(
  merged: PollMeasured,
  gates: Thresholds | undefined,
  parts: readonly Part[],
  warnings: string[],
): PollMeasured['thresholds'] {
  const reader = new StoreReader(merged.metrics, POLL_STORE_POLICY);
  const measuredMs = Math.max(...merged.instances.map((i) => i.testRunMs));
  const wanted: [string, string[]][] =
    gates === undefined
      ? Object.entries(merged.thresholds).map(([key, e]) => [key, Object.keys(e)])
      : Object.entries(gates).map(([key, list]) => [
          key,
          list.map((e) => (typeof e === 'string' ? e : e.threshold)),
        ]);
  const outcomes: PollMeasured['thresholds'] = {};
  for (const [key, expressions] of wanted) {
    for (const expression of expressions) {
      const aggregation = thresholdAggregation(expression) ?? '';
      const reading = reader.threshold(key, aggregation, measuredMs);
      let ok: boolean;
      if (reading === undefined) {
        const failedIn = parts.filter(
          (p) => p.summary.measured.thresholds[key]?.[expression] === false,
        );
        ok = failedIn.length === 0;
        warnings.push(
          `Warning: threshold ${key} ${expression} cannot be evaluated on merged data (the summaries do not carry ${key}); ${ok ? 'no instance failed it' : `failed in ${failedIn.map((p) => p.file).join(', ')}`}`,
        );
      } else ok = holds(expression, reading.sampled ? reading.value : undefined);
      outcomes[key] = { ...outcomes[key], [expression]: ok };
    }
  }
  return outcomes;
}

/**
 * The whole run's summary from its instances' summaries. Throws a {@link MergeInputError} on
 * summaries that do not belong together, naming the file.
 */
export function mergePollSummaries(
  inputs: readonly MergeInput[],
  options: MergeOptions,
): MergeResult {
  const parts = checkInputs(inputs);
  const files = parts.map((p) => p.file);
  const warnings: string[] = [];
  let merged: PollMeasured;
  let config: PublicConfig;
  try {
    config = applyRule(
      configRule(options.summaryDir),
      parts.map((p) => p.summary.config),
      files,
      'config',
    );
    merged = applyRule(
      MEASURED_RULE,
      parts.map((p) => ({
        ...p.summary.measured,
        instances: p.summary.measured.instances.map((i) => ({ ...i, file: p.file })),
      })),
      files,
      'measured',
      (line) => warnings.push(line),
    );
  } catch (error) {
    if (error instanceof MergeError) throw new MergeInputError(error.message);
    throw error;
  }
  const measured = {
    ...merged,
    thresholds: evaluateThresholds(merged, options.gates, parts, warnings),
    // Gates of another file (--thresholds) are those evaluated: the instances' no longer apply.
    gates: options.gates === undefined ? merged.gates : [],
  };
  return { figures: buildPollFigures({ config, measured }), measured, warnings };
}
