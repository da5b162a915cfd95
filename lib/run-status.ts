// How a run ended, for the top of every report: it completed, was interrupted (Ctrl-C or a
// signal before its planned end), was aborted (a threshold with abortOnFail, or the script
// stopped it), or its setup failed and no load was sent. k6 tells handleSummary none of this
// (docs/k6-runtime.md), so the scenarios leave two traces its data keeps: teardown records when
// the load stopped (the gauge LOAD_STOP_METRIC), and whatever stops the run records why as a
// failed check named `setup failed: <cause>` or `aborted: <cause>` (a check's name is the one
// string that reaches handleSummary from setup, whose return value is lost when it throws).
// Pure: measurePoll reads the traces (measureStop), the figures judge them (runStatus).

import { formatFixed } from './format';
import type { SummaryData, SummaryGroup } from './summary-data';

/**
 * Gauge (time) set at the start of teardown: ms from the end of setup, i.e. when the load
 * stopped (at DURATION, or earlier for a run stopped early). Merges by its min and max.
 */
export const LOAD_STOP_METRIC = 'cw_load_stop';

export type RunEnd = 'completed' | 'interrupted' | 'aborted' | 'setup-failed';

/** The kinds of failed check that say why a run stopped. */
export type RunNoteKind = 'setup failed' | 'aborted';

/** A check name holding `message` (k6 joins group and check names with `::`). */
export function runNoteCheckName(kind: RunNoteKind, message: string): string {
  return `${kind}: ${message.replaceAll('::', ': :').replace(/\s*\n\s*/g, ' ')}`;
}

/** The first failed check of `kind` anywhere in the groups, as its message. */
export function readRunNote(group: SummaryGroup | undefined, kind: RunNoteKind): string | null {
  if (group === undefined) return null;
  const prefix = `${kind}: `;
  for (const check of group.checks ?? []) {
    if (check.fails > 0 && check.name.startsWith(prefix)) return check.name.slice(prefix.length);
  }
  for (const inner of group.groups ?? []) {
    const found = readRunNote(inner, kind);
    if (found !== null) return found;
  }
  return null;
}

/** A threshold with abortOnFail, as the scenario declared it. */
export interface AbortingThreshold {
  metric: string;
  expression: string;
}

/** What one instance's data says about how it stopped (summary.json keeps it per instance). */
export interface StopMeasured {
  /** Setup's error, when it failed; null otherwise. */
  setupFailure: string | null;
  /** Why the load was stopped before DURATION other than by a signal: an abortOnFail gate, the script. */
  abortCause: string | null;
  /** When the load stopped, ms from the end of setup (teardown's gauge); null without teardown. */
  stoppedAtMs: number | null;
}

function gaugeValue(data: SummaryData, key: string): number | null {
  const metric = data.metrics?.[key];
  if (metric?.type !== 'gauge') return null;
  const value = metric.values.value;
  return Number.isFinite(value) && value >= 0 ? value : null;
}

/** How the instance stopped, read from its k6 data: the gauge, the notes, the crossed aborting gate. */
export function measureStop(
  data: SummaryData,
  plannedLoadMs: number,
  aborting: readonly AbortingThreshold[],
): StopMeasured {
  const stoppedAtMs = gaugeValue(data, LOAD_STOP_METRIC);
  const crossed = aborting.find(
    (t) => data.metrics?.[t.metric]?.thresholds?.[t.expression]?.ok === false,
  );
  const early = stoppedAtMs !== null && stoppedAtMs < plannedLoadMs;
  return {
    setupFailure: readRunNote(data.root_group, 'setup failed'),
    abortCause:
      readRunNote(data.root_group, 'aborted') ??
      (early && crossed !== undefined
        ? `threshold ${crossed.metric} ${crossed.expression} was crossed (abortOnFail)`
        : null),
    stoppedAtMs,
  };
}

export interface RunStatusFigures {
  end: RunEnd;
  /** Why it ended so, in one line: setup's error, the crossed abortOnFail gate; else null. */
  cause: string | null;
  /**
   * When the load stopped, ms from the end of setup (the earliest instance's in a merged run);
   * null without teardown's record.
   */
  stoppedAtMs: number | null;
  /** How long the load was planned to run, in ms. */
  plannedLoadMs: number;
}

/**
 * The run's end from its instances: setup failed when none completed it; aborted when one
 * was; interrupted when one stopped before DURATION.
 */
export function runStatus(
  instances: readonly (StopMeasured & { setupCompleted: boolean })[],
  stoppedAtMs: number | null,
  plannedLoadMs: number,
): RunStatusFigures {
  const base = { stoppedAtMs, plannedLoadMs };
  if (instances.every((i) => !i.setupCompleted)) {
    const cause = instances.find((i) => i.setupFailure !== null)?.setupFailure;
    return {
      ...base,
      end: 'setup-failed',
      cause: cause ?? 'setup did not return the test rooms (the cause is in the k6 output)',
      stoppedAtMs: null,
    };
  }
  const aborted = instances.find((i) => i.abortCause !== null)?.abortCause;
  if (aborted !== undefined && aborted !== null) return { ...base, end: 'aborted', cause: aborted };
  const early = stoppedAtMs !== null && stoppedAtMs < plannedLoadMs;
  return { ...base, end: early ? 'interrupted' : 'completed', cause: null };
}

/** `at 8.0 s of 60 s`: how far the load got. */
export function progressText(s: Pick<RunStatusFigures, 'stoppedAtMs' | 'plannedLoadMs'>): string {
  const seconds = (ms: number) => `${formatFixed(ms / 1000, ms < 10_000 ? 1 : 0)} s`;
  return s.stoppedAtMs === null
    ? `before the end of its ${seconds(s.plannedLoadMs)}`
    : `at ${seconds(s.stoppedAtMs)} of ${seconds(s.plannedLoadMs)}`;
}
