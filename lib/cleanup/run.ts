// The cleanup itself: list the test worlds and rooms the criteria pick, delete them (worlds
// first: a world's deletion takes its rooms), and say what happened to each. Pure over the
// HttpSeam: dist/cleanup.js binds it to k6.

import {
  deleteRooms,
  deleteWorlds,
  listRooms,
  listWorlds,
  type RoomSummary,
  SetupError,
} from '../backend';
import { formatInt, plural } from '../format';
import type { HttpSeam } from '../http-seam';
import { describeCriteria, type Leftover, type LeftoverCriteria, selectLeftovers } from './select';

export interface CleanedEntry extends Leftover {
  /** `deleted`, `would be deleted` (DRY_RUN), or why the delete failed. */
  result: 'deleted' | 'would be deleted' | { failed: string };
}

export interface CleanupOutcome {
  baseUrl: string;
  criteria: string;
  dryRun: boolean;
  entries: CleanedEntry[];
}

/** GET /worlds/ on a backend without the game routes is a 404: it has no worlds then. */
function worldsOf(http: HttpSeam, baseUrl: string, apiKey: string): RoomSummary[] {
  try {
    return listWorlds(http, baseUrl, apiKey);
  } catch (error) {
    if (error instanceof SetupError && / answered 404 /.test(error.message)) return [];
    throw error;
  }
}

function deleted(
  leftovers: readonly Leftover[],
  outcome: { deleted: number[]; failed: { id: number; reason: string }[] } | undefined,
): CleanedEntry[] {
  return leftovers.map((l) => {
    const failure = outcome?.failed.find((f) => f.id === l.id);
    return {
      ...l,
      result:
        outcome === undefined
          ? 'would be deleted'
          : failure === undefined
            ? 'deleted'
            : { failed: failure.reason },
    };
  });
}

export function cleanUp(
  http: HttpSeam,
  request: { baseUrl: string; apiKey: string; criteria: LeftoverCriteria; dryRun: boolean },
): CleanupOutcome {
  const { baseUrl, apiKey, criteria, dryRun } = request;
  const worlds = selectLeftovers('world', worldsOf(http, baseUrl, apiKey), criteria);
  const worldOutcome = dryRun
    ? undefined
    : deleteWorlds(
        http,
        baseUrl,
        apiKey,
        worlds.map((w) => w.id),
      );
  // Listed after the worlds' deletion, which takes their rooms with them.
  const rooms = selectLeftovers('room', listRooms(http, baseUrl, apiKey), criteria);
  const roomOutcome = dryRun
    ? undefined
    : deleteRooms(
        http,
        baseUrl,
        apiKey,
        rooms.map((r) => r.id),
      );
  return {
    baseUrl,
    criteria: describeCriteria(criteria),
    dryRun,
    entries: [...deleted(worlds, worldOutcome), ...deleted(rooms, roomOutcome)],
  };
}

/** `1 world, 2 rooms`. */
function kinds(entries: readonly CleanedEntry[]): string {
  const worlds = entries.filter((e) => e.kind === 'world').length;
  return `${plural(worlds, 'world')}, ${plural(entries.length - worlds, 'room')}`;
}

/** The report: one line per room or world and what became of it, then the totals. */
export function renderCleanup(o: CleanupOutcome): string {
  const lines = [
    `ClaudeWorld cleanup on ${o.baseUrl}: ${o.criteria}${o.dryRun ? ' (DRY_RUN)' : ''}`,
  ];
  if (o.entries.length === 0) {
    lines.push('  Nothing to delete: no such room or world is left.');
    return `${lines.join('\n')}\n`;
  }
  const width = Math.max(...o.entries.map((e) => e.name.length));
  for (const e of o.entries) {
    const result = typeof e.result === 'string' ? e.result : `NOT deleted: ${e.result.failed}`;
    const created = e.createdAt === null ? '' : `  created ${e.createdAt}`;
    lines.push(
      `  ${e.kind.padEnd(5)}  ${e.name.padEnd(width)}  id ${formatInt(e.id)}${created}  ${result}`,
    );
  }
  const failed = o.entries.filter((e) => typeof e.result !== 'string');
  if (o.dryRun) {
    lines.push(`DRY_RUN: ${kinds(o.entries)} would be deleted; nothing was deleted.`);
  } else {
    const done = o.entries.filter((e) => e.result === 'deleted');
    lines.push(
      `Deleted ${kinds(done)}${failed.length === 0 ? '.' : `; ${formatInt(failed.length)} could not be deleted (above): delete them by hand or run again.`}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Whether every delete that was tried went through. */
export function cleanupSucceeded(o: CleanupOutcome): boolean {
  return o.entries.every((e) => typeof e.result === 'string');
}
