import { describe, expect, it } from 'vitest';
import {
  bytesToMB,
  formatBandwidth,
  formatBytes,
  formatFixed,
  formatInt,
  formatMB,
  formatMs,
  formatPercent,
  formatPercentOf,
  formatSeconds,
  kbps,
} from './format';

describe('formatInt', () => {
  it('groups thousands', () => {
    expect(formatInt(0)).toBe('0');
    expect(formatInt(999)).toBe('999');
    expect(formatInt(1200)).toBe('1,200');
    expect(formatInt(458240)).toBe('458,240');
    expect(formatInt(1234567890)).toBe('1,234,567,890');
  });

  it('keeps the sign of negative numbers', () => {
    expect(formatInt(-1200)).toBe('-1,200');
    expect(formatInt(-999)).toBe('-999');
    expect(formatInt(-0.4)).toBe('0');
  });

  it('rounds half away from zero, like toFixed', () => {
    expect(formatInt(2.5)).toBe('3');
    expect(formatInt(1199.6)).toBe('1,200');
  });

  it('handles numbers past toFixed exponent notation', () => {
    expect(formatInt(Number.MAX_SAFE_INTEGER)).toBe('9,007,199,254,740,991');
    expect(formatInt(1e21)).toBe('1,000,000,000,000,000,000,000');
    expect(formatFixed(-2e21, 2, true)).toBe('-2,000,000,000,000,000,000,000.00');
  });

  it('prints n/a for values that are not finite', () => {
    expect(formatInt(Number.NaN)).toBe('n/a');
    expect(formatInt(Number.POSITIVE_INFINITY)).toBe('n/a');
  });
});

describe('formatFixed', () => {
  it('rounds like toFixed (binary floats) and does not group by default', () => {
    expect(formatFixed(45.675, 2)).toBe('45.67');
    expect(formatFixed(19.9234, 2)).toBe('19.92');
    expect(formatFixed(1234.5, 2)).toBe('1234.50');
    expect(formatFixed(1234.5, 2, true)).toBe('1,234.50');
  });

  it('never prints a negative zero', () => {
    expect(formatFixed(-0.001, 2)).toBe('0.00');
    expect(formatFixed(-0, 0)).toBe('0');
    expect(formatFixed(-0.005, 3)).toBe('-0.005');
  });
});

describe('percentages', () => {
  it('formats a share of a total with one decimal', () => {
    expect(formatPercentOf(1195, 1200)).toBe('99.6%');
    expect(formatPercentOf(5, 1200)).toBe('0.4%');
    expect(formatPercentOf(0, 10)).toBe('0.0%');
  });

  it('is n/a for a zero total instead of dividing by zero', () => {
    expect(formatPercentOf(0, 0)).toBe('n/a');
  });

  it('formats a scaled percentage', () => {
    expect(formatPercent(99.5, 1)).toBe('99.5%');
    expect(formatPercent(Number.NaN)).toBe('n/a');
  });
});

describe('units', () => {
  it('formats milliseconds and seconds', () => {
    expect(formatMs(12.345)).toBe('12.35 ms');
    expect(formatMs(undefined)).toBe('n/a');
    expect(formatSeconds(60.2345)).toBe('60.23 seconds');
  });

  it('uses 1024 x 1024 bytes per MB', () => {
    expect(bytesToMB(1048576)).toBe(1);
    expect(formatMB(458240)).toBe('0.44 MB');
    expect(formatBytes(458240)).toBe('458,240 bytes (0.44 MB)');
    expect(formatBytes(92160)).toBe('92,160 bytes (0.09 MB)');
  });

  it('uses 1000 bits per kbit and KB/s = kbps / 8', () => {
    expect(kbps(6062.5, 1)).toBe(48.5);
    expect(kbps(1000, 0)).toBeUndefined();
    expect(formatBandwidth(48.5)).toBe('48.50 kbps (6.06 KB/s)');
    expect(formatBandwidth(12.3)).toBe('12.30 kbps (1.54 KB/s)');
    expect(formatBandwidth(60.8)).toBe('60.80 kbps (7.60 KB/s)');
    expect(formatBandwidth(undefined)).toBe('n/a');
  });
});
