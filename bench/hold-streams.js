// The bare k6 script `npm run bench:k6` measures one held stream's memory with: STREAMS SSE
// streams held with http.asyncRequest (throw: true, as dist/poll.js holds them) over VUS VUs
// for HOLD_MS against the bare SSE server (bench/server-child.ts), nothing else. Peak RSS at
// STREAMS=0 and at STREAMS=N gives what a stream costs k6. Plain JavaScript on purpose (not
// bundled), run as is by k6. Env: BASE_URL, STREAMS, VUS, HOLD_MS.

import { sleep } from 'k6';
import exec from 'k6/execution';
import http from 'k6/http';

const streams = Number(__ENV.STREAMS);
const vus = Number(__ENV.VUS);
const holdMs = Number(__ENV.HOLD_MS);

export const options = {
  scenarios: {
    hold: {
      executor: 'per-vu-iterations',
      vus,
      iterations: 1,
      maxDuration: `${holdMs + 10_000}ms`,
    },
  },
};

export default async function holdStreams() {
  const vu = exec.vu.idInTest - 1;
  const mine = Math.floor(streams / vus) + (vu < streams % vus ? 1 : 0);
  const params = { timeout: holdMs, throw: true, responseCallback: http.expectedStatuses(0, 200) };
  const held = [];
  for (let i = 0; i < mine; i++) {
    // Rejected with 1050 at the timeout: held to the end.
    held.push(
      http.asyncRequest('GET', `${__ENV.BASE_URL}/rooms/1/stream`, null, params).catch(() => 0),
    );
  }
  // With no stream the VU still lives HOLD_MS: the baseline's peak RSS is sampled over as long.
  if (mine === 0) sleep(holdMs / 1000);
  await Promise.all(held);
}
