// Reading poll answers without trusting them: a body may be null (connection error), HTML
// from a proxy, or JSON of another shape. Nothing here throws.

import type { Cursor } from '../endpoints';
import { parseJsonBody } from '../http-seam';

/** What one answer's message list held: how many messages, and the highest id (undefined: none). */
export interface MessageList {
  count: number;
  latest: number | undefined;
}

/**
 * Reads an answer's message list (the body itself, a JSON array, or its `messages` field) into
 * `out`, one object a VU reuses: how many messages with an id it held, and the highest id.
 */
export function readMessageList(
  body: string | null,
  messagesIn: Cursor['messagesIn'],
  out: MessageList,
): MessageList {
  out.count = 0;
  out.latest = undefined;
  const json = parseJsonBody(body);
  const parsed =
    messagesIn === 'array' ? json : (json as { messages?: unknown } | null | undefined)?.messages;
  if (!Array.isArray(parsed)) return out;
  for (let i = 0; i < parsed.length; i++) {
    const id = (parsed[i] as { id?: unknown } | null)?.id;
    if (typeof id !== 'number' || !Number.isFinite(id)) continue;
    out.count++;
    if (out.latest === undefined || id > out.latest) out.latest = id;
  }
  return out;
}

/** The highest message id in an answer's message list; undefined if none. */
export function latestMessageId(
  body: string | null,
  messagesIn: Cursor['messagesIn'],
): number | undefined {
  return readMessageList(body, messagesIn, { count: 0, latest: undefined }).latest;
}
