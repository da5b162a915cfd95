// The writer of live rooms in k6: one send per iteration of its constant-arrival-rate
// scenario, to the rooms in turn, recorded in its own metrics (WRITER_METRIC).

import exec from 'k6/execution';
import http from 'k6/http';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { LiveRoomsConfig } from '../live-rooms/config';
import {
  messageContent,
  messageFiller,
  SEND_NAME_TAG,
  sendBody,
  WRITER_METRIC,
  writerRoomIndex,
} from '../live-rooms/writer';
import { pollHeaders } from '../poll/requests';
import { classifyResponse } from '../response-outcome';
import type { TestRooms } from '../test-rooms';

const requests = new Counter(WRITER_METRIC.requests);
const latency = new Trend(WRITER_METRIC.latency, true);
const errors = new Rate(WRITER_METRIC.errors);
const rateLimited = new Counter(WRITER_METRIC.rateLimited);

export function createWriter(baseUrl: string, live: LiveRoomsConfig) {
  const filler = messageFiller(live.messageBytes);
  const params = { tags: { name: SEND_NAME_TAG } };
  let headers: Record<string, string> | undefined;

  return function write(data: TestRooms): void {
    const sequence = exec.scenario.iterationInTest;
    const roomId = data.roomIds[writerRoomIndex(sequence, data.roomIds.length)];
    if (roomId === undefined) return;
    headers ??= { ...pollHeaders(data.apiKey), 'Content-Type': 'application/json' };
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
  };
}
