// The requests of one polling step: for each due user, both endpoints of each of its rooms,
// with the user's since_id cursor per room, as the ClaudeWorld web client polls.

import { type Endpoint, endpointNameTag, endpointPath } from '../metric-names';
import type { PollConfig } from './config';
import type { DuePoll } from './load-model';
import { firstRoomIndex } from './load-model';

export interface PollRequest {
  endpoint: Endpoint;
  user: number;
  roomIndex: number;
  method: 'GET';
  url: string;
  headers: Record<string, string>;
  tags: Readonly<Record<string, string>>;
}

/** The last message id each (user, room) has seen; polls ask only for newer messages. */
export class MessageCursors {
  readonly #seen = new Map<string, number>();

  get(user: number, roomIndex: number): number | undefined {
    return this.#seen.get(`${user}:${roomIndex}`);
  }

  /** Moves the cursor forward; an older or missing id leaves it where it is. */
  advance(user: number, roomIndex: number, latestId: number | undefined): void {
    const current = this.get(user, roomIndex);
    if (latestId !== undefined && (current === undefined || latestId > current)) {
      this.#seen.set(`${user}:${roomIndex}`, latestId);
    }
  }
}

/** Headers the original web client sends with every poll (the ngrok one is ignored by the server). */
export function pollHeaders(apiKey: string): Record<string, string> {
  return { 'X-API-Key': apiKey, 'ngrok-skip-browser-warning': 'true' };
}

/** The `name` tag of each endpoint's requests: one object per endpoint, shared by all requests. */
const ENDPOINT_REQUEST_TAGS: Readonly<Record<Endpoint, Readonly<Record<string, string>>>> = {
  poll: { name: endpointNameTag('poll') },
  agents: { name: endpointNameTag('agents') },
};

export function pollRequests(
  config: Pick<PollConfig, 'baseUrl' | 'rooms' | 'roomMode'>,
  polls: readonly DuePoll[],
  roomIds: readonly number[],
  apiKey: string,
  cursors: MessageCursors,
): PollRequest[] {
  const headers = pollHeaders(apiKey);
  const requests: PollRequest[] = [];
  // Indexed loops: in k6's interpreter a for-of allocates an iterator result per element.
  for (let p = 0; p < polls.length; p++) {
    const user = (polls[p] as DuePoll).user;
    const first = firstRoomIndex(config, user);
    for (let roomIndex = first; roomIndex < first + config.rooms; roomIndex++) {
      const roomId = roomIds[roomIndex];
      if (roomId === undefined)
        throw new Error(`pollRequests: no room id for room index ${roomIndex}`);
      const since = cursors.get(user, roomIndex);
      requests.push({
        endpoint: 'poll',
        user,
        roomIndex,
        method: 'GET',
        url: `${config.baseUrl}${endpointPath('poll', roomId)}${since === undefined ? '' : `?since_id=${since}`}`,
        headers,
        tags: ENDPOINT_REQUEST_TAGS.poll,
      });
      requests.push({
        endpoint: 'agents',
        user,
        roomIndex,
        method: 'GET',
        url: `${config.baseUrl}${endpointPath('agents', roomId)}`,
        headers,
        tags: ENDPOINT_REQUEST_TAGS.agents,
      });
    }
  }
  return requests;
}
