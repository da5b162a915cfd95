// Request counts since start, for GET /_stats: a test reconciles what a load test reported
// with what the server saw. Requests to /_stats itself are not counted.

import { isoTime } from './store';
import type { StreamCounts } from './streams';

export interface RequestCounts {
  requests: number;
  /** Response status (as a string) -> count. */
  statuses: Record<string, number>;
}

/** SSE tickets: issued by the ticket route, then redeemed (once) by a stream request. */
export interface TicketCounts {
  issued: number;
  /** Redeemed by a stream that got its 200. */
  used: number;
  /** Stream requests answered 401: the sum of the three below. */
  refused: number;
  /** Never issued, or already redeemed (single use). */
  refused_unknown: number;
  /** Redeemed more than 60 s after it was issued. */
  refused_expired: number;
  /** Issued for another room id. */
  refused_other_room: number;
}

export interface WorldCounts {
  /** POST /worlds/ answered 200. */
  created: number;
  /** DELETE /worlds/{id} answered 200. */
  deleted: number;
  /** Worlds that exist now. */
  existing: number;
}

/** Requests that start a model call on the real backend; a load test must leave both at 0. */
export interface ModelCallCounts {
  /** POST /worlds/{id}/start-onboarding answered 200 (any answer counts in `endpoints`). */
  start_onboarding: number;
  /** POST /rooms/{id}/messages/send answered 200 on a room with agents (a world's room). */
  sends_to_rooms_with_agents: number;
}

/** Counters of what the routes did, beyond their request counts. */
export class EventCounts {
  readonly tickets: TicketCounts = {
    issued: 0,
    used: 0,
    refused: 0,
    refused_unknown: 0,
    refused_expired: 0,
    refused_other_room: 0,
  };
  readonly worlds = { created: 0, deleted: 0 };
  readonly modelCalls: ModelCallCounts = { start_onboarding: 0, sends_to_rooms_with_agents: 0 };
}

/**
 * The body of `GET /_stats` (admin only):
 * ```json
 * {
 *   "started_at": "2025-01-01T00:00:00.000Z",
 *   "requests": 180,
 *   "endpoints": {
 *     "GET /rooms/{id}/messages/poll": { "requests": 150, "statuses": { "200": 60, "429": 90 } },
 *     "GET (unmatched)": { "requests": 1, "statuses": { "401": 1 } }
 *   },
 *   "paths": {
 *     "GET /rooms/1/messages/poll": { "requests": 150, "statuses": { "200": 60, "429": 90 } }
 *   },
 *   "untracked_path_requests": 0
 * }
 * ```
 * `endpoints` is keyed by method and route template (`(unmatched)` for paths no route has),
 * `paths` by method and exact path (query excluded). Every status counts, 401s and 429s
 * included. At most {@link MAX_TRACKED_PATHS} distinct paths are kept; requests to further
 * paths only add to `untracked_path_requests` (and to `endpoints`). A stream counts as one
 * request when it is answered (its 200 is decided when the headers go out, whatever follows);
 * a stream refused by closing the connection (FAULT_STREAM_REFUSAL=close) counts as status 0.
 *
 * Then `streams` ({@link StreamCounts}: open, peak_open, opened, closed_by_client,
 * dropped_by_fault, ended_at_shutdown, refused_by_fault, frames by event, bytes), `tickets`
 * ({@link TicketCounts}), `worlds` ({@link WorldCounts}) and `model_calls`
 * ({@link ModelCallCounts}).
 */
export interface StandInStats extends RequestSnapshot {
  streams: StreamCounts;
  tickets: TicketCounts;
  worlds: WorldCounts;
  model_calls: ModelCallCounts;
}

export interface RequestSnapshot {
  started_at: string;
  requests: number;
  endpoints: Record<string, RequestCounts>;
  paths: Record<string, RequestCounts>;
  untracked_path_requests: number;
}

export const MAX_TRACKED_PATHS = 10_000;

function count(table: Map<string, RequestCounts>, key: string, status: string): void {
  let entry = table.get(key);
  if (entry === undefined) {
    entry = { requests: 0, statuses: {} };
    table.set(key, entry);
  }
  entry.requests += 1;
  entry.statuses[status] = (entry.statuses[status] ?? 0) + 1;
}

export class RequestStats {
  private readonly endpoints = new Map<string, RequestCounts>();
  private readonly paths = new Map<string, RequestCounts>();
  private total = 0;
  private untracked = 0;

  constructor(private readonly startedAt: number) {}

  record(method: string, template: string | undefined, path: string, status: number): void {
    const code = String(status);
    this.total += 1;
    count(this.endpoints, `${method} ${template ?? '(unmatched)'}`, code);
    const pathKey = `${method} ${path}`;
    if (this.paths.has(pathKey) || this.paths.size < MAX_TRACKED_PATHS) {
      count(this.paths, pathKey, code);
    } else {
      this.untracked += 1;
    }
  }

  snapshot(): RequestSnapshot {
    const copy = (table: Map<string, RequestCounts>) =>
      Object.fromEntries(
        [...table].map(([key, c]) => [key, { requests: c.requests, statuses: { ...c.statuses } }]),
      );
    return {
      started_at: isoTime(this.startedAt),
      requests: this.total,
      endpoints: copy(this.endpoints),
      paths: copy(this.paths),
      untracked_path_requests: this.untracked,
    };
  }
}
