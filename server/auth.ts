// Logins and tokens. Tokens look like the backend's JWTs (three base64url parts) but are
// opaque: the stand-in keeps each one in memory with its identity and expiry (7 days).

import { randomBytes } from 'node:crypto';

export interface Identity {
  role: 'admin' | 'guest';
  userId: string;
}

export const TOKEN_LIFETIME_MS = 7 * 24 * 3_600_000;

function base64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}

export class Sessions {
  private readonly tokens = new Map<string, { identity: Identity; expiresAt: number }>();

  constructor(
    private readonly adminPassword: string,
    private readonly guestPassword: string | undefined,
  ) {}

  /** The identity a password grants, or undefined for a wrong password. */
  identityFor(password: string): Identity | undefined {
    if (password === this.adminPassword) return { role: 'admin', userId: 'admin' };
    if (this.guestPassword !== undefined && password === this.guestPassword) {
      return { role: 'guest', userId: `guest-${randomBytes(6).toString('hex')}` };
    }
    return undefined;
  }

  issue(identity: Identity, now: number): string {
    const expiresAt = now + TOKEN_LIFETIME_MS;
    const header = base64url('{"alg":"HS256","typ":"JWT"}');
    const payload = base64url(
      JSON.stringify({
        role: identity.role,
        user_id: identity.userId,
        exp: Math.floor(expiresAt / 1000),
      }),
    );
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { identity, expiresAt });
    return token;
  }

  /** The identity behind a live token; undefined when missing, unknown or expired. */
  verify(token: string | undefined, now: number): Identity | undefined {
    if (token === undefined) return undefined;
    const entry = this.tokens.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= now) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.identity;
  }
}
