// Live rooms: a writer posts messages to every test room, so polls return real message bodies,
// cursors advance and the measured bytes are those of a room in use. Read from k6 env at init,
// as part of the polling-load part (lib/config/polling-load.ts).

import { configPart } from '../config/part';
import { ConfigError, parseInteger, parseNumber } from '../env';

/** The backend's send limit: 30 a minute per client IP and room path (docs/backend.md). */
export const DEFAULT_SEND_LIMIT_PER_MINUTE = 30;

/**
 * The largest MESSAGE_BYTES: the request body (content plus ~60 bytes of JSON) must stay under
 * the server's body limit, 1 MiB on the stand-in (MAX_BODY_BYTES), where a larger one gets a 413.
 */
export const MAX_MESSAGE_BYTES = 1_000_000;

export interface LiveRoomsConfig {
  /** Messages the writer posts to each test room per minute; 0 turns the writer off. */
  messagesPerMinute: number;
  /** Content size of each message in bytes (ASCII, so also characters). */
  messageBytes: number;
  /** The server's send limit per minute, per client IP and room (LIMIT_SEND). */
  sendLimitPerMinute: number;
  /** Source IPs the writer's sends are spread over (k6 --local-ips); 1 without. */
  sendSourceIps: number;
}

export const LIVE_ROOMS_PART = configPart(
  ['MESSAGES_PER_MINUTE', 'MESSAGE_BYTES', 'LIMIT_SEND', 'SEND_SOURCE_IPS'],
  (env): LiveRoomsConfig => {
    const messagesPerMinute = parseNumber(env, 'MESSAGES_PER_MINUTE', 0, { max: 6000 });
    const messageBytes = parseInteger(env, 'MESSAGE_BYTES', 200, {
      min: 1,
      max: MAX_MESSAGE_BYTES,
    });
    const sendLimitPerMinute = parseInteger(env, 'LIMIT_SEND', DEFAULT_SEND_LIMIT_PER_MINUTE);
    const sendSourceIps = parseInteger(env, 'SEND_SOURCE_IPS', 1, { max: 65_536 });
    if (messagesPerMinute > sendLimitPerMinute * sendSourceIps) {
      const spread = sendSourceIps === 1 ? '' : ` x SEND_SOURCE_IPS ${sendSourceIps}`;
      throw new ConfigError(
        `MESSAGES_PER_MINUTE: got ${JSON.stringify(env.MESSAGES_PER_MINUTE)}; expected at most ${sendLimitPerMinute * sendSourceIps} (the server allows LIMIT_SEND ${sendLimitPerMinute} sends a minute per client IP and room${spread}); more needs the writer spread over source IPs: k6 run --local-ips=... with SEND_SOURCE_IPS=n`,
      );
    }
    return { messagesPerMinute, messageBytes, sendLimitPerMinute, sendSourceIps };
  },
);

/** Whether the writer runs at all. */
export function writerEnabled(c: Pick<LiveRoomsConfig, 'messagesPerMinute'>): boolean {
  return c.messagesPerMinute > 0;
}
