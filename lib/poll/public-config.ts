// The poll run's configuration as summary.json writes it, and back: the one serializer the
// report and the merge of distributed runs share. Every field of PollConfig but the password
// is written (the compiler holds both directions to the types, and public-config.test.ts holds
// the round trip), so a merged report computes its figures from the same configuration the
// instances ran.

import { type RunConfig, roomCount } from './config';
import type { PublicConfig } from './summary-schema';

/** BASE_URL without a `user:password@` part. */
function withoutCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

/**
 * The configuration for summary.json, field by field, so that nothing else on the object (a
 * password) is ever copied; `vus` is the VU count the run used (derived from the load model
 * unless VUS was set).
 */
export function publicConfig(c: RunConfig, vus: number): PublicConfig {
  return {
    baseUrl: withoutCredentials(c.baseUrl),
    users: c.users,
    roomsPerUser: c.rooms,
    roomMode: c.roomMode,
    roomCount: roomCount(c),
    plannedDurationMs: c.durationMs,
    pollIntervalMs: c.pollIntervalMs,
    startPhase: c.startPhase,
    rampUpMs: c.rampUpMs,
    vusConfigured: c.vus ?? null,
    vusUsed: vus,
    noCleanup: c.noCleanup,
    limitsPerMinute: { ...c.limits },
    summaryDir: c.summaryDir,
    runId: c.runId ?? null,
    cleanupGraceMs: c.cleanupGraceMs,
    live: { ...c.live },
    scaleUsers: [...c.scaleUsers],
    client: c.client,
  };
}

/** The configuration back from a summary (its BASE_URL without credentials, as written). */
export function runConfigOf(p: PublicConfig): RunConfig {
  return {
    baseUrl: p.baseUrl,
    users: p.users,
    rooms: p.roomsPerUser,
    roomMode: p.roomMode,
    durationMs: p.plannedDurationMs,
    pollIntervalMs: p.pollIntervalMs,
    startPhase: p.startPhase,
    rampUpMs: p.rampUpMs,
    vus: p.vusConfigured ?? undefined,
    noCleanup: p.noCleanup,
    limits: { ...p.limitsPerMinute },
    summaryDir: p.summaryDir,
    runId: p.runId ?? undefined,
    cleanupGraceMs: p.cleanupGraceMs,
    live: { ...p.live },
    scaleUsers: [...p.scaleUsers],
    // Summaries written before CLIENT existed are the seed model's.
    client: (p as Partial<PublicConfig>).client ?? 'seed',
  };
}
