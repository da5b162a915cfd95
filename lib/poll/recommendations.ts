// The report's verdict: the old tool's checks (rate limiting, p95 > 1 s, error rate > 1 %,
// else all good), whether the load generator kept up, and what the run showed about the
// rate limits, measured against the model's assumed limits.

import { shortestPeriodMs } from '../clients/model';
import { rateLimitOf } from '../endpoints';
import { formatFixed, formatInt, formatMs, formatPercent, plural } from '../format';
import { MAX_LAG_SHARE_OF_INTERVAL, MIN_PERCENT_OF_PLAN } from '../generator';
import { progressText } from '../run-status';
import type { MergedRun, PollFigures, RateLimitFigures, Recommendation } from './summary-schema';

const HIGH_LATENCY_MS = 1000;
const HIGH_ERROR_PERCENT = 1;

/** `4 s`, `2.5 s`: an interval as a person would write it. */
function secondsText(ms: number): string {
  return `${formatFixed(ms / 1000, 3).replace(/\.?0+$/, '')} s`;
}

/** `a or b`, `a, b, or c`. */
function oneOf(options: readonly string[]): string {
  if (options.length < 3) return options.join(' or ');
  return `${options.slice(0, -1).join(', ')}, or ${options[options.length - 1]}`;
}

/** What to change so that each path stays under its limit. */
function overLimitAdvice(f: Omit<PollFigures, 'recommendations'>, r: RateLimitFigures): string {
  const { config } = f;
  const received = f.status.requestsMade ? r.achievedBusiestPerMinute : null;
  const planned = formatInt(r.plannedPerPathPerMinute);
  const what =
    received === null
      ? `Each ${r.pathTemplate} path is planned to get ${planned} requests/min`
      : `Each ${r.pathTemplate} path got ${formatInt(received)} requests/min (planned ${planned})`;
  const maxUsersPerRoom = Math.floor((r.limitPerMinute * config.pollIntervalMs) / 60_000);
  const options: string[] = [];
  if (config.roomMode === 'shared' && maxUsersPerRoom >= 1) {
    const clear = clearUsersPerRoom(r.limitPerMinute, config.pollIntervalMs);
    const edge =
      clear < maxUsersPerRoom ? `, which is at the limit; ${formatInt(clear)} stay below it` : '';
    options.push(
      `use fewer users per room (at most ${maxUsersPerRoom} at a ${secondsText(config.pollIntervalMs)} interval${edge})`,
    );
  }
  if (config.roomMode === 'shared') options.push('ROOM_MODE=per-user');
  if (config.roomMode === 'per-user' || maxUsersPerRoom < 1) {
    const minIntervalMs = (60_000 * r.plannedUsersPerPath) / r.limitPerMinute;
    options.push(`POLL_INTERVAL of at least ${secondsText(minIntervalMs)}`);
  }
  options.push('several source IPs with k6 --local-ips');
  return `${what} from one IP; the server allows ${formatInt(r.limitPerMinute)}: ${oneOf(options)}`;
}

/** Users per room that keep every fixed window of a path under the limit, at this interval. */
export function clearUsersPerRoom(limitPerMinute: number, pollIntervalMs: number): number {
  return Math.floor(limitPerMinute / (Math.floor(60_000 / pollIntervalMs) + 1));
}

/** The plan is at the limit: its 429s come from a poll shifted into a full fixed window. */
function atLimitAdvice(f: Omit<PollFigures, 'recommendations'>, r: RateLimitFigures): string {
  const clear = clearUsersPerRoom(r.limitPerMinute, f.config.pollIntervalMs);
  return (
    `${r.pathTemplate} is planned at the limit (${formatInt(r.plannedPerPathPerMinute)} of ${formatInt(r.limitPerMinute)} requests/min per path): ` +
    `a fixed window starts with a path's first request, and a poll that starts late falls into it too, so one window can get up to ` +
    `${formatInt(r.windowMaximumPerPath)}; the ${plural(r.rateLimited, '429')} came from that, which does not make the server's limit stricter than assumed. For a clean run stay below the limit` +
    (clear >= 1 && f.config.roomMode === 'shared'
      ? ` (at most ${plural(clear, 'user')} per room at a ${secondsText(f.config.pollIntervalMs)} interval)`
      : ` (a longer POLL_INTERVAL)`)
  );
}

/** 429s below the assumed limit: the server's limit looks stricter, or the IP is shared. */
function stricterLimitAdvice(r: RateLimitFigures): string {
  const rate =
    r.achievedBusiestPerMinute === null
      ? `at most ${formatInt(r.limitPerMinute)}`
      : `${formatInt(r.achievedBusiestPerMinute)}`;
  return (
    `${r.pathTemplate} got ${formatInt(r.rateLimited)} 429s at ${rate} requests/min per path, ` +
    `under the assumed limit of ${formatInt(r.limitPerMinute)}: the server's limit looks ` +
    `stricter (set ${rateLimitOf(r.endpoint).env} to it), or another client shares this IP`
  );
}

