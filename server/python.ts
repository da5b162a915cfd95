// Text the backend builds with Python itself rather than through FastAPI's encoder: SSE event
// data is `json.dumps(...)` (a space after `,` and `:`, non-ASCII escaped), and some answers
// carry `datetime.isoformat()` or `str(datetime)` instead of pydantic's `...Z` form.

/** Characters `json.dumps` escapes beyond what JSON.stringify does (ensure_ascii). */
const NON_ASCII = /[\u007f-\uffff]/g;

function escapeNonAscii(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function dumpsString(value: string): string {
  return JSON.stringify(value).replace(NON_ASCII, escapeNonAscii);
}

/**
 * `json.dumps(value)` with Python's defaults, for the JSON-compatible values the stand-in
 * builds (objects, arrays, strings, integers, booleans, null).
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return dumpsString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  const parts: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    parts.push(`${dumpsString(key)}: ${pythonJsonDumps(item)}`);
  }
  return `{${parts.join(', ')}}`;
}

/** `2026-12-01T19:33:46.877000`: date and time of day, as Python prints them. */
function dateAndTime(ms: number, separator: string): string {
  const iso = new Date(ms).toISOString();
  const millis = iso.slice(20, 23);
  // Python leaves the fraction out when the microseconds are 0.
  const fraction = millis === '000' ? '' : `.${millis}000`;
  return `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}${fraction}`;
}

/**
 * `datetime.isoformat()` of a naive UTC datetime, as SQLite gives timestamps back:
 * `2026-12-01T19:33:46.877000` (no zone).
 */
export function pythonNaiveIsoformat(ms: number): string {
  return dateAndTime(ms, 'T');
}

/** `str(datetime.now(timezone.utc))`: `2026-12-01 19:33:46.877000+00:00`. */
export function pythonUtcStr(ms: number): string {
  return `${dateAndTime(ms, ' ')}+00:00`;
}
