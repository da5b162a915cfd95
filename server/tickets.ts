// Single-use SSE tickets, as infrastructure/sse_ticket.py issues them: 32 random bytes in
// URL-safe base64 (43 characters), bound to one room id, valid 60 s. Redeeming removes the
// ticket first and checks it after, so a ticket shown for the wrong room, or too late, is gone
// too. Expired tickets nobody redeemed are swept at most every 5 minutes, on issue.

import { randomBytes } from 'node:crypto';

export const TICKET_TTL_MS = 60_000;
const SWEEP_INTERVAL_MS = 300_000;

interface Ticket {
  roomId: number;
  issuedAt: number;
}

export type Redemption = 'ok' | 'unknown' | 'expired' | 'other-room';

export class TicketBook {
  private readonly tickets = new Map<string, Ticket>();
  private lastSweep: number;

  constructor(now: number) {
    this.lastSweep = now;
  }

  issue(roomId: number, now: number): string {
    this.sweep(now);
    const ticket = randomBytes(32).toString('base64url');
    this.tickets.set(ticket, { roomId, issuedAt: now });
    return ticket;
  }

  /** Consumes the ticket whatever the outcome; `ok` only within 60 s and for its room. */
  redeem(ticket: string, roomId: number, now: number): Redemption {
    const found = this.tickets.get(ticket);
    if (found === undefined) return 'unknown';
    this.tickets.delete(ticket);
    if (now - found.issuedAt > TICKET_TTL_MS) return 'expired';
    return found.roomId === roomId ? 'ok' : 'other-room';
  }

  /** Tickets held (issued, not redeemed, not swept yet). */
  get size(): number {
    return this.tickets.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const [ticket, { issuedAt }] of this.tickets) {
      if (now - issuedAt > TICKET_TTL_MS) this.tickets.delete(ticket);
    }
  }
}
