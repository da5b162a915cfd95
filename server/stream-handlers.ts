// The SSE routes (routers/sse.py): POST /rooms/{id}/stream/ticket issues a ticket to any
// logged-in caller for any room id (no ownership check, no existence check), and
// GET /rooms/{id}/stream?ticket=... redeems it (the auth middleware lets this GET through
// without a token) and answers with the stream. Neither is rate limited.

import {
  injectedFault,
  pathInt,
  type RouteCall,
  type StandInState,
  unprocessable,
} from './handler-kit';
import { detail, json } from './responses';
import { SSE_HEADERS } from './sse';
import type { CoreResponse } from './types';
import { queryValue, type ValidationError } from './validation';

export const INVALID_TICKET = 'Invalid or expired ticket';

export function ticketRoute(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const roomId = pathInt(call, 'room_id', errors);
  if (roomId === undefined) return unprocessable(errors);
  const fault = injectedFault(state, call);
  if (fault !== undefined) return fault;
  state.counts.tickets.issued += 1;
  return json(200, { ticket: state.tickets.issue(roomId, call.now) });
}

export function streamRoute(state: StandInState, call: RouteCall): CoreResponse {
  const errors: ValidationError[] = [];
  const roomId = pathInt(call, 'room_id', errors);
  const ticket = queryValue(call.req.query, 'ticket');
  if (ticket === undefined) {
    errors.push({ type: 'missing', loc: ['query', 'ticket'], msg: 'Field required', input: null });
  }
  if (roomId === undefined || ticket === undefined) return unprocessable(errors);
  const fault = injectedFault(state, call);
  if (fault !== undefined) return fault;
  const redemption = state.tickets.redeem(ticket, roomId, call.now);
  const counts = state.counts.tickets;
  if (redemption !== 'ok') {
    counts.refused += 1;
    if (redemption === 'unknown') counts.refused_unknown += 1;
    else if (redemption === 'expired') counts.refused_expired += 1;
    else counts.refused_other_room += 1;
    return detail(401, INVALID_TICKET);
  }
  counts.used += 1;
  return {
    status: 200,
    headers: { ...SSE_HEADERS },
    body: '',
    delayMs: 0,
    stream: state.streams.reserve(roomId),
  };
}
