// One VU of the poll scenario: it paces a shard of the simulated users, sending each due
// user's polls in parallel and sleeping until the next poll is due (drift-free: due times are
// absolute, from the scenario's start). The per-request path is kept lean (see
// docs/benchmarks.md): shared request params, no per-character work, counters summed in plain
// numbers and flushed to k6 once a second, before each sleep of the last second and when the
// VU's last poll is done.

import { sleep } from 'k6';
import exec from 'k6/execution';
import http, { type BatchRequest, type Params } from 'k6/http';
import { SEED_ENDPOINTS } from '../endpoints';
import { roomBreakdownCount, VU_ROLE_TAG } from '../metric-names';
import { type PollConfig, roomCount } from '../poll/config';
import { type DuePoll, nextPacerStep, shardUsers, usersPerBatch } from '../poll/load-model';
import { MessageCursors, type PollRequest, pollRequests } from '../poll/requests';
import { type MessageList, readMessageList } from '../poll/response';
import { type RequestKind, requestKinds } from '../request-kinds';
import type { TestRooms } from '../test-rooms';
import {
  MEASURED_RESPONSE_CALLBACK,
  PollRecorder,
  type RecordedEndpoint,
  type TimelineRecorder,
} from './poll-metrics';

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

/** A request kind as this VU sends and records it, resolved once so no request looks it up. */
interface VuKind extends RequestKind {
  /** Request params, one object for the VU's life (k6 reads, never keeps, them). */
  readonly params: Params;
  readonly recorded: RecordedEndpoint;
}

function vuKind(config: PollConfig, kind: RequestKind, recorder: PollRecorder): VuKind {
  const params: Params = {
    headers: kind.headers,
    tags: kind.tags,
    // A poll answered after the next one is due is stale; k6's 60 s default would hold the
    // VU's other users for a minute. Slower answers count as timeouts (k6 code 1050).
    timeout: config.pollIntervalMs,
    // Counts 2xx and 429 as not failed: k6's http_req_failed is then the error rate.
    responseCallback: MEASURED_RESPONSE_CALLBACK,
    // Bodies nothing reads (chatting-agents) need not be copied into the script.
    ...(kind.readsBody ? {} : { responseType: 'none' as const }),
  };
  return { ...kind, params, recorded: recorder.endpoint(kind.endpoint) };
}

/**
 * `shardIndex`: which of the `vus` shards this VU paces (0-based). By default the VU's id in
 * the test; a scenario whose VUs are not numbered 1..vus passes its own. `timeline`: the
 * run's time slices, when the scenario records them (poll-metrics.ts createTimeline).
 */
export function createPollVu(
  config: PollConfig,
  vus: number,
  shardIndex: () => number = () => exec.vu.idInTest - 1,
  timeline?: TimelineRecorder,
) {
  const cursors = new MessageCursors(roomCount(config));
  // One object for every answer's message list: no allocation per response.
  const messages: MessageList = { count: 0, latest: undefined };
  const recorder = new PollRecorder(
    SEED_ENDPOINTS,
    roomBreakdownCount(roomCount(config)),
    timeline,
  );
  // Built at the first poll: the kinds' headers carry the API key from setup.
  let kinds: VuKind[] | undefined;
  const batchUsers = usersPerBatch(config, vus);
  const minWait = minWaitMs(config);
  let shard: number[] | undefined;
  // Read once: each exec.scenario access builds a fresh object in k6.
  let startMs: number | undefined;
  let pollsDone = 0;
  let flushedAtMs = 0;

  function pollNow(polls: readonly DuePoll[], nowMs: number, data: TestRooms): void {
    recorder.at(nowMs);
    for (let p = 0; p < polls.length; p++)
      recorder.scheduleLag(nowMs - (polls[p] as DuePoll).dueMs);
    kinds ??= requestKinds(SEED_ENDPOINTS, config.baseUrl, data.apiKey).map((kind) =>
      vuKind(config, kind, recorder),
    );
    const requests = pollRequests(config, polls, data.roomIds, cursors, kinds);
    const batch: BatchRequest[] = [];
    for (let i = 0; i < requests.length; i++) {
      const { kind, url } = requests[i] as PollRequest<VuKind>;
      batch.push([kind.method, url, null, kind.params]);
    }
    const responses = http.batch(batch);
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i];
      const response = responses[i];
      if (request === undefined || response === undefined) continue;
      const { kind } = request;
      // Read once: each read of a response field converts it from Go again.
      const status = response.status;
      const read = kind.readsBody ? response.body : null;
      const body = typeof read === 'string' ? read : null;
      recorder.record(kind.recorded, request.roomIndex, request.url, response, status, body);
      if (kind.cursor !== null && status === 200 && !BENCH_ABLATION.cursor) {
        const list = readMessageList(body, kind.cursor.messagesIn, messages);
        const moved = cursors.advance(request.user, request.roomIndex, list.latest);
        recorder.messages(kind.recorded, request.roomIndex, list.count, moved);
      }
    }
  }

  let tagged = false;

  /** One iteration: poll whatever is due, then sleep until the next poll (or the end). */
  return function iterate(data: TestRooms): void {
    if (!tagged) {
      // On all the VU's samples from now on, k6's byte counters included.
      exec.vu.metrics.tags[VU_ROLE_TAG] = 'poll';
      tagged = true;
    }
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
      // In the last interval, before each sleep too: a sleep that ends past DURATION (a busy
      // machine) ends the VU's last iteration, and sums not flushed by then would be lost.
      const done = step.kind === 'done';
      const lastInterval = config.durationMs - nowMs <= FLUSH_INTERVAL_MS;
      if (done || lastInterval || nowMs - flushedAtMs >= FLUSH_INTERVAL_MS) {
        // A VU done with its schedule was busy until DURATION (the load phase), unless later.
        // Its time slice goes too when it may not wake again.
        recorder.flush(done ? Math.max(nowMs, config.durationMs) : nowMs, done || lastInterval);
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
 * Paces shard `shard` of `vus` until the schedule's end, in one iteration: the capacity steps,
 * and the poll VUs of a run with live rooms. Their scenario is per-vu-iterations with one
 * iteration per VU: by default its number in the scenario (0..vus-1, unique across instances)
 * picks the shard, since k6 hands the VU numbers of a test out of one pool to its scenarios.
 */
export function paceWholeSchedule(
  config: PollConfig,
  vus: number,
  data: TestRooms,
  shard: number = exec.scenario.iterationInTest,
  timeline?: TimelineRecorder,
): void {
  const iterate = createPollVu(config, vus, () => shard, timeline);
  const startMs = exec.scenario.startTime;
  while (Date.now() - startMs < config.durationMs) iterate(data);
}
