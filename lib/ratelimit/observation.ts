// What the check observed on one endpoint, phase by phase. The procedure fills it, the k6
// metrics carry it to handleSummary as numbers, and the verdict is computed from it.

import type { RateLimitedEndpoint } from './endpoints';
import type { Tally } from './tally';

export interface SustainedTally {
  sent: number;
  accepted: number;
}

export interface EndpointObservation {
  endpoint: RateLimitedEndpoint;
  /** The first burst; its window may already hold requests of an earlier run. */
  firstWindow: Tally;
  /** The burst in a window known to be clean: the measurement. */
  cleanWindow: Tally;
  /** Ms from the clean burst's first request to its last response. */
  cleanSpanMs: number;
  /** Status of one request to another room's path while the first was exhausted; undefined for login. */
  isolationStatus: number | undefined;
  /** Ms from the clean burst's first request to the first accepted probe; undefined: none accepted. */
  recoveryMs: number | undefined;
  /** Ms after the clean burst's first request at which the last probe was sent. */
  probedUntilMs: number;
  /** About 1.5x the limit spread over one window on a third room; undefined when not run. */
  sustained: SustainedTally | undefined;
}