/** The path's rate as received, for the findings that need one. */
function receivedRate(r: RateLimitFigures): string {
  const rate = r.achievedBusiestPerMinute ?? r.achievedMeanPerMinute;
  return rate === null ? '' : `${formatInt(rate)} requests/min per path, `;
}

/** Over the assumed limit and never refused: the server does not enforce that limit. */
function notEnforcedFinding(r: RateLimitFigures): string {
  return (
    `${r.pathTemplate} got ${receivedRate(r)}over the assumed limit of ` +
    `${formatInt(r.limitPerMinute)} (${rateLimitOf(r.endpoint).env}), and no 429: the server did not ` +
    `enforce that limit at this rate (rate limiting is off, or its limit is higher)`
  );
}

/** Over the assumed limit, no 429, but too few requests for a window to have overflowed. */
function unprovenFinding(r: RateLimitFigures): string {
  return (
    `${r.pathTemplate} got ${receivedRate(r)}over the assumed limit of ` +
    `${formatInt(r.limitPerMinute)} (${rateLimitOf(r.endpoint).env}), and no 429 yet: the run was ` +
    `too short to show whether the server enforces it; run longer to find out`
  );
}

/** The first recommendation of a run whose generator did not send the planned load. */
function generatorAdvice(f: Omit<PollFigures, 'recommendations'>): string {
  const { loadPlan, config, latency } = f;
  const facts: string[] = [];
  if (loadPlan.requestsPercentOfPlan !== null) {
    facts.push(
      `it sent ${formatInt(f.requests.total)} of ${formatInt(loadPlan.plannedRequests)} planned ` +
        `requests (${formatPercent(loadPlan.requestsPercentOfPlan)}; at least ${MIN_PERCENT_OF_PLAN}% is on plan)`,
    );
  }
  if (loadPlan.scheduleLagP95Ms !== null) {
    // The chat and game models' limit is a share of their shortest timer (lib/generator.ts).
    const [what, periodMs, period] =
      config.client === 'seed'
        ? ['polls', config.pollIntervalMs, 'POLL_INTERVAL']
        : ['requests', shortestPeriodMs(config.client), "the client's shortest timer"];
    facts.push(
      `${what} started ${formatMs(loadPlan.scheduleLagP95Ms)} late at p95 (up to ` +
        `${formatMs(MAX_LAG_SHARE_OF_INTERVAL * periodMs)}, ${MAX_LAG_SHARE_OF_INTERVAL * 100}% of ${period}, is on time)`,
    );
  }
  const latencyNote =
    latency.p95Ms === null
      ? 'Latency figures include client-side queueing in k6'
      : `The latency figures (p95 ${formatMs(latency.p95Ms)}) include client-side queueing in k6, not only the server's time`;
  return (
    `The load generator fell behind: ${facts.join('; ')}. ${latencyNote}. ` +
    `Give k6 more room: more VUs (VUS, ${formatInt(config.vusUsed)} used), fewer users per k6 ` +
    `instance, or ${f.instance.executionSegment === null ? 'a distributed run (k6 --execution-segment, k6-operator, Grafana Cloud k6)' : 'more instances (k6-operator parallelism)'}`
  );
}

/** The live-room writer's 429s: the send limit per IP and room, and how to stay under it. */
export function writerAdvice(
  f: Pick<PollFigures, 'writer' | 'config' | 'instance'>,
): string | undefined {
  const w = f.writer;
  if (w === null || w.rateLimited === 0) return undefined;
  const live = f.config.live;
  const ips = live.sendSourceIps;
  const where =
    ips === 1
      ? 'all from one address'
      : f.instance.localIps === null
        ? `spread over SEND_SOURCE_IPS ${ips}, but k6 ran without --local-ips, so every send left from one address`
        : `spread over SEND_SOURCE_IPS ${ips} addresses (--local-ips ${f.instance.localIps})`;
  return (
    `The live-room writer got ${plural(w.rateLimited, '429')} on send (of ${formatInt(w.sends)}): the server allows ` +
    `LIMIT_SEND ${formatInt(live.sendLimitPerMinute)} a minute per client IP and room, and ${formatFixed(live.messagesPerMinute, 2)} a minute per room went ${where}: ` +
    'send fewer (MESSAGES_PER_MINUTE), or spread the sends over more source IPs (SEND_SOURCE_IPS=n with k6 --local-ips=...)'
  );
}

/** Messages the polls received that do not square with what the writer delivered. */
function receivedAdvice(f: Pick<PollFigures, 'writer' | 'status'>): string | undefined {
  const w = f.writer;
  if (w === null || w.messagesExpected === null || !f.status.requestsMade) return undefined;
  if (w.messagesReceivedByPolls > w.messagesExpected) {
    return `Polls received ${plural(w.messagesReceivedByPolls, 'message')}, more than the ${formatInt(w.messagesExpected)} the writer's delivered sends make for the users of their rooms: the server returned messages again (does it honour since_id?)`;
  }
  if (w.messagesReceivedByPolls === 0 && w.messagesExpected > 0) {
    return `Polls received none of the messages the writer delivered (${formatInt(w.messagesExpected)} for the users of their rooms): the server's poll answers do not return new messages`;
  }
  return undefined;
}

