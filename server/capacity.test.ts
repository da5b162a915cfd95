import { describe, expect, test } from 'vitest';
import { CapacityQueue, type QueueAdmission } from './capacity';
import { createStandIn } from './core';
import { parseServerOptions } from './options';
import { coreRequest, virtualClock } from './testing';

describe('CapacityQueue', () => {
  test('below capacity each request takes one service time', () => {
    const queue = new CapacityQueue(100);
    const delays = [0, 20, 40, 60].map((t) => queue.admit(1000 + t));
    expect(delays).toEqual(Array(4).fill({ admitted: true, delayMs: 10 }));
  });

  test('requests arriving together wait behind each other', () => {
    const queue = new CapacityQueue(100);
    const delays = Array.from({ length: 5 }, () => queue.admit(0));
    expect(delays.map((d) => (d.admitted ? d.delayMs : -1))).toEqual([10, 20, 30, 40, 50]);
  });

  test('above capacity the latency grows with the time spent overloaded', () => {
    // 200 req/s offered to a 100 req/s server: the backlog grows by 0.5 s every second.
    const queue = new CapacityQueue(100);
    let last = 0;
    for (let ms = 0; ms < 4000; ms += 5) {
      const admission = queue.admit(ms);
      if (admission.admitted) last = admission.delayMs;
    }
    // 800 requests of 10 ms each end at 8,000 ms; the last arrived at 3,995 ms.
    expect(last).toBeCloseTo(8000 - 3995, 6);
  });

  test('a request that would wait longer than the limit is shed', () => {
    const queue = new CapacityQueue(10, 250);
    const outcomes = Array.from({ length: 5 }, () => queue.admit(0));
    expect(outcomes).toEqual([
      { admitted: true, delayMs: 100 },
      { admitted: true, delayMs: 200 },
      { admitted: true, delayMs: 300 },
      { admitted: false },
      { admitted: false },
    ]);
  });

  test('arrivals that reach it out of order are queued by their own time', () => {
    // Two clients at 40 req/s each against 100 req/s: the sandbox runs one client's whole
    // step before the other's, a real server sees them interleaved; both see short waits.
    const times = Array.from({ length: 160 }, (_, i) => i * 25);
    const inOrder = new CapacityQueue(100);
    const interleaved = times.flatMap((t) => [inOrder.admit(t), inOrder.admit(t + 3)]);
    const outOfOrder = new CapacityQueue(100);
    const oneThenOther = [
      ...times.map((t) => outOfOrder.admit(t)),
      ...times.map((t) => outOfOrder.admit(t + 3)),
    ];
    const worst = (all: QueueAdmission[]) =>
      Math.max(...all.map((a) => (a.admitted ? a.delayMs : Number.POSITIVE_INFINITY)));
    expect(worst(interleaved)).toBeLessThanOrEqual(20);
    expect(worst(oneThenOther)).toBeLessThanOrEqual(20);
  });

  test('keeps a bounded history and recovers after a long idle time', () => {
    const queue = new CapacityQueue(100);
    for (let ms = 0; ms < 120_000; ms += 5) queue.admit(ms);
    // Two minutes at twice the capacity: the wait has reached the 30 s limit and stays there.
    const late = queue.admit(120_000);
    expect(late.admitted ? late.delayMs : Number.POSITIVE_INFINITY).toBeGreaterThan(29_900);
    expect(queue.admit(3_600_000)).toEqual({ admitted: true, delayMs: 10 });
  });

  test('capacity 0 is unlimited', () => {
    const queue = new CapacityQueue(0);
    expect(queue.admit(0)).toEqual({ admitted: true, delayMs: 0 });
    expect(queue.admit(0)).toEqual({ admitted: true, delayMs: 0 });
  });
});

describe('FAULT_CAPACITY_RPS in the stand-in', () => {
  test('queueing adds to the response delay; shed requests get a 503 and use no quota', () => {
    const clock = virtualClock();
    const core = createStandIn(
      parseServerOptions({ FAULT_CAPACITY_RPS: '4', FAULT_CAPACITY_MAX_WAIT: '600ms' }),
      clock,
    );
    const health = () => core.handle(coreRequest('GET', '/auth/health'));
    expect([health(), health(), health()].map((r) => [r.status, r.delayMs])).toEqual([
      [200, 250],
      [200, 500],
      [200, 750],
    ]);
    const shed = health();
    expect([shed.status, shed.body, shed.delayMs]).toEqual([503, 'Service Unavailable', 0]);
    clock.advance(5000);
    expect(health().delayMs).toBe(250);
  });

  test('the settings are validated', () => {
    expect(parseServerOptions({}).faults.capacityRps).toBe(0);
    expect(() => parseServerOptions({ FAULT_CAPACITY_RPS: 'fast' })).toThrow(
      /^FAULT_CAPACITY_RPS: got "fast"/,
    );
  });
});
