// Reads the summary.json files that `npm run report` subcommands take: files or folders of
// them. Any problem is one line naming the file, so the CLI can print it and exit 2.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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

export function loadPollSummaries(paths: readonly string[]): LoadedSummary[] {
  return expandSummaryPaths(paths).map((path) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new ReportInputError(`${path}: cannot read it (${(error as Error).message})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ReportInputError(`${path}: not JSON`);
    }
    return { path, summary: asPollSummary(path, json) };
  });
}
