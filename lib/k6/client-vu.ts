// One VU of the chat or game model: it runs the web client's timers for a shard of the users
// (lib/clients/session.ts) in one long iteration, sending what is due in one http.batch and
// holding each view's SSE stream with http.asyncRequest while it goes on (docs/k6-runtime.md,
// "Server-sent events"). The iteration is async: it waits with k6/timers, so k6's event loop
// hands it each stream's end as it happens; a stream that ends wakes it early.
// The per-request path is the seed's: kinds resolved once, counters summed per VU.

import exec from 'k6/execution';
import http, { type BatchRequest, type Params } from 'k6/http';
import { clearTimeout, setTimeout } from 'k6/timers';
import {
  CLIENT_REQUEST_TIMEOUT_MS,
  CLIENT_REQUESTS_PER_BATCH,
  clientUsers,
} from '../clients/model';
import {
  ClientSession,
  type DueRequest,
  type StreamingModel,
  type StreamStart,
} from '../clients/session';
import {
  connected,
  rejectedStream,
  resolvedStream,
  type SettledStream,
} from '../clients/stream-outcome';
import { ENDPOINTS } from '../endpoints';
import { roomBreakdownCount, VU_ROLE_TAG } from '../metric-names';
import { runRequestEndpoints } from '../plan';
import { type PollConfig, roomCount } from '../poll/config';
import { shardUsers } from '../poll/load-model';
import { type RequestKind, requestKinds } from '../request-kinds';
import { clientTargets, type TestRooms } from '../test-rooms';
import { StreamRecorder } from './client-metrics';
import {
  MEASURED_RESPONSE_CALLBACK,
  PollRecorder,
  type RecordedEndpoint,
  type TimelineRecorder,
} from './poll-metrics';

/** Counter sums reach k6 at least this often, as the seed VU's. */
const FLUSH_INTERVAL_MS = 1000;
/** Users due within this share one batch: the seed VU's shortest wait. */
const MIN_WAIT_MS = 20;
/** A stream that would be open for less than this before the end is not opened. */
const MIN_STREAM_MS = 1000;

interface VuKind extends RequestKind {
  readonly params: Params;
  readonly recorded: RecordedEndpoint;
  /** A ticket: after a view's first, each one is a reconnection. */
  readonly isTicket: boolean;
}

function vuKind(kind: RequestKind, recorder: PollRecorder): VuKind {
  const params: Params = {
    headers: kind.headers,
    tags: kind.tags,
    timeout: CLIENT_REQUEST_TIMEOUT_MS,
    // Counts 2xx and 429 as not failed: k6's http_req_failed is then the error rate.
    responseCallback: MEASURED_RESPONSE_CALLBACK,
    ...(kind.readsBody ? {} : { responseType: 'none' as const }),
  };
  return {
    ...kind,
    params,
    recorded: recorder.endpoint(kind.endpoint),
    isTicket: kind.endpoint === 'ticket',
  };
}

/**
 * `shardIndex`: which of the `vus` shards this VU runs; by default its iteration number in the
 * per-vu-iterations scenario (unique across instances, as the seed's paceWholeSchedule).
 * `timeline`: the run's time slices, when the scenario records them (createTimeline).
 */
