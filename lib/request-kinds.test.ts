import { describe, expect, it } from 'vitest';
import { SEED_ENDPOINTS } from './endpoints';
import { requestKinds } from './request-kinds';

describe('requestKinds', () => {
  it('builds one kind per endpoint, the kinds of one header set sharing one headers object', () => {
    const kinds = requestKinds(SEED_ENDPOINTS, 'http://h:1', 'key');
    expect(kinds.map((k) => [k.endpoint, k.method, k.tags, k.cursorQuery, k.readsBody])).toEqual([
      ['poll', 'GET', { name: '/rooms/{id}/messages/poll', endpoint: 'poll' }, '?since_id=', true],
      ['agents', 'GET', { name: '/rooms/{id}/chatting-agents', endpoint: 'agents' }, null, false],
    ]);
    expect(kinds[0]?.headers).toBe(kinds[1]?.headers);
    expect(kinds[0]?.headers).toEqual({
      'X-API-Key': 'key',
      'ngrok-skip-browser-warning': 'true',
    });
    expect([kinds[0]?.urlPrefix, kinds[0]?.urlSuffix]).toEqual([
      'http://h:1/rooms/',
      '/messages/poll',
    ]);
  });

  it('sends the ticket as useSSE.ts does and the stream as an EventSource, without the API key', () => {
    const [ticket, stream, rooms] = requestKinds(
      ['ticket', 'stream', 'rooms'],
      'http://h:1',
      'key',
    );
    expect(ticket?.method).toBe('POST');
    expect(ticket?.headers).toEqual({ 'Content-Type': 'application/json', 'X-API-Key': 'key' });
    expect(stream?.headers).toEqual({ Accept: 'text/event-stream', 'Cache-Control': 'no-cache' });
    expect([rooms?.urlPrefix, rooms?.urlSuffix]).toEqual(['http://h:1/rooms', '']);
  });
});
