import { describe, expect, it } from 'vitest';
import { parsePollConfig } from './config';
import { pollGates, pollOptions, sharedRoomWaitMs } from './options';

const options = (env: Record<string, string>) => {
  const config = parsePollConfig({ PASSWORD: 'pw', ...env });
  return pollOptions(config, pollGates(config, { cw_requests: ['count>0'] }));
};

describe('poll options of a run with RUN_ID', () => {
  it('tag the scenario (the live-room writer VUs included) testid=RUN_ID, which a command-line --tag does not replace', () => {
    const o = options({ RUN_ID: 'nightly-3', MESSAGES_PER_MINUTE: '6' });
    expect(Object.keys(o.scenarios)).toEqual(['poll']);
    expect(o.scenarios.poll).toHaveProperty('tags', { testid: 'nightly-3' });
    expect(o.tags).toEqual({ testid: 'nightly-3' });
    const plain = options({});
    expect(plain.scenarios.poll).not.toHaveProperty('tags');
    expect(plain).not.toHaveProperty('tags');
  });

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
