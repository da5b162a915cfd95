import { describe, expect, it } from 'vitest';
import { scalingEstimates } from './estimates';

const inputs = {
  rooms: 2,
  roomMode: 'shared' as const,
  pollIntervalMs: 4000,
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
      { ...inputs, roomMode: 'per-user', responseBytes: { poll: null, agents: 100 } },
      [500],
    ).rows;
    expect(row?.pathPerMinute).toEqual({ poll: 15, agents: 15 });
    expect(row?.overLimit).toEqual({ poll: false, agents: false });
    expect(row?.downstreamKbps).toBeNull();
  });
});
