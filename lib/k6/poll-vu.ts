// One VU of the poll scenario: it paces a shard of the simulated users, sending each due
// user's polls in parallel and sleeping until the next poll is due (drift-free: due times are
// absolute, from the scenario's start).

import { sleep } from 'k6';
import exec from 'k6/execution';
import http, { type ObjectBatchRequest } from 'k6/http';
import { roomBreakdownCount } from '../metric-names';
import { type PollConfig, roomCount } from '../poll/config';
import { nextPacerStep, shardUsers } from '../poll/load-model';
import { MessageCursors, pollRequests } from '../poll/requests';
import { latestMessageId } from '../poll/response';
import type { TestRooms } from '../test-rooms';
import { recordResponse, recordScheduleLag } from './poll-metrics';

/** Shortest sleep of an idle VU, so a clock skew at the end cannot spin empty iterations. */
const MIN_IDLE_SLEEP_MS = 100;

/**
 * `shardIndex`: which of the `vus` shards this VU paces (0-based). By default the VU's id in
 * the test; a scenario whose VUs are not numbered 1..vus passes its own.
 */
export function createPollVu(
  config: PollConfig,
  vus: number,
  shardIndex: () => number = () => exec.vu.idInTest - 1,
) {
  const cursors = new MessageCursors();
  const breakdown = roomBreakdownCount(roomCount(config));
  let shard: number[] | undefined;
  let pollsDone = 0;

  function pollNow(
    polls: Parameters<typeof pollRequests>[1],
    nowMs: number,
    data: TestRooms,
  ): void {
    for (const poll of polls) recordScheduleLag(nowMs - poll.dueMs);
    const requests = pollRequests(config, polls, data.roomIds, data.apiKey, cursors);
    const batch: ObjectBatchRequest[] = requests.map((r) => ({
      method: r.method,
      url: r.url,
      // A poll answered after the next one is due is stale; k6's 60 s default would hold the
      // VU's other users for a minute. Slower answers count as timeouts (k6 code 1050).
      params: { headers: r.headers, tags: r.tags, timeout: config.pollIntervalMs },
    }));
    http.batch(batch).forEach((response, i) => {
      const request = requests[i];
      if (request === undefined) return;
      recordResponse(
        {
          endpoint: request.endpoint,
          room: request.roomIndex < breakdown ? `${request.roomIndex}` : undefined,
        },
        response,
      );
      if (request.endpoint === 'poll' && response.status === 200) {
        cursors.advance(
          request.user,
          request.roomIndex,
          latestMessageId(typeof response.body === 'string' ? response.body : null),
        );
      }
    });
  }

  /** One iteration: poll whatever is due, then sleep until the next poll (or the end). */
  return function iterate(data: TestRooms): void {
    // idInTest is unique across the instances of a distributed run, so shards never overlap.
    shard ??= shardUsers(config.users, shardIndex(), vus, config);
    const startMs = exec.scenario.startTime;
    let nowMs = Date.now() - startMs;
    let step = nextPacerStep(config, shard, pollsDone, nowMs);
    if (step.kind === 'poll') {
      pollNow(step.polls, nowMs, data);
      pollsDone += step.slots;
      nowMs = Date.now() - startMs;
      step = nextPacerStep(config, shard, pollsDone, nowMs);
    }
    if (step.kind === 'wait') sleep((step.untilMs - nowMs) / 1000);
    else if (step.kind === 'done')
      sleep(Math.max(config.durationMs - nowMs, MIN_IDLE_SLEEP_MS) / 1000);
  };
}
