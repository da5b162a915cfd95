// Number formatting for the reports. k6 has no Intl and its toLocaleString adds no separators,
// so grouping and units are done here. Anything not finite prints as `n/a`, never NaN/Infinity.

/** What a figure that could not be measured prints as. */
export const NOT_AVAILABLE = 'n/a';

const BYTES_PER_MB = 1024 * 1024;

/** `-0.00` and `-0` read as a sign error; a rounded zero has no sign. */
function dropNegativeZero(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** Integer digits with a comma every three places: `1234567` -> `1,234,567`. */
function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * `value` with `decimals` places (binary-float rounding, as toFixed). Digits are grouped in
 * thousands when `grouping` is set. Works for values past 1e21, where toFixed switches to
 * exponent notation.
 */
export function formatFixed(value: number, decimals: number, grouping = false): string {
  if (!Number.isFinite(value)) return NOT_AVAILABLE;
  const text =
    Math.abs(value) < 1e21
      ? value.toFixed(decimals)
      : `${BigInt(Math.round(value))}${decimals > 0 ? `.${'0'.repeat(decimals)}` : ''}`;
  const unsigned = dropNegativeZero(text);
  if (!grouping) return unsigned;
  const match = /^(-?)(\d+)(\.\d+)?$/.exec(unsigned);
  if (match === null) return unsigned;
  return `${match[1]}${groupThousands(match[2] ?? '')}${match[3] ?? ''}`;
}

/** A count rounded to a whole number, grouped: `1,200`, `-45,000`. */
export function formatInt(value: number): string {
  return formatFixed(value, 0, true);
}

/** `part` as a percentage of `total` (`99.6%`); `n/a` when the total is 0. */
export function formatPercentOf(part: number, total: number, decimals = 1): string {
  return total === 0 ? NOT_AVAILABLE : formatPercent((part * 100) / total, decimals);
}

/** A percentage already scaled to 0..100: `99.6%`. */
export function formatPercent(percent: number, decimals = 1): string {
  return Number.isFinite(percent) ? `${formatFixed(percent, decimals)}%` : NOT_AVAILABLE;
}

/** Milliseconds with 2 decimals: `45.67 ms`; `n/a` when unknown (null or undefined). */
export function formatMs(ms: number | null | undefined): string {
  return ms == null || !Number.isFinite(ms) ? NOT_AVAILABLE : `${formatFixed(ms, 2)} ms`;
}

/** Seconds with 2 decimals: `60.23 seconds`. */
export function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? `${formatFixed(seconds, 2)} seconds` : NOT_AVAILABLE;
}

/** Bytes as mebibytes (1024 x 1024), the old tool's "MB". */
export function bytesToMB(bytes: number): number {
  return bytes / BYTES_PER_MB;
}

/** `0.44 MB` (MB = 1024 x 1024 bytes). */
export function formatMB(bytes: number): string {
  return Number.isFinite(bytes) ? `${formatFixed(bytesToMB(bytes), 2)} MB` : NOT_AVAILABLE;
}

/** `458,240 bytes (0.44 MB)`. */
export function formatBytes(bytes: number): string {
  return Number.isFinite(bytes) ? `${formatInt(bytes)} bytes (${formatMB(bytes)})` : NOT_AVAILABLE;
}

/** Kilobits per second (1 kbit = 1000 bits) for `bytes` over `seconds`; undefined for no time. */
export function kbps(bytes: number, seconds: number): number | undefined {
  return seconds > 0 && Number.isFinite(bytes) ? (bytes * 8) / 1000 / seconds : undefined;
}

/** `48.50 kbps (6.06 KB/s)`: KB/s is kbps / 8, as the old tool printed. */
export function formatBandwidth(kilobitsPerSecond: number | null | undefined): string {
  if (kilobitsPerSecond == null || !Number.isFinite(kilobitsPerSecond)) return NOT_AVAILABLE;
  return `${formatFixed(kilobitsPerSecond, 2)} kbps (${formatFixed(kilobitsPerSecond / 8, 2)} KB/s)`;
}

/** `1 room`, `2 rooms`, `1,200 requests`: a count and its noun, plural unless it is one. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${formatInt(count)} ${count === 1 ? noun : nouns}`;
}
