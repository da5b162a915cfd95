// What a threshold key may name: the metrics a scenario records, with the tags their samples
// carry and the values those tags take in this run, and k6's built-in metrics. Built from the
// definitions the scripts record from (lib/metric-names.ts, lib/endpoints.ts), so a gate on a
// tag or value no sample has (`cw_latency{endpont:poll}`, which k6 would pass on nothing) is
// refused at init. Also says how to tell a gate that judged nothing from one that held.

import { STREAM_METRIC } from './clients/metrics';
import { FRAME_KINDS, REFUSAL_TAGS, STREAM_OUTCOMES } from './clients/stream-outcome';
import { ENDPOINTS, type Endpoint } from './endpoints';
import {
  METRIC,
  METRIC_SAMPLES,
  METRIC_TAGS,
  METRIC_TYPES,
  pollTagValues,
  VU_ROLE_TAG,
  VU_ROLES,
} from './metric-names';

/**
 * How the samples of a metric are counted, for a gate on it that may get none:
 * - `positive`: every sample is above 0 (a response time), so `max>0` on the gate's own key
 *   fails exactly when it got none;
 * - `{ counter, tags }`: `counter` counts the samples (restricted to the gate's tags among
 *   `tags`: a `status` tag picks which requests, not how many were judged);
 * - `null`: a count of events, which is true of a run without any (no guard).
 */
export type SampleCount =
  | 'positive'
  | { readonly counter: string; readonly tags: readonly string[] }
  | null;

/** A k6 metric type. */
export type MetricType = 'counter' | 'trend' | 'rate' | 'gauge';

export interface MetricSpec {
  readonly type: MetricType;
  /** Tag name -> the values it takes in this run; null: any value. */
  readonly tags: Readonly<Record<string, readonly string[] | null>>;
  readonly samples: SampleCount;
}

export type MetricCatalog = Readonly<Record<string, MetricSpec>>;

/**
 * Tags k6 puts on every HTTP request's samples (its default system tags) and the `endpoint` tag
 * the measured requests carry (lib/request-kinds.ts), and their values.
 */
function httpTags(
  requestNames: readonly string[],
  methods: readonly string[],
  scenarios: readonly string[],
  endpoints: readonly Endpoint[],
): Record<string, readonly string[] | null> {
  return {
    name: requestNames,
    endpoint: endpoints,
    method: methods,
    status: null,
    url: null,
    group: null,
    scenario: scenarios,
    expected_response: ['true', 'false'],
    error_code: null,
    proto: null,
    tls_version: null,
    // The requests outside the measured load carry `phase: setup` (lib/backend.ts).
    phase: ['setup'],
    [VU_ROLE_TAG]: VU_ROLES,
  };
}

/** The k6 built-ins a gate may name, for a run of these requests, methods and scenarios. */
export function k6BuiltinMetrics(
  requestNames: readonly string[],
  methods: readonly string[],
  scenarios: readonly string[],
  endpoints: readonly Endpoint[],
): MetricCatalog {
  const http = httpTags(requestNames, methods, scenarios, endpoints);
  const perRequest = { counter: 'http_reqs', tags: Object.keys(http) };
  const vu = { scenario: scenarios, group: null, [VU_ROLE_TAG]: VU_ROLES };
  return {
    http_reqs: { type: 'counter', tags: http, samples: null },
    http_req_duration: { type: 'trend', tags: http, samples: perRequest },
    http_req_waiting: { type: 'trend', tags: http, samples: perRequest },
    http_req_failed: { type: 'rate', tags: http, samples: perRequest },
    data_received: { type: 'counter', tags: vu, samples: null },
    data_sent: { type: 'counter', tags: vu, samples: null },
    iterations: { type: 'counter', tags: vu, samples: null },
    iteration_duration: {
      type: 'trend',
      tags: vu,
      samples: { counter: 'iterations', tags: Object.keys(vu) },
    },
    checks: { type: 'rate', tags: { ...vu, check: null }, samples: null },
  };
}

export interface RecordedRun {
  /** The request kinds the VUs send (the run's client model), its held stream included. */
  endpoints: readonly Endpoint[];
  /** The VUs of the run (a stream gauge's `shard` tag is one's index); null: any number. */
  vus: number | null;
  /** Room indexes broken down by a `room` tag (0 above MAX_ROOM_BREAKDOWN rooms). */
  roomBreakdown: number;
  /** The run's k6 scenarios: the `scenario` tag's values. */
  scenarios: readonly string[];
  /** Every request's `name` tag, setup's and the writer's included, and their methods. */
  requestNames: readonly string[];
  methods: readonly string[];
}

/**
 * The chat and game models' stream metrics (lib/clients/metrics.ts): counts of events (a run
 * without any is true: no guard), and the gauge of each VU's open streams by `shard`.
 */
function streamMetrics(scenarios: readonly string[], vus: number | null): MetricCatalog {
  const count = (tags: Record<string, readonly string[]> = {}): MetricSpec => ({
    type: 'counter',
    tags: { scenario: scenarios, [VU_ROLE_TAG]: VU_ROLES, ...tags },
    samples: null,
  });
  return {
    [STREAM_METRIC.requested]: count(),
    [STREAM_METRIC.streams]: count({ outcome: STREAM_OUTCOMES }),
    [STREAM_METRIC.refusals]: count({ status: REFUSAL_TAGS }),
    [STREAM_METRIC.reconnects]: count(),
    [STREAM_METRIC.openMs]: count(),
    [STREAM_METRIC.frames]: count({ frame: FRAME_KINDS }),
    [STREAM_METRIC.readMs]: count(),
    [STREAM_METRIC.open]: {
      type: 'gauge',
      tags: {
        scenario: scenarios,
        [VU_ROLE_TAG]: VU_ROLES,
        shard: vus === null ? null : Array.from({ length: vus }, (_, i) => `${i}`),
      },
      samples: null,
    },
    [STREAM_METRIC.planned]: count(),
  };
}

/**
 * What a gate of a run may name: the scenario's metrics (lib/metric-names.ts), the stream
 * metrics (named in any run, as thresholds.json serves every client model) and k6's.
 */
export function metricCatalog(run: RecordedRun): MetricCatalog {
  // The held stream is no request and answer: the request metrics never tag it.
  const answered = run.endpoints.filter((e) => !ENDPOINTS[e].held);
  const values = pollTagValues(answered, run.roomBreakdown);
  const custom: Record<string, MetricSpec> = {};
  for (const metric of Object.values(METRIC)) {
    const tags: Record<string, readonly string[]> = {
      scenario: run.scenarios,
      [VU_ROLE_TAG]: VU_ROLES,
    };
    for (const tag of METRIC_TAGS[metric]) tags[tag] = values[tag];
    custom[metric] = { type: METRIC_TYPES[metric], tags, samples: METRIC_SAMPLES[metric] };
  }
  return {
    ...custom,
    ...streamMetrics(run.scenarios, run.vus),
    ...k6BuiltinMetrics(run.requestNames, run.methods, run.scenarios, run.endpoints),
  };
}
