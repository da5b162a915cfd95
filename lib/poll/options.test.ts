import { describe, expect, it } from 'vitest';
import { parsePollConfig } from './config';
import { pollOptions, sharedRoomWaitMs } from './options';

const options = (env: Record<string, string>) =>
  pollOptions(parsePollConfig({ PASSWORD: 'pw', ...env }), { cw_requests: ['count>0'] });

describe('poll options of a run with RUN_ID', () => {
  it("give enough VUs for up to 16 instances' segments, at most one per user", () => {
    expect(options({ RUN_ID: 'r', USERS: '40' }).scenarios.poll.vus).toBe(16);
    expect(options({ RUN_ID: 'r', USERS: '3' }).scenarios.poll.vus).toBe(3);
    expect(options({ USERS: '40' }).scenarios.poll.vus).toBe(1);
  });

  it("wait for the shared rooms less long than setup's timeout", () => {
    const o = options({ RUN_ID: 'r', ROOMS: '50' });
    expect([o.setupTimeout, sharedRoomWaitMs(50)]).toEqual(['66s', 51_000]);
  });
});
