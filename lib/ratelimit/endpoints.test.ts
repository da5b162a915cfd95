import { describe, expect, it } from 'vitest';
import { endpointNameTag, expectedRejection, limitText, rateLimitedPath } from './endpoints';

describe('rateLimitedPath', () => {
  it('gives each room its own path except for login', () => {
    expect(rateLimitedPath('poll', 7)).toBe('/rooms/7/messages/poll');
    expect(rateLimitedPath('agents', 7)).toBe('/rooms/7/chatting-agents');
    expect(rateLimitedPath('send', 7)).toBe('/rooms/7/messages/send');
    expect(rateLimitedPath('login', 7)).toBe('/auth/login');
    expect(endpointNameTag('send')).toBe('/rooms/{id}/messages/send');
  });
});

describe('expectedRejection', () => {
  it('prints the limit like the limits library, in the largest unit dividing the window', () => {
    expect(expectedRejection(60, 60_000)).toBe('Rate limit exceeded: 60 per 1 minute');
    expect(limitText(30, 2000)).toBe('30 per 2 second');
    expect(limitText(30, 90_000)).toBe('30 per 90 second');
    expect(limitText(30, 3_600_000)).toBe('30 per 1 hour');
    expect(limitText(30, 1500)).toBe('30 per 1500 millisecond');
  });
});
