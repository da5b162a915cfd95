// One VU of the poll scenario: it paces a shard of the simulated users, sending each due
// user's polls in parallel and sleeping until the next poll is due (drift-free: due times are
// absolute, from the scenario's start). The per-request path is kept lean (see
// docs/benchmarks.md): shared request params, no per-character work, counters summed
// in plain numbers and flushed to k6 at most once a second and when the VU's last poll is done.

import { sleep } from 'k6';
import exec from 'k6/execution';
import http, { type BatchRequest, type Params } from 'k6/http';
import { type Endpoint, roomBreakdownCount } from '../metric-names';
import { type PollConfig, roomCount } from '../poll/config';
import { type DuePoll, nextPacerStep, shardUsers, usersPerBatch } from '../poll/load-model';
import { MessageCursors, type PollRequest, pollRequests } from '../poll/requests';
import { latestMessageId } from '../poll/response';
import type { TestRooms } from '../test-rooms';
import { PollRecorder, recordScheduleLag } from './poll-metrics';

/** Shortest sleep of an idle VU, so a clock skew at the end cannot spin empty iterations. */
const MIN_IDLE_SLEEP_MS = 100;
/** Counter sums reach k6 at least this often, so live outputs (cloud, dashboards) stay current. */
const FLUSH_INTERVAL_MS = 1000;
/**
 * Shortest wait for the next due poll: 20 ms, or 1/40 of POLL_INTERVAL when that is shorter,
 * so it stays well under the lag that counts as a generator falling behind (10 %). Users due
 * within it are polled together, up to this late: one http.batch and one iteration for several
 * users costs k6 less per request than one each (measured with npm run bench:k6), and the
 * lateness is measured as schedule lag.
 */
function minWaitMs(config: PollConfig): number {
  return Math.min(20, config.pollIntervalMs / 40);
}

/** Request params per endpoint, one object each for the VU's life (k6 reads, never keeps, them). */
function endpointParams(config: PollConfig, request: PollRequest): Params {
  return {
    headers: request.headers,
    tags: request.tags,
    // A poll answered after the next one is due is stale; k6's 60 s default would hold the
    // VU's other users for a minute. Slower answers count as timeouts (k6 code 1050).
    timeout: config.pollIntervalMs,
    // Nothing reads the chatting-agents body: k6 need not copy it into the script.
    ...(request.endpoint === 'agents' ? { responseType: 'none' as const } : {}),
  };
}

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
  const recorder = new PollRecorder(roomBreakdownCount(roomCount(config)));
  const params = new Map<Endpoint, Params>();
  const batchUsers = usersPerBatch(config);
  const minWait = minWaitMs(config);
  let shard: number[] | undefined;
  // Read once: each exec.scenario access builds a fresh object in k6.
  let startMs: number | undefined;
  let pollsDone = 0;
  let flushedAtMs = 0;

  function pollNow(
    polls: Parameters<typeof pollRequests>[1],
    nowMs: number,
    data: TestRooms,
  ): void {
    for (let p = 0; p < polls.length; p++) recordScheduleLag(nowMs - (polls[p] as DuePoll).dueMs);
    const requests = pollRequests(config, polls, data.roomIds, data.apiKey, cursors);
    const batch: BatchRequest[] = [];
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i] as PollRequest;
      let paramsOf = params.get(request.endpoint);
      if (paramsOf === undefined) {
        paramsOf = endpointParams(config, request);
        params.set(request.endpoint, paramsOf);
      }
      batch.push([request.method, request.url, null, paramsOf]);
    }
    const responses = http.batch(batch);
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i];
      const response = responses[i];
      if (request === undefined || response === undefined) continue;
      recorder.record(request.endpoint, request.roomIndex, request.url, response);
      if (request.endpoint === 'poll' && response.status === 200) {
        cursors.advance(
          request.user,
          request.roomIndex,
          latestMessageId(typeof response.body === 'string' ? response.body : null),
        );
      }
    }
  }

  /** One iteration: poll whatever is due, then sleep until the next poll (or the end). */
  return function iterate(data: TestRooms): void {
    // idInTest is unique across the instances of a distributed run, so shards never overlap.
    shard ??= shardUsers(config.users, shardIndex(), vus, config);
    startMs ??= exec.scenario.startTime;
    let nowMs = Date.now() - startMs;
    let step = nextPacerStep(config, shard, pollsDone, nowMs, batchUsers);
    if (step.kind === 'poll') {
      pollNow(step.polls, nowMs, data);
      pollsDone += step.slots;
      nowMs = Date.now() - startMs;
      step = nextPacerStep(config, shard, pollsDone, nowMs, batchUsers);
      if (step.kind === 'done' || nowMs - flushedAtMs >= FLUSH_INTERVAL_MS) {
        recorder.flush();
        flushedAtMs = nowMs;
      }
    }
    if (step.kind === 'wait') {
      // Never past the end: k6 starts no iteration after DURATION, and polls due are owed.
      const wakeMs = Math.max(step.untilMs, Math.min(nowMs + minWait, config.durationMs - minWait));
      sleep((wakeMs - nowMs) / 1000);
    } else if (step.kind === 'done')
      sleep(Math.max(config.durationMs - nowMs, MIN_IDLE_SLEEP_MS) / 1000);
  };
}

/**
 * Paces shard `exec.scenario.iterationInTest` of `vus` until the schedule's end, in one
 * iteration: the capacity steps, and the poll scenario when the live-room writer runs beside
 * it. Their scenario is per-vu-iterations with one iteration per VU, whose number in the
 * scenario (0..vus-1, unique across instances) picks the shard: with a second scenario, k6
 * hands VU ids out of one pool to both, so a VU's id no longer says which shard it has.
 */
export function paceWholeSchedule(config: PollConfig, vus: number, data: TestRooms): void {
  const shard = exec.scenario.iterationInTest;
  const iterate = createPollVu(config, vus, () => shard);
  const startMs = exec.scenario.startTime;
  while (Date.now() - startMs < config.durationMs) iterate(data);
}
