// The requests of one polling step: for each due user, both endpoints of each of its rooms,
// with the user's since_id cursor per room, as the ClaudeWorld web client polls.

import { ENDPOINTS, type Endpoint, endpointNameTag, endpointPath } from '../metric-names';
import type { PollConfig } from './config';
import type { DuePoll } from './load-model';
import { userRoomIndexes } from './load-model';

export interface PollRequest {
  endpoint: Endpoint;
  user: number;
  roomIndex: number;
  method: 'GET';
  url: string;
  headers: Record<string, string>;
  tags: Record<string, string>;
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

export function pollRequests(
  config: Pick<PollConfig, 'baseUrl' | 'rooms' | 'roomMode'>,
  polls: readonly DuePoll[],
  roomIds: readonly number[],
  apiKey: string,
  cursors: MessageCursors,
): PollRequest[] {
  const headers = pollHeaders(apiKey);
  const requests: PollRequest[] = [];
  for (const { user } of polls) {
    for (const roomIndex of userRoomIndexes(config, user)) {
      const roomId = roomIds[roomIndex];
      if (roomId === undefined)
        throw new Error(`pollRequests: no room id for room index ${roomIndex}`);
      for (const endpoint of ENDPOINTS) {
        const since = endpoint === 'poll' ? cursors.get(user, roomIndex) : undefined;
        const query = since === undefined ? '' : `?since_id=${since}`;
        requests.push({
          endpoint,
          user,
          roomIndex,
          method: 'GET',
          url: `${config.baseUrl}${endpointPath(endpoint, roomId)}${query}`,
          headers,
          tags: { name: endpointNameTag(endpoint) },
        });
      }
    }
  }
  return requests;
}
