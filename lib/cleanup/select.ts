// Which rooms and worlds a cleanup deletes: only test ones (`loadtest-` names), of one run or
// older than an age. Pure: the k6 script lists and deletes, this decides.

import type { RoomSummary } from '../backend';

/** What every test room and world is named after (lib/backend.ts testRoomNames). */
export const TEST_NAME_PREFIX = 'loadtest-';

export type LeftoverKind = 'world' | 'room';

export interface Leftover {
  kind: LeftoverKind;
  id: number;
  name: string;
  /** As the server wrote it; null when it sent none. */
  createdAt: string | null;
}

/** One run's (`runId`), or every test name created at or before `cutoffMs` (epoch ms). */
export type LeftoverCriteria = { runId: string } | { cutoffMs: number };

/**
 * Epoch ms of a `created_at`; one without a zone is UTC (the backend stores naive UTC times).
 * NaN when it is no time.
 */
export function createdAtMs(createdAt: string): number {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(createdAt) ? createdAt : `${createdAt}Z`;
  return Date.parse(zoned);
}

function matches(entry: RoomSummary, criteria: LeftoverCriteria): boolean {
  if ('runId' in criteria) return entry.name.startsWith(`${TEST_NAME_PREFIX}${criteria.runId}-`);
  if (!entry.name.startsWith(TEST_NAME_PREFIX) || entry.createdAt === null) return false;
  const created = createdAtMs(entry.createdAt);
  return Number.isFinite(created) && created <= criteria.cutoffMs;
}

/** The entries of `listed` the criteria pick, as leftovers of `kind`, by id. */
export function selectLeftovers(
  kind: LeftoverKind,
  listed: readonly RoomSummary[],
  criteria: LeftoverCriteria,
): Leftover[] {
  return listed
    .filter((entry) => matches(entry, criteria))
    .map((entry) => ({ kind, id: entry.id, name: entry.name, createdAt: entry.createdAt }))
    .sort((a, b) => a.id - b.id);
}

/** `RUN_ID=abc (names loadtest-abc-*)` or `OLDER_THAN (loadtest-* created at or before ...)`. */
export function describeCriteria(criteria: LeftoverCriteria): string {
  return 'runId' in criteria
    ? `run ${criteria.runId} (names ${TEST_NAME_PREFIX}${criteria.runId}-*)`
    : `every ${TEST_NAME_PREFIX}* created at or before ${new Date(criteria.cutoffMs).toISOString()}`;
}

/** How to delete one run's leftovers, for the lines that name them. */
export function cleanupCommand(baseUrl: string, runId: string): string {
  return `RUN_ID=${runId} BASE_URL=${baseUrl} PASSWORD=... npm run cleanup (where only k6 is: k6 run -e BASE_URL=${baseUrl} -e PASSWORD=... -e RUN_ID=${runId} dist/cleanup.js)`;
}
