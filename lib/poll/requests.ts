// The requests of one polling step: for each due user, each request kind of the seed model
// for each of its rooms, with the user's since_id cursor per room, as the old script polled.

import type { RequestKind } from '../request-kinds';
import type { PollConfig } from './config';
import type { DuePoll } from './load-model';
import { firstRoomIndex } from './load-model';

export interface PollRequest<K extends RequestKind = RequestKind> {
  readonly kind: K;
  readonly user: number;
  /** Index into setup's room list. */
  readonly roomIndex: number;
  readonly url: string;
}

/** The last message id each (user, room) has seen; polls ask only for newer messages. */
export class MessageCursors {
  // Keyed by one number per (user, room index): a string key would be built per request.
  readonly #seen = new Map<number, number>();
  readonly #roomCount: number;

  /** For room indexes 0..roomCount-1 (setup's room list). */
  constructor(roomCount: number) {
    this.#roomCount = roomCount;
  }

  #key(user: number, roomIndex: number): number {
    if (roomIndex < 0 || roomIndex >= this.#roomCount) {
      throw new Error(`MessageCursors: room index ${roomIndex} is not below ${this.#roomCount}`);
    }
    return user * this.#roomCount + roomIndex;
  }

  get(user: number, roomIndex: number): number | undefined {
    return this.#seen.get(this.#key(user, roomIndex));
  }

  /** Moves the cursor forward; an older or missing id leaves it where it is. True when it moved. */
  advance(user: number, roomIndex: number, latestId: number | undefined): boolean {
    if (latestId === undefined) return false;
    const key = this.#key(user, roomIndex);
    const current = this.#seen.get(key);
    if (current !== undefined && latestId <= current) return false;
    this.#seen.set(key, latestId);
    return true;
  }
}

/**
 * The requests of the due users' polls: each kind (a room's path: the seed model polls only
 * rooms) for each of a user's rooms, kind by kind within a room, as the old script sent them.
 */
export function pollRequests<K extends RequestKind>(
  config: Pick<PollConfig, 'rooms' | 'roomMode'>,
  polls: readonly DuePoll[],
  roomIds: readonly number[],
  cursors: MessageCursors,
  kinds: readonly K[],
): PollRequest<K>[] {
  const requests: PollRequest<K>[] = [];
  // Indexed loops: in k6's interpreter a for-of allocates an iterator result per element.
  for (let p = 0; p < polls.length; p++) {
    const user = (polls[p] as DuePoll).user;
    const first = firstRoomIndex(config, user);
    for (let roomIndex = first; roomIndex < first + config.rooms; roomIndex++) {
      const roomId = roomIds[roomIndex];
      if (roomId === undefined)
        throw new Error(`pollRequests: no room id for room index ${roomIndex}`);
      for (let k = 0; k < kinds.length; k++) {
        const kind = kinds[k] as K;
        const url = `${kind.urlPrefix}${roomId}${kind.urlSuffix}`;
        const since = kind.cursorQuery === null ? undefined : cursors.get(user, roomIndex);
        requests.push({
          kind,
          user,
          roomIndex,
          url: since === undefined ? url : `${url}${kind.cursorQuery}${since}`,
        });
      }
    }
  }
  return requests;
}
