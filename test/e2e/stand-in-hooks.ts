// Hooks a case puts in front of the stand-in's core (the same in the sandbox and over
// loopback): what a proxy or an earlier client would have done to the run.

import type { StandIn } from '../../server/core';
import type { CoreResponse } from '../../server/types';

/** One poll as the hook saw it: the room's path, its since_id, and the status sent back. */
export interface ProxiedPoll {
  path: string;
  sinceId: string | null;
  status: number;
  /** The hook answered instead of the stand-in. */
  injected: boolean;
}

/** A reverse proxy's error page, as nginx sends it when the backend fails. */
export const PROXY_502_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/**
 * Answers the `nth` poll of every room path (1-based) with a proxy's HTML 502 page instead of
 * the stand-in's answer, and logs every poll.
 */
export function htmlErrorPageOnPoll(standIn: StandIn, nth: number): ProxiedPoll[] {
  return hookPolls(standIn, nth);
}

/** Logs every poll; the stand-in answers them all. */
export function loggedPolls(standIn: StandIn): ProxiedPoll[] {
  return hookPolls(standIn, undefined);
}

function hookPolls(standIn: StandIn, nth: number | undefined): ProxiedPoll[] {
  const log: ProxiedPoll[] = [];
  const seen = new Map<string, number>();
  const handle = standIn.handle.bind(standIn);
  standIn.handle = (request) => {
    const response = handle(request);
    if (request.method !== 'GET' || !request.path.endsWith('/messages/poll')) return response;
    const count = (seen.get(request.path) ?? 0) + 1;
    seen.set(request.path, count);
    const injected = count === nth;
    const answer: CoreResponse = injected
      ? {
          status: 502,
          headers: { 'content-type': 'text/html' },
          body: PROXY_502_PAGE,
          delayMs: 0,
        }
      : response;
    const sinceId = new URLSearchParams(request.query).get('since_id');
    log.push({ path: request.path, sinceId, status: answer.status, injected });
    return answer;
  };
  return log;
}

/**
 * Before the run's first login, spends the address's whole login quota on wrong passwords
 * (`attempts` of them), as a user mistyping it in a loop would.
 */
export function loginQuotaSpentOnWrongPasswords(standIn: StandIn, attempts: number): void {
  const handle = standIn.handle.bind(standIn);
  let spent = false;
  standIn.handle = (request) => {
    if (!spent && request.path === '/auth/login') {
      spent = true;
      for (let i = 0; i < attempts; i++) {
        handle({ ...request, body: JSON.stringify({ password: `wrong-${i}` }) });
      }
    }
    return handle(request);
  };
}

/** One send as the stand-in answered it, with the address it came from. */
export interface LoggedSend {
  clientIp: string;
  path: string;
  status: number;
}

/** Logs every POST /rooms/{id}/messages/send: where from, to which room, and the answer. */
export function logSends(standIn: StandIn): LoggedSend[] {
  const log: LoggedSend[] = [];
  const handle = standIn.handle.bind(standIn);
  standIn.handle = (request) => {
    const response = handle(request);
    if (request.method === 'POST' && request.path.endsWith('/messages/send')) {
      log.push({ clientIp: request.clientIp, path: request.path, status: response.status });
    }
    return response;
  };
  return log;
}

/** The messages the stand-in's poll answers held, counted as it sends them. */
export interface PolledMessages {
  messages: number;
  /** Poll answers that held at least one. */
  answersWithMessages: number;
}

/** Counts the messages in every 200 answer to a room's messages/poll. */
export function countPolledMessages(standIn: StandIn): PolledMessages {
  const counted: PolledMessages = { messages: 0, answersWithMessages: 0 };
  const handle = standIn.handle.bind(standIn);
  standIn.handle = (request) => {
    const response = handle(request);
    if (request.path.endsWith('/messages/poll') && response.status === 200) {
      const list = JSON.parse(response.body) as unknown[];
      counted.messages += list.length;
      if (list.length > 0) counted.answersWithMessages++;
    }
    return response;
  };
  return counted;
}
