import { describe, expect, it } from 'vitest';
import type { RunStatusFigures } from '../run-status';
import { type CapacityRun, renderCapacityRunsText } from './repeat';

const completed: RunStatusFigures = {
  end: 'completed',
  cause: null,
  stoppedAtMs: 32_000,
  plannedLoadMs: 40_000,
};

const knee = (holdsUsers: number | null, text: string): CapacityRun['knee'] => ({
  holdsUsers,
  firstNonPassing: null,
  text,
});

describe('renderCapacityRunsText', () => {
  it("lists each run's knee and the median of the users held over the completed runs", () => {
    const runs: CapacityRun[] = [
      {
        status: completed,
        knee: knee(40, 'holds 40 users x 1 room; fails at 50 (p(95)=600.00 ms)'),
      },
      {
        status: completed,
        knee: knee(50, 'holds 50 users x 1 room; fails at 60 (p(95)=700.00 ms)'),
      },
      {
        status: { ...completed, end: 'interrupted', stoppedAtMs: 9_000 },
        knee: knee(10, 'holds 10 users x 1 room; the run ended before 20 users'),
      },
    ];
    expect(renderCapacityRunsText(runs)).toBe(
      [
        'Knee of 3 runs:',
        '  run 1: holds 40 users x 1 room; fails at 50 (p(95)=600.00 ms)',
        '  run 2: holds 50 users x 1 room; fails at 60 (p(95)=700.00 ms)',
        '  run 3: INTERRUPTED at 9.0 s of 40 s; holds 10 users x 1 room; the run ended before 20 users',
        '  Holds (median ±half the range of the 2 completed runs): 45 ±5 users',
        '',
      ].join('\n'),
    );
  });

  it('says when no run completed', () => {
    const failed: CapacityRun = {
      status: { ...completed, end: 'setup-failed', cause: 'login failed', stoppedAtMs: null },
      knee: knee(null, 'did not hold even 10 users x 1 room; the run ended before 10 users'),
    };
    expect(renderCapacityRunsText([failed])).toBe(
      [
        'Knee of 1 run:',
        '  run 1: SETUP FAILED (login failed); did not hold even 10 users x 1 room; the run ended before 10 users',
        '  Holds: no run completed',
        '',
      ].join('\n'),
    );
  });
});
