// Which VUs of a test an execution segment runs, computed as k6 computes it (lib/execution_segment.go,
// the same in k6 1.3.0 and 2.2.0): the segments of the sequence take turns over the VU numbers
// 0, 1, 2, ... by k6's striping algorithm, and each instance initialises the VUs of its
// segment, whose `exec.vu.idInTest` are those numbers plus one. The poll scenario shards users
// by that id, so this says which users an instance paces, and whether a segment gets any VU at
// all. k6 shows the segment to setup, VU code and handleSummary, never to init code
// (k6/execution throws there, and __ENV carries only `-e` and the system's variables).
// Pure, exact: bounds are fractions, as k6 keeps them.

/** A fraction n/d, reduced, d > 0. */
interface Fraction {
  n: number;
  d: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function fraction(n: number, d: number): Fraction {
  const g = gcd(n, d) || 1;
  return { n: n / g, d: d / g };
}

/** `1/2`, `0.25`, `50%` as k6 reads a bound; undefined if it is none of those. */
export function parseBoundFraction(text: string): Fraction | undefined {
  const t = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(t);
  const ratio = /^(\d+)\/(\d+)$/.exec(t);
  const decimal = /^(\d+)(?:\.(\d+))?$/.exec(t);
  if (ratio !== null) {
    const d = Number(ratio[2]);
    return d > 0 ? fraction(Number(ratio[1]), d) : undefined;
  }
  const digits = percent?.[1] ?? (decimal === null ? undefined : t);
  if (digits === undefined) return undefined;
  const [whole, decimals = ''] = digits.split('.');
  const scale = 10 ** decimals.length * (percent === null ? 1 : 100);
  return fraction(Number(`${whole}${decimals}`), scale);
}

const ZERO: Fraction = { n: 0, d: 1 };
const ONE: Fraction = { n: 1, d: 1 };

function compare(a: Fraction, b: Fraction): number {
  return a.n * b.d - b.n * a.d;
}

function minus(a: Fraction, b: Fraction): Fraction {
  return fraction(a.n * b.d - b.n * a.d, a.d * b.d);
}

interface ExactSegment {
  from: Fraction;
  to: Fraction;
}

/** `0:1/2`, `1/2:1`, or `1/2` (= `0:1/2`); undefined if not a segment. */
function parseExactSegment(text: string): ExactSegment | undefined {
  const colon = text.indexOf(':');
  const from = colon === -1 ? ZERO : parseBoundFraction(text.slice(0, colon));
  const to = parseBoundFraction(colon === -1 ? text : text.slice(colon + 1));
  if (from === undefined || to === undefined) return undefined;
  if (compare(from, to) >= 0 || compare(to, ONE) > 0) return undefined;
  return { from, to };
}

/**
 * The sequence's segments, filled to cover 0..1 as k6 fills it; without a sequence, the
 * segment and the gaps around it. Undefined when unreadable or when the segment is not in it.
 */
function filledSequence(
  segment: ExactSegment,
  sequence: string | null,
): { segments: ExactSegment[]; index: number } | undefined {
  let segments: ExactSegment[];
  if (sequence === null || sequence === '') segments = [segment];
  else {
    const points = sequence.split(',').map(parseBoundFraction);
    if (points.length < 2 || points.some((p) => p === undefined)) return undefined;
    segments = [];
    for (let i = 1; i < points.length; i++) {
      const from = points[i - 1] as Fraction;
      const to = points[i] as Fraction;
      if (compare(from, to) >= 0) return undefined;
      segments.push({ from, to });
    }
  }
  const first = segments[0] as ExactSegment;
  const last = segments[segments.length - 1] as ExactSegment;
  if (compare(first.from, ZERO) !== 0) segments.unshift({ from: ZERO, to: first.from });
  if (compare(last.to, ONE) !== 0) segments.push({ from: last.to, to: ONE });
  const index = segments.findIndex(
    (s) => compare(s.from, segment.from) === 0 && compare(s.to, segment.to) === 0,
  );
  return index === -1 ? undefined : { segments, index };
}

/** Beyond this cycle length the striping is not computed (k6 would, slowly). */
const MAX_CYCLE = 1_000_000;

/** Which segment owns each position of one cycle: k6's NewExecutionSegmentSequenceWrapper. */
function stripingOwners(segments: readonly ExactSegment[]): number[] | undefined {
  const lengths = segments.map((s) => minus(s.to, s.from));
  let lcd = 1;
  for (const l of lengths) {
    lcd = (lcd * l.d) / gcd(lcd, l.d);
    if (lcd > MAX_CYCLE) return undefined;
  }
  const normalized = lengths.map((l) => l.n * (lcd / l.d));
  // Biggest first, stable: ties keep the sequence's order.
  const sorted = normalized.map((norm, index) => ({ norm, index })).sort((a, b) => b.norm - a.norm);
  const chosen = sorted.map(() => 0);
  const owners: number[] = [];
  for (let i = 0; i < lcd; i++) {
    for (let s = 0; s < sorted.length; s++) {
      const num = (chosen[s] as number) * lcd;
      const denom = (sorted[s] as { norm: number }).norm;
      const quotient = Math.floor(num / denom);
      if (i > quotient || (i === quotient && num % denom === 0)) {
        chosen[s] = (chosen[s] as number) + 1;
        owners.push((sorted[s] as { index: number }).index);
        break;
      }
    }
  }
  return owners;
}

/**
 * The VU numbers (0-based: `exec.vu.idInTest - 1`) that the instance running `segment` of
 * `sequence` gets of a scenario of `vus` VUs; undefined when the segment or sequence cannot
 * be read. Empty: k6 starts no VU of that scenario there, and the instance sends nothing.
 */
export function segmentVuNumbers(
  segment: string,
  sequence: string | null,
  vus: number,
): number[] | undefined {
  const exact = parseExactSegment(segment);
  if (exact === undefined) return undefined;
  const filled = filledSequence(exact, sequence);
  if (filled === undefined) return undefined;
  const owners = stripingOwners(filled.segments);
  if (owners === undefined) return undefined;
  const numbers: number[] = [];
  for (let vu = 0; vu < vus; vu++) {
    if (owners[vu % owners.length] === filled.index) numbers.push(vu);
  }
  return numbers;
}

/** The segments of a sequence as k6 writes them (`0:1/2`, `1/2:1`); undefined if unreadable. */
export function sequenceSegments(sequence: string): string[] | undefined {
  const points = sequence.split(',').map((p) => p.trim());
  if (points.length < 2 || points.some((p) => parseBoundFraction(p) === undefined)) {
    return undefined;
  }
  return points.slice(1).map((to, i) => `${points[i]}:${to}`);
}

/** Whether two segment texts are the same segment (`1/2:1` and `0.5:1`). */
export function sameSegment(a: string, b: string): boolean {
  const x = parseExactSegment(a);
  const y = parseExactSegment(b);
  return (
    x !== undefined && y !== undefined && compare(x.from, y.from) === 0 && compare(x.to, y.to) === 0
  );
}

/** Whether a segment starts at 0: the instance that creates a distributed run's rooms. */
export function segmentStartsAtZero(segment: string): boolean {
  const exact = parseExactSegment(segment);
  return exact !== undefined && compare(exact.from, ZERO) === 0;
}
