import { describe, expect, it } from 'vitest';
import { withoutPassword } from '../config/target';
import { parsePollConfig } from './config';
import { publicConfig, runConfigOf } from './public-config';
import type { PublicConfig } from './summary-schema';

/** Through JSON, as summary.json carries it. */
function roundTrip(env: Record<string, string>) {
  const config = withoutPassword(parsePollConfig(env));
  const written = JSON.parse(JSON.stringify(publicConfig(config, 3)));
  return { config, back: runConfigOf(written) };
}

describe('the configuration in summary.json', () => {
  it('reads back the defaults exactly', () => {
    const { config, back } = roundTrip({});
    expect(back).toEqual(config);
  });

  it('reads back every variable changed from its default', () => {
    const { config, back } = roundTrip({
      BASE_URL: 'https://cw.example:8443/api',
      USERS: '40',
      ROOMS: '3',
      ROOM_MODE: 'per-user',
      DURATION: '2m',
      POLL_INTERVAL: '2.5s',
      RAMP_UP: '30s',
      VUS: '4',
      NO_CLEANUP: 'true',
      LIMIT_POLL: '90',
      LIMIT_AGENTS: '240',
      SUMMARY_DIR: 'out',
      RUN_ID: 'nightly-7',
      CLEANUP_GRACE: '15s',
      MESSAGES_PER_MINUTE: '6',
      MESSAGE_BYTES: '512',
      SCALE_USERS: '10,20',
    });
    expect(back).toEqual(config);
    // Each value differs from the defaults, so a field the serializer drops shows up.
    const defaults = withoutPassword(parsePollConfig({}));
    for (const key of Object.keys(defaults) as (keyof typeof defaults)[]) {
      // RAMP_UP needs START_PHASE=spread, the default; burst is read back below. CLIENT=chat
      // or game refuses POLL_INTERVAL: both are read back below.
      if (key === 'live' || key === 'startPhase' || key === 'client') continue;
      expect([key, config[key]]).not.toEqual([key, defaults[key]]);
    }
    expect(config.live).not.toEqual(defaults.live);
    const burst = roundTrip({ START_PHASE: 'burst' });
    expect([burst.back, burst.back.startPhase]).toEqual([burst.config, 'burst']);
    for (const client of ['chat', 'game'] as const) {
      const model = roundTrip({ CLIENT: client });
      expect([model.back, model.back.client]).toEqual([model.config, client]);
    }
  });

  it('reads a summary written before CLIENT existed as the seed model', () => {
    const config = withoutPassword(parsePollConfig({}));
    const { client: _client, ...older } = publicConfig(config, 1);
    expect(runConfigOf(older as PublicConfig).client).toBe('seed');
  });

  it('carries every configuration field but the password', () => {
    const config = parsePollConfig({ PASSWORD: 'secret' });
    const { password: _secret, ...rest } = config;
    expect(Object.keys(runConfigOf(publicConfig(config, 1))).sort()).toEqual(
      Object.keys(rest).sort(),
    );
    expect(JSON.stringify(publicConfig(config, 1))).not.toContain('secret');
  });

  it('writes BASE_URL without credentials', () => {
    const config = withoutPassword(parsePollConfig({ BASE_URL: 'https://me:pw@cw.example' }));
    expect(publicConfig(config, 1).baseUrl).toBe('https://cw.example');
  });
});
