// Reading poll answers without trusting them: a body may be null (connection error), HTML
// from a proxy, or JSON of another shape. Nothing here throws.

import type { Cursor } from '../endpoints';
import { parseJsonBody } from '../http-seam';

/**
 * The highest message id in an answer's message list: the body itself (a JSON array), or its
 * `messages` field; undefined if none.
 */
export function latestMessageId(
  body: string | null,
  messagesIn: Cursor['messagesIn'],
): number | undefined {
  const json = parseJsonBody(body);
  const parsed =
    messagesIn === 'array' ? json : (json as { messages?: unknown } | null | undefined)?.messages;
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