/** What to say about one endpoint's limit, from what the run observed; undefined: nothing. */
function rateLimitAdvice(
  f: Omit<PollFigures, 'recommendations'>,
  r: RateLimitFigures,
): string | undefined {
  switch (r.finding) {
    case 'not-measured':
      return r.overLimit ? overLimitAdvice(f, r) : undefined;
    case 'planned-over':
    case 'enforced':
      return overLimitAdvice(f, r);
    case 'not-enforced':
      return notEnforcedFinding(r);
    case 'unproven':
      return unprovenFinding(r);
    case 'at-limit':
      return r.rateLimited > 0 ? atLimitAdvice(f, r) : undefined;
    case 'stricter':
      return stricterLimitAdvice(r);
    case 'within-limit':
      return undefined;
  }
}

/** Why a merged run is not the whole test, one line each; empty when it is. */
export function incompleteRunLines(merged: MergedRun): string[] {
  const lines: string[] = [];
  if (merged.missingSegments.length > 0) {
    const which = merged.missingSegments.join(', ');
    lines.push(
      `Incomplete run: no summary of segment ${which} (its instance did not finish, or its file is not among those merged)`,
    );
  }
  for (const file of merged.idleInstances) {
    const instance = merged.instances.find((i) => i.file === file);
    lines.push(
      `Incomplete run: ${file} (segment ${instance?.executionSegment ?? 'whole test'}) sent no polling request`,
    );
  }
  return lines;
}

export function recommendations(f: Omit<PollFigures, 'recommendations'>): Recommendation[] {
  const warnings: string[] = f.merged === null ? [] : incompleteRunLines(f.merged);
  const { requests, latency } = f;
  const { status } = f;
  if (status.end === 'setup-failed') {
    // The short report of a failed setup has no figures: the advice is all it needs.
    warnings.push(
      'Setup failed, so nothing was measured: fix the cause at the top (BASE_URL, PASSWORD, the server) and run again',
    );
    return warnings.map((text) => ({ level: 'warning', text }));
  }
  if (status.end === 'interrupted') {
    warnings.push(
      `The run was interrupted ${progressText(status)}: its figures are of a shorter run than planned; run it to the end to judge the load`,
    );
  } else if (status.end === 'aborted') {
    warnings.push(
      `The run was aborted ${progressText(status)} (${status.cause}): its figures stop there`,
    );
  }
  if (!f.status.requestsMade) {
    warnings.push('No polling requests were made: the run ended before the first poll');
  }
  const unsettled = f.streams?.unsettled ?? 0;
  if (unsettled > 0) {
    warnings.push(
      `Streams not settled: k6 stopped the VUs before ${formatInt(unsettled)} of ${formatInt(f.streams?.opened ?? 0)} streams ended (the run was interrupted), so the Streams figures leave them out`,
    );
  }
  const behind = f.loadPlan.generatorFellBehind;
  if (behind) warnings.push(generatorAdvice(f));
  if (requests.rateLimited > 0) {
    warnings.push(
      `Rate limiting detected: ${plural(requests.rateLimited, 'request')} got HTTP 429`,
    );
  }
  // A behind generator's latency is partly its own queueing: the first line says so instead.
  if (!behind && latency.p95Ms !== null && latency.p95Ms > HIGH_LATENCY_MS) {
    warnings.push(`High latency: p95 is ${formatMs(latency.p95Ms)} (over 1 s)`);
  }
  if (requests.errorPercent !== null && requests.errorPercent > HIGH_ERROR_PERCENT) {
    warnings.push(
      `High error rate: ${formatPercent(requests.errorPercent)} of requests failed (429s not counted)`,
    );
  }
  const failed = f.thresholds.filter((t) => !t.passed);
  if (failed.length > 0) {
    const empty = failed.filter((t) => t.outcome === 'no-samples');
    const why =
      empty.length === 0
        ? ''
        : `; ${plural(empty.length, 'gate')} got no sample to judge (${empty.map((t) => t.metric).join(', ')}): a gate on something this run did not measure fails, unless thresholds.json marks it "optional": true`;
    warnings.push(
      `${formatInt(failed.length)} of ${plural(f.thresholds.length, 'threshold')} failed${why}`,
    );
  }
  for (const r of f.rateLimits) {
    const advice = rateLimitAdvice(f, r);
    if (advice !== undefined) warnings.push(advice);
  }
  const writer = writerAdvice(f);
  if (writer !== undefined) warnings.push(writer);
  const received = receivedAdvice(f);
  if (received !== undefined) warnings.push(received);
  if (warnings.length > 0) return warnings.map((text) => ({ level: 'warning', text }));
  return [
    { level: 'ok', text: 'System performing well under this load' },
    { level: 'ok', text: 'Low latency, no errors, no rate limiting' },
  ];
}
