// Reads the summary.json files that `npm run report` subcommands take: files or folders of
// them. Any problem is one line naming the file, so the CLI can print it and exit 2.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CAPACITY_SUMMARY_SCHEMA,
  CAPACITY_SUMMARY_VERSION,
  type CapacitySummaryJson,
} from '../../lib/capacity/report';
import {
  POLL_SUMMARY_SCHEMA,
  POLL_SUMMARY_VERSION,
  type PollSummaryJson,
} from '../../lib/poll/summary-schema';

/** Bad input for a report subcommand; `message` is the one line to print. */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

export interface LoadedSummary {
  /** The file, as given or found in a given folder. */
  path: string;
  summary: PollSummaryJson;
}

/** The files named: each file as it is, each folder's `*.json` files in name order. */
export function expandSummaryPaths(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new ReportInputError('no summary files given');
  return paths.flatMap((path) => {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new ReportInputError(`${path}: no such file or folder`);
    }
    if (!isFolder) return [path];
    const found = readdirSync(path)
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map((name) => join(path, name));
    if (found.length === 0) throw new ReportInputError(`${path}: no .json files in this folder`);
    return found;
  });
}

/** Checks that parsed JSON is a poll summary of the version this tool reads. */
export function asPollSummary(path: string, json: unknown): PollSummaryJson {
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (record.schema !== POLL_SUMMARY_SCHEMA) {
    throw new ReportInputError(
      `${path}: not a poll summary (expected "schema": "${POLL_SUMMARY_SCHEMA}")`,
    );
  }
  if (record.version !== POLL_SUMMARY_VERSION) {
    throw new ReportInputError(
      `${path}: summary version ${JSON.stringify(record.version)}, but this tool reads version ${POLL_SUMMARY_VERSION} only (run the test again with this version's dist/poll.js)`,
    );
  }
  return json as PollSummaryJson;
}

/** Checks that parsed JSON is a capacity summary of the version this tool reads. */
export function asCapacitySummary(path: string, json: unknown): CapacitySummaryJson {
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  if (record.schema !== CAPACITY_SUMMARY_SCHEMA || record.version !== CAPACITY_SUMMARY_VERSION) {
    throw new ReportInputError(
      `${path}: not a capacity summary of version ${CAPACITY_SUMMARY_VERSION} (expected "schema": "${CAPACITY_SUMMARY_SCHEMA}")`,
    );
  }
  return json as CapacitySummaryJson;
}

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReportInputError(`${path}: cannot read it (${(error as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ReportInputError(`${path}: not JSON`);
  }
}

export function loadPollSummaries(paths: readonly string[]): LoadedSummary[] {
  return expandSummaryPaths(paths).map((path) => ({
    path,
    summary: asPollSummary(path, readJson(path)),
  }));
}

/** The capacity test's summary.json files (REPEAT=N npm run capacity keeps one per run). */
export function loadCapacitySummaries(paths: readonly string[]): CapacitySummaryJson[] {
  return expandSummaryPaths(paths).map((path) => asCapacitySummary(path, readJson(path)));
}
