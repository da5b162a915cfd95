import { describe, expect, test } from 'vitest';
import { pythonJsonDumps, pythonNaiveIsoformat, pythonUtcStr } from './python';

describe('Python-made text', () => {
  test('json.dumps: a space after , and :, non-ASCII and DEL escaped, nesting kept', () => {
    expect(pythonJsonDumps({ room_id: 1 })).toBe('{"room_id": 1}');
    expect(pythonJsonDumps({ a: [1, true, null], b: { c: 'x' } })).toBe(
      '{"a": [1, true, null], "b": {"c": "x"}}',
    );
    expect(pythonJsonDumps('café 클로드 😀\u007f"\n')).toBe(
      '"caf\\u00e9 \\ud074\\ub85c\\ub4dc \\ud83d\\ude00\\u007f\\"\\n"',
    );
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({})).toBe('{}');
  });

  test('isoformat of a naive datetime and str() of an aware one; no fraction at 0 µs', () => {
    const ms = Date.UTC(2026, 11, 1, 19, 33, 46, 877);
    expect(pythonNaiveIsoformat(ms)).toBe('2026-12-01T19:33:46.877000');
    expect(pythonUtcStr(ms)).toBe('2026-12-01 19:33:46.877000+00:00');
    expect(pythonUtcStr(Date.UTC(2026, 11, 1, 19, 33, 46))).toBe('2026-12-01 19:33:46+00:00');
  });
});
