// Request counts since start, for GET /_stats: a test reconciles what a load test reported
// with what the server saw. Requests to /_stats itself are not counted.

import { isoTime } from './store';

export interface RequestCounts {
  requests: number;
  /** Response status (as a string) -> count. */
  statuses: Record<string, number>;
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
 * paths only add to `untracked_path_requests` (and to `endpoints`).
 */
export interface StandInStats {
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

  snapshot(): StandInStats {
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
