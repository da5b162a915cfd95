// The writer of live rooms in k6: each VU of its scenario paces its share of the sends, to
// the rooms in turn, and records them in the writer's own metrics (WRITER_METRIC).

import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { LiveRoomsConfig } from '../live-rooms/config';
import {
  type LiveRoomRole,
  liveRoomRole,
  messageContent,
  messageFiller,
  SEND_NAME_TAG,
  sendBody,
  WRITER_METRIC,
  type WriterPlace,
  writerPlaceOfShard,
  writerRoomIndex,
  writerSendDueMs,
  writerShardSends,
  writerVuCount,
} from '../live-rooms/writer';
import { VU_ROLE_TAG } from '../metric-names';
import { requestHeaders } from '../request-kinds';
import { classifyResponse } from '../response-outcome';
import type { TestRooms } from '../test-rooms';

const requests = new Counter(WRITER_METRIC.requests);
const latency = new Trend(WRITER_METRIC.latency, true);
const errors = new Rate(WRITER_METRIC.errors);
const rateLimited = new Counter(WRITER_METRIC.rateLimited);

/** `durationMs`: how long the writer runs (its scenario's duration). */
export function createWriter(baseUrl: string, live: LiveRoomsConfig, durationMs: number) {
  const filler = messageFiller(live.messageBytes);
  const params = { tags: { name: SEND_NAME_TAG } };

  function send(data: TestRooms, headers: Record<string, string>, sequence: number): void {
    const roomId = data.roomIds[writerRoomIndex(sequence, data.roomIds.length)];
    if (roomId === undefined) return;
    const response = http.post(
      `${baseUrl}/rooms/${roomId}/messages/send`,
      sendBody(messageContent(live.messageBytes, sequence, filler)),
      { ...params, headers },
    );
    const outcome = classifyResponse(response.status, response.error_code);
    requests.add(1);
    errors.add(outcome.error);
    if (outcome.rateLimited) rateLimited.add(1);
    if (outcome.connectionError === undefined) latency.add(response.timings.duration);
  }

  /**
   * Paces the sends of the writer at `place` (the capacity test's writer scenario: its
   * iteration number).
   */
  return function write(
    data: TestRooms,
    place: WriterPlace = writerPlaceOfShard(exec.scenario.iterationInTest, live.sendSourceIps),
  ): void {
    exec.vu.metrics.tags[VU_ROLE_TAG] = 'writer';
    const rooms = data.roomIds.length;
    const vus = writerVuCount(live, rooms);
    const headers = { ...requestHeaders(data.apiKey).client, 'Content-Type': 'application/json' };
    const startMs = exec.scenario.startTime;
    for (let k = 0; ; k++) {
      const sequence = writerShardSends(place, vus, k, rooms, live.sendSourceIps);
      const dueMs = writerSendDueMs(live, rooms, sequence);
      if (dueMs >= durationMs) return;
      const waitMs = dueMs - (Date.now() - startMs);
      if (waitMs > 0) sleep(waitMs / 1000);
      send(data, headers, sequence);
    }
  };
}

/** The role of this VU of a poll run with live rooms (lib/live-rooms/writer.ts liveRoomRole). */
export function liveRoomVuRole(
  pollVus: number,
  live: LiveRoomsConfig,
  rooms: number,
): LiveRoomRole {
  return liveRoomRole(
    {
      idInInstance: exec.vu.idInInstance,
      iterationInTest: exec.scenario.iterationInTest,
      segmented: exec.test.options.executionSegment != null,
    },
    pollVus,
    writerVuCount(live, rooms),
    live.sendSourceIps,
  );
}
