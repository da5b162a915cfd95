// The requests of one polling step: for each due user, each request kind of the seed model
// for each of its rooms, with the user's since_id cursor per room, as the old script polled.

import {
  type Cursor,
  ENDPOINTS,
  type Endpoint,
  endpointNameTag,
  type RequestMethod,
} from '../endpoints';
import type { PollConfig } from './config';
import type { DuePoll } from './load-model';
import { firstRoomIndex } from './load-model';

/**
 * One request kind as a VU sends it: all but the URL is the same for every request of the
 * kind, so it is built once (after setup, which gives the API key) and shared.
 */
export interface RequestKind {
  readonly endpoint: Endpoint;
  readonly method: RequestMethod;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * `{ name: <path template>, endpoint }`, one object for all the kind's requests: k6's `name`
   * tag, and the `endpoint` tag that k6's own http_* metrics of the request then carry (its
   * http_req_failed is the kind's error rate, lib/metric-names.ts).
   */
  readonly tags: Readonly<Record<string, string>>;
  /** The script reads the answer's body (a cursor); otherwise k6 need not copy it. */
  readonly readsBody: boolean;
  /** The cursor its answer moves; null: none. */
  readonly cursor: Cursor | null;
  /** `?since_id=`: what precedes the cursor in the URL; null when the kind sends none. */
  readonly cursorQuery: string | null;
  /** The URL is `urlPrefix` + id + `urlSuffix` (+ the cursor query). */
  readonly urlPrefix: string;
  readonly urlSuffix: string;
}

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

  /** Moves the cursor forward; an older or missing id leaves it where it is. */
  advance(user: number, roomIndex: number, latestId: number | undefined): void {
    if (latestId === undefined) return;
    const key = this.#key(user, roomIndex);
    const current = this.#seen.get(key);
    if (current === undefined || latestId > current) this.#seen.set(key, latestId);
  }
}

/** Headers the original web client sends with every poll (the ngrok one is ignored by the server). */
export function pollHeaders(apiKey: string): Record<string, string> {
  return { 'X-API-Key': apiKey, 'ngrok-skip-browser-warning': 'true' };
}

/** The kinds of `endpoints` against `baseUrl`, sending `apiKey`. */
export function requestKinds(
  endpoints: readonly Endpoint[],
  baseUrl: string,
  apiKey: string,
): RequestKind[] {
  const headers = pollHeaders(apiKey);
  return endpoints.map((endpoint) => {
    const spec = ENDPOINTS[endpoint];
    const [prefix, suffix = ''] = spec.path.split('{id}');
    return {
      endpoint,
      method: spec.method,
      headers,
      tags: { name: endpointNameTag(endpoint), endpoint },
      readsBody: spec.readsBody,
      cursor: spec.cursor,
      cursorQuery: spec.cursor?.query == null ? null : `?${spec.cursor.query}=`,
      urlPrefix: `${baseUrl}${prefix}`,
      urlSuffix: suffix,
    };
  });
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
