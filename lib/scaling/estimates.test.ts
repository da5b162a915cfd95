import { describe, expect, it } from 'vitest';
import { seedRates } from '../poll/load-model';
import { renderScalingSection, scalingEstimates } from './estimates';

const seed = { rooms: 2, roomMode: 'shared' as const, pollIntervalMs: 4000 };
const inputs = {
  rooms: 2,
  rates: seedRates(seed),
  limits: { poll: 60, agents: 120 },
  responseBytes: { poll: 1000, agents: 100 },
};

describe('scalingEstimates', () => {
  it("fills the old README's formulas with the measured sizes", () => {
    const [row] = scalingEstimates(inputs, [100]).rows;
    // 100 users x 2 rooms x 2 / 4 s = 100 req/s; half polls of 1,000 bytes, half of 100.
    expect(row).toEqual({
      users: 100,
      requestsPerSecond: 100,
      downstreamKbps: (50 * 1000 + 50 * 100) * 0.008,
      downstreamMBPerHour: (55_000 * 3600) / 1048576,
      downstreamMBPerDay: (55_000 * 86_400) / 1048576,
      pathPerMinute: { poll: 1500, agents: 1500 },
      overLimit: { poll: true, agents: true },
    });
  });

  it('gives each path one user in per-user mode, and no bandwidth without sizes', () => {
    const [row] = scalingEstimates(
      {
        ...inputs,
        rates: seedRates({ ...seed, roomMode: 'per-user' }),
        responseBytes: { poll: null, agents: 100 },
      },
      [500],
    ).rows;
    expect(row?.pathPerMinute).toEqual({ poll: 15, agents: 15 });
    expect(row?.overLimit).toEqual({ poll: false, agents: false });
    expect(row?.downstreamKbps).toBeNull();
  });

  it("adds what each kind sends, and compares only the rate-limited kinds' paths", () => {
    const estimates = scalingEstimates(
      {
        rooms: 1,
        rates: [
          { endpoint: 'rooms', perUserPerSecond: 0.2, pathPerMinute: (n) => n * 12 },
          { endpoint: 'poll', perUserPerSecond: 1 / 30, pathPerMinute: (n) => n * 2 },
        ],
        limits: { poll: 60, agents: 120 },
        responseBytes: { rooms: 300, poll: 60 },
      },
      [40],
    );
    const [row] = estimates.rows;
    expect(estimates.perUserRequestsPerSecond).toBeCloseTo(0.2 + 1 / 30, 10);
    expect(row?.downstreamKbps).toBeCloseTo(40 * (0.2 * 300 + 60 / 30) * 0.008, 10);
    expect(row?.pathPerMinute).toEqual({ poll: 80 });
    expect(row?.overLimit).toEqual({ poll: true });
    const text = renderScalingSection(estimates, {
      perUser: 'per the client model',
      requestsPerSecond: 'users x per user',
    });
    expect(text[1]).toBe(
      '  Per user: 0.23 req/s (per the client model); measured mean response: 300 bytes (rooms), 60 bytes (poll)',
    );
    expect(text[2]?.trimEnd().endsWith('poll/min/path')).toBe(true);
    expect(text[3]?.trimEnd().endsWith('80 !')).toBe(true);
    expect(text[5]).toBe(
      '  Per-path limits per client IP: poll 60/min; "!" marks a path over its limit.',
    );
  });
});
