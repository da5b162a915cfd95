// The value a threshold tested, with its unit, for the report and the JUnit failure message.

import { formatFixed, formatInt, NOT_AVAILABLE } from '../format';
import type { ThresholdResult } from '../summary-data';

/** `p(95)=812.30 ms`, `rate=0.0523`, `count=1,200`; null when the expression did not parse. */
export function observedText(
  t: Pick<ThresholdResult, 'aggregation' | 'observed' | 'contains'>,
): string | null {
  if (t.aggregation === undefined) return null;
  return `${t.aggregation}=${observedValue(t.aggregation, t.observed, t.contains)}`;
}

function observedValue(
  aggregation: string,
  value: number | undefined,
  contains: ThresholdResult['contains'],
): string {
  if (value === undefined) return NOT_AVAILABLE;
  if (aggregation === 'rate') return formatFixed(value, 4);
  if (contains === 'time') return `${formatFixed(value, 2)} ms`;
  if (contains === 'data' && aggregation === 'count') return `${formatInt(value)} bytes`;
  return Number.isInteger(value) ? formatInt(value) : formatFixed(value, 2, true);
}
