import { describe, expect, it } from 'vitest';
import { parsePollConfig } from '../../lib/poll/config';
import { fixedWindowRefusals, sharedRoomPollTimes } from './fixed-window';

describe('fixed-window arithmetic of the backend limiter', () => {
  it('starts the window at the first request; refused requests do not extend it', () => {
    expect(fixedWindowRefusals([0, 30_000, 59_999, 60_000, 60_001], 1, 60_000)).toBe(3);
    expect(fixedWindowRefusals([5000, 64_999, 65_000], 1, 60_000)).toBe(1);
  });

  it('refuses 90 of 150 polls and 30 of 150 agent calls per room for 10 users over 60 s', () => {
    const times = sharedRoomPollTimes(
      parsePollConfig({ PASSWORD: 'x', USERS: '10', DURATION: '60s' }),
    );
    expect(times).toHaveLength(150);
    expect(Math.max(...times)).toBe(59_600);
    expect([
      fixedWindowRefusals(times, 60, 60_000),
      fixedWindowRefusals(times, 120, 60_000),
    ]).toEqual([90, 30]);
  });
});
