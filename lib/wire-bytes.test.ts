import { describe, expect, it } from 'vitest';
import {
  requestWireBytes,
  responseWireBytes,
  responseWireBytesFromHeaders,
  utf8ByteLength,
} from './wire-bytes';

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes without TextEncoder', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('✅')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud800x')).toBe(4);
    for (const text of ['héllo wörld', '日本語のテキスト', 'mixed 😀 ✅ é']) {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});

describe('wire byte estimates', () => {
  it('counts status line, headers, blank line and body of a response', () => {
    const headers = { 'Content-Type': 'application/json', 'Content-Length': '2' };
    // "HTTP/1.1 200 OK\r\n" (17) + "Content-Type: application/json\r\n" (32) + "Content-Length: 2\r\n" (19) + 2 + body
    expect(responseWireBytes(200, headers, '[]')).toBe(17 + 32 + 19 + 2 + 2);
    expect(responseWireBytes(429, {}, null)).toBe('HTTP/1.1 429 Too Many Requests\r\n'.length + 2);
    expect(responseWireBytes(0, headers, null)).toBe(0);
  });

  it('counts request line, Host, headers (array values too) and body of a request', () => {
    const line = 'GET /rooms/1/messages/poll?since_id=5 HTTP/1.1\r\n';
    const host = 'Host: 127.0.0.1:8000\r\n';
    const key = 'X-Api-Key: abc\r\n';
    expect(
      requestWireBytes(
        'GET',
        'http://127.0.0.1:8000/rooms/1/messages/poll?since_id=5',
        { 'X-Api-Key': ['abc'] },
        null,
      ),
    ).toBe(line.length + host.length + key.length + 2);
    expect(requestWireBytes('POST', 'http://h/rooms', { Host: 'h' }, '{"a":1}')).toBe(
      'POST /rooms HTTP/1.1\r\n'.length + 'Host: h\r\n'.length + 2 + 7,
    );
  });
});

describe('responseWireBytesFromHeaders', () => {
  it('agrees with the full count for ASCII headers, taking the body size from Content-Length', () => {
    const body = '[{"id":1,"content":"hi"}]';
    const headers = {
      Date: 'Sat, 28 Nov 2026 16:00:00 GMT',
      'Content-Type': 'application/json',
      'Content-Length': `${body.length}`,
    };
    expect(responseWireBytesFromHeaders(200, headers, body)).toBe(
      responseWireBytes(200, headers, body),
    );
    // The body was not read into the script (responseType none): Content-Length still counts.
    expect(responseWireBytesFromHeaders(200, headers, null)).toBe(
      responseWireBytes(200, headers, body),
    );
  });

  it('counts a non-ASCII body by its Content-Length in bytes, not its characters', () => {
    const body = '"héllo 😀"';
    const headers = { 'Content-Length': `${Buffer.byteLength(body)}` };
    expect(responseWireBytesFromHeaders(200, headers, body)).toBe(
      responseWireBytes(200, headers, body),
    );
  });

  it('falls back to the body length without Content-Length, and is 0 without an answer', () => {
    expect(responseWireBytesFromHeaders(200, {}, '[]')).toBe(17 + 2 + 2);
    expect(responseWireBytesFromHeaders(0, {}, null)).toBe(0);
  });
});
