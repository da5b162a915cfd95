import { describe, expect, it } from 'vitest';
import { healthyRun } from '../../test/known-runs/poll-runs';
import { pollFiguresOf } from '../poll/report-figures';
import { clientRow, renderClientsTable } from './compare-table';

describe('npm run clients table', () => {
  it('puts each model in a row, per user: requests a minute, KB an hour, held streams, 429s, p95', () => {
    const { data, run } = healthyRun();
    const seed = clientRow(pollFiguresOf(data, run));
    const game = {
      ...seed,
      client: 'game',
      requestsPerMinute: 16,
      byKind: [
        { endpoint: 'rooms', perMinute: 12 },
        { endpoint: 'worldPoll', perMinute: 4 },
      ],
      heldConnections: 4,
      rateLimited: 0,
    };
    const text = renderClientsTable([seed, game], 4);
    const lines = text.split('\n');
    expect(lines[0]).toContain('4 users each');
    expect(lines[2]?.startsWith('  seed ')).toBe(true);
    expect(lines[3]).toMatch(/^ {2}game +16\.0 .* 4 +0 /);
    expect(text).toContain('  game   rooms 12.0, worldPoll 4.0');
    expect(seed.byKind.map((k) => k.endpoint)).toEqual(['poll', 'agents']);
    expect(seed.client).toBe('seed');
  });
});
