// Where this k6 instance stands in a distributed run, read from k6's consolidated options
// (setup, VU code and handleSummary only: k6 hides them from init code).

import exec from 'k6/execution';
import type { InstanceInfo } from '../distributed';

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The instance's segment, sequence and `--local-ips`; `runId` as setup resolved it. */
export function instanceInfo(runId: string | null): InstanceInfo {
  const options = exec.test.options as Record<string, unknown>;
  const localIps = options.localIPs;
  return {
    runId,
    executionSegment: text(options.executionSegment),
    executionSegmentSequence: text(options.executionSegmentSequence),
    localIps: Array.isArray(localIps) ? localIps.join(',') || null : text(localIps),
  };
}
