import { describe, expect, it } from 'vitest';
import { setupRoomIds } from './test-rooms';

describe('setupRoomIds', () => {
  it('reads the room ids of a finished setup', () => {
    expect(setupRoomIds({ roomIds: [3, 4], apiKey: 'k' })).toEqual([3, 4]);
  });

  it.each([undefined, null, {}, { roomIds: 'x' }, { roomIds: [1, '2'] }])(
    'is undefined for %j',
    (data) => {
      expect(setupRoomIds(data)).toBeUndefined();
    },
  );
});
