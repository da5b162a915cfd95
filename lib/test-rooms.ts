// What setup hands every VU (k6 copies it to each) and handleSummary: the test rooms.

import type { ClientTargets } from './clients/model';

export interface TestRooms {
  /** Server ids of the test rooms, by room index. */
  roomIds: number[];
  /** The session's API key: the VUs need it; it must never reach a report. */
  apiKey: string;
  /** The run id the rooms are named after (RUN_ID, or made up by a single instance). */
  runId?: string;
  /** Set in a distributed run: the instance's execution segment; the rooms are shared. */
  segment?: string;
  /**
   * CLIENT=game: the test worlds by world index, each with its room (`roomIds` holds the same
   * rooms); teardown deletes the worlds, which deletes their rooms.
   */
  worlds?: TestWorld[];
  /** Epoch ms at which setup handed the rooms over: the load starts then. */
  loadStartMs?: number;
  /** k6's version, read off the User-Agent of setup's first request; absent when unknown. */
  k6Version?: string;
}

export interface TestWorld {
  id: number;
  /** The world's onboarding room, whose stream the game view holds. */
  roomId: number;
}

/** The ids a client model's views address: the rooms (chat), or the worlds and their rooms. */
export function clientTargets(data: Pick<TestRooms, 'roomIds' | 'worlds'>): ClientTargets {
  if (data.worlds === undefined) return { viewIds: data.roomIds, streamRoomIds: data.roomIds };
  return {
    viewIds: data.worlds.map((w) => w.id),
    streamRoomIds: data.worlds.map((w) => w.roomId),
  };
}

/** The room ids from setup data, read defensively: undefined when setup did not finish. */
export function setupRoomIds(setupData: unknown): number[] | undefined {
  const roomIds = (setupData as Partial<TestRooms> | null | undefined)?.roomIds;
  return Array.isArray(roomIds) && roomIds.every((id) => typeof id === 'number')
    ? roomIds
    : undefined;
}

/** The run id from setup data; null when setup did not finish. */
export function setupRunId(setupData: unknown): string | null {
  const runId = (setupData as Partial<TestRooms> | null | undefined)?.runId;
  return typeof runId === 'string' ? runId : null;
}

/** k6's version from setup data; null when setup did not finish or could not tell. */
export function setupK6Version(setupData: unknown): string | null {
  const version = (setupData as Partial<TestRooms> | null | undefined)?.k6Version;
  return typeof version === 'string' ? version : null;
}
