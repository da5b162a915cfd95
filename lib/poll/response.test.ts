import { describe, expect, it } from 'vitest';
import { latestMessageId } from './response';

describe('latestMessageId', () => {
  it('is the highest id in a poll answer', () => {
    expect(latestMessageId('[{"id":3},{"id":9},{"id":7}]', 'array')).toBe(9);
  });

  it('reads the messages field of an object answer (a world poll)', () => {
    expect(latestMessageId('{"messages":[{"id":4},{"id":2}],"state":{}}', 'messages')).toBe(4);
    expect(latestMessageId('{"messages":[],"state":{}}', 'messages')).toBeUndefined();
    expect(latestMessageId('[{"id":4}]', 'messages')).toBeUndefined();
  });

  it.each([
    ['null body', null],
    ['empty body', ''],
    ['HTML from a proxy', '<html>502 Bad Gateway</html>'],
    ['an empty list', '[]'],
    ['an object', '{"detail":"Room not found"}'],
    ['messages without numeric ids', '[{"id":"x"},null,3]'],
  ])('is undefined for %s', (_case, body) => {
    expect(latestMessageId(body, 'array')).toBeUndefined();
    expect(latestMessageId(body, 'messages')).toBeUndefined();
  });
});
