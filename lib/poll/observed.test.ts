import { describe, expect, it } from 'vitest';
import { observedText } from './observed';

describe('observedText', () => {
  it('prints the tested aggregation with its unit', () => {
    expect(observedText({ aggregation: 'p(95)', observed: 812.3, contains: 'time' })).toBe(
      'p(95)=812.30 ms',
    );
    expect(observedText({ aggregation: 'rate', observed: 0.05234, contains: 'default' })).toBe(
      'rate=0.0523',
    );
    expect(observedText({ aggregation: 'count', observed: 1200, contains: 'default' })).toBe(
      'count=1,200',
    );
    expect(observedText({ aggregation: 'count', observed: 458240, contains: 'data' })).toBe(
      'count=458,240 bytes',
    );
    expect(observedText({ aggregation: 'value', observed: 1234.5, contains: 'default' })).toBe(
      'value=1,234.50',
    );
  });

  it('says n/a for a stat k6 did not report, and nothing for an unreadable expression', () => {
    expect(observedText({ aggregation: 'p(99)', observed: undefined, contains: 'time' })).toBe(
      'p(99)=n/a',
    );
    expect(observedText({ aggregation: undefined, observed: 3, contains: 'time' })).toBeNull();
  });
});