export function createClientVu(
  config: PollConfig,
  vus: number,
  shardIndex: () => number = () => exec.scenario.iterationInTest,
  timeline?: TimelineRecorder,
) {
  const model = config.client as StreamingModel;
  const endpoints = runRequestEndpoints(config);
  const recorder = new PollRecorder(endpoints, roomBreakdownCount(roomCount(config)), timeline);

  /** `shard`: the VU's shard when the scenario's VUs have other roles too (live rooms). */
  return async function runClients(data: TestRooms, shard = shardIndex()): Promise<void> {
    // On all the VU's samples from now on, k6's byte counters included.
    exec.vu.metrics.tags[VU_ROLE_TAG] = 'poll';
    const streams = new StreamRecorder(shard);
    const startMs = exec.scenario.startTime;
    const kinds = requestKinds(endpoints, config.baseUrl, data.apiKey).map((k) =>
      vuKind(k, recorder),
    );
    const [stream] = requestKinds(['stream'], config.baseUrl, data.apiKey);
    if (stream === undefined) throw new Error('client VU: no stream kind');
    const session = new ClientSession<VuKind>({
      model,
      kinds,
      stream,
      users: clientUsers(model, config, shardUsers(config.users, shard, vus), clientTargets(data)),
      durationMs: config.durationMs,
    });
    // `throw` is a request param of k6's (js/modules/k6/http/request.go) that @types/k6 lacks.
    const streamParams = (timeoutMs: number): Params & { throw: boolean } => ({
      headers: stream.headers,
      tags: { name: ENDPOINTS.stream.path, endpoint: 'stream' },
      timeout: timeoutMs,
      // A stream held to its timeout then rejects instead of resolving: k6 logs no
      // "Request Failed" line for it (lib/clients/stream-outcome.ts).
      throw: true,
      responseCallback: http.expectedStatuses(0, 200),
    });
    let wake: (() => void) | undefined;
    const sleepMs = (ms: number) =>
      new Promise<void>((resolve) => {
        const id = setTimeout(() => {
          wake = undefined;
          resolve();
        }, ms);
        wake = () => {
          clearTimeout(id);
          wake = undefined;
          resolve();
        };
      });

    /** The streams open from `sinceStartMs` on, in the time slices: none count past DURATION. */
    const streamsOpenAt = (sinceStartMs: number) =>
      timeline?.streamsOpen(streams.openNow, Math.min(sinceStartMs, config.durationMs));

    function settle(start: StreamStart, s: SettledStream, openedAtMs: number): void {
      const nowMs = Date.now();
      streams.settled(s, nowMs - openedAtMs);
      streamsOpenAt(nowMs - startMs);
      session.streamEnded(start.view, { connected: connected(s.outcome) }, nowMs - startMs);
      wake?.();
    }

    function openStream(start: StreamStart): void {
      const openedAtMs = Date.now();
      const remaining = config.durationMs - (openedAtMs - startMs);
      if (remaining < MIN_STREAM_MS) return;
      session.streamOpened(start);
      streams.opened();
      streamsOpenAt(openedAtMs - startMs);
      http.asyncRequest('GET', start.url, null, streamParams(remaining)).then(
        (r) => settle(start, resolvedStream(r.status, r.body), openedAtMs),
        (error: unknown) => settle(start, rejectedStream(error), openedAtMs),
      );
    }

    function send(due: readonly DueRequest<VuKind>[], nowMs: number): void {
      const batch: BatchRequest[] = [];
      recorder.at(nowMs);
      for (let i = 0; i < due.length; i++) {
        const request = due[i] as DueRequest<VuKind>;
        recorder.scheduleLag(nowMs - request.dueMs);
        timeline?.due(request.dueMs);
        if (request.kind.isTicket && (request.view?.tickets ?? 0) > 1) streams.reconnecting();
        batch.push([request.kind.method, request.url, null, request.kind.params]);
      }
      const responses = http.batch(batch);
      const starts: StreamStart[] = [];
      for (let i = 0; i < due.length; i++) {
        const request = due[i] as DueRequest<VuKind>;
        const response = responses[i];
        if (response === undefined) continue;
        // Read once: each read of a response field converts it from Go again.
        const status = response.status;
        const read = request.kind.readsBody ? response.body : null;
        const body = typeof read === 'string' ? read : null;
        recorder.record(
          request.kind.recorded,
          request.view?.spec.index ?? 0,
          request.url,
          response,
          status,
          body,
        );
        const start = session.answered(request, status, body, response.timings.duration);
        if (request.kind.cursor !== null) {
          recorder.messages(
            request.kind.recorded,
            request.view?.spec.index ?? 0,
            session.lastMessages.count,
            session.lastCursorMoved,
          );
        }
        if (start !== undefined) starts.push(start);
      }
      for (let i = 0; i < starts.length; i++) openStream(starts[i] as StreamStart);
    }

    let flushedAtMs = 0;
    /**
     * `sinceStartMs`: how far the load phase has got (ms from the scenario's start); `last`:
     * the VU's last flush, its time slice's counts too.
     */
    const flush = (sinceStartMs: number, last = false) => {
      streams.plannedRequests(session.takePlanned());
      // The streams' time so far counts, for a run stopped before the VU's end.
      streamsOpenAt(sinceStartMs);
      recorder.flush(sinceStartMs, last);
      streams.flush();
    };
    let leftCounted = false;
    const countLeftUnsent = () => {
      for (;;) {
        const left = session.due(config.durationMs, CLIENT_REQUESTS_PER_BATCH);
        if (left.length === 0) return;
        for (let i = 0; i < left.length; i++) timeline?.due((left[i] as DueRequest<VuKind>).dueMs);
      }
    };
    for (;;) {
      let nowMs = Date.now() - startMs;
      // Nothing is sent from DURATION on: a VU that fell behind leaves its overdue requests
      // unsent (they count against the plan, as the seed's do) and only waits for its streams,
      // which end at their timeout, so k6 never has to interrupt the iteration.
      const sending = nowMs < config.durationMs;
      if (!sending && !leftCounted) {
        // What the VU fell behind on was planned in its slices all the same.
        countLeftUnsent();
        leftCounted = true;
      }
      if (sending) {
        const due = session.due(nowMs, CLIENT_REQUESTS_PER_BATCH);
        if (due.length > 0) send(due, nowMs);
        nowMs = Date.now() - startMs;
      }
      if (nowMs - flushedAtMs >= FLUSH_INTERVAL_MS) {
        flush(nowMs);
        flushedAtMs = nowMs;
      }
      const next = sending ? session.nextDueMs() : undefined;
      if (next === undefined && streams.openNow === 0) break;
      if (next !== undefined && next <= nowMs) continue;
      // Until the next tick (at least MIN_WAIT_MS, so that users due close together share a
      // batch), or until the end when only streams are left; a stream's end wakes it.
      const until = next ?? config.durationMs + MIN_STREAM_MS;
      await sleepMs(Math.max(MIN_WAIT_MS, until - nowMs));
    }
    // Done with its timers and streams: busy until DURATION, as a seed VU. A scenario whose VUs
    // all end early ends early, and the run would read as stopped before its end.
    const early = config.durationMs - (Date.now() - startMs);
    if (early > 0) await sleepMs(early);
    flush(Math.max(Date.now() - startMs, config.durationMs), true);
  };
}
