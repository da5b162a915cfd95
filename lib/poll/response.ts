// Reading poll answers without trusting them: a body may be null (connection error), HTML
// from a proxy, or JSON of another shape. Nothing here throws.

import { parseJsonBody } from '../http-seam';

/** The highest message id in a poll answer (a JSON array of messages); undefined if none. */
export function latestMessageId(body: string | null): number | undefined {
  const parsed = parseJsonBody(body);
  if (!Array.isArray(parsed)) return undefined;
  let latest: number | undefined;
  for (let i = 0; i < parsed.length; i++) {
    const id = (parsed[i] as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isFinite(id) && (latest === undefined || id > latest)) {
      latest = id;
    }
  }
  return latest;
}
