// The rate-limit check's custom metrics (created at init, as k6 requires) and how one
// endpoint's observation and verdict are recorded into them.

import { Counter, Gauge, Rate } from 'k6/metrics';
import {
  checkSamples,
  OBSERVATION_FIELDS,
  observationFields,
  RATELIMIT_METRIC,
} from '../ratelimit/metrics';
import type { EndpointObservation } from '../ratelimit/observation';
import type { EndpointVerdict } from '../ratelimit/verdict';

const observation = new Gauge(RATELIMIT_METRIC.observation);
const checks = new Rate(RATELIMIT_METRIC.checks);
const endpointsChecked = new Counter(RATELIMIT_METRIC.endpointsChecked);

export function recordEndpoint(o: EndpointObservation, verdict: EndpointVerdict): void {
  const fields = observationFields(o);
  for (const field of OBSERVATION_FIELDS)
    observation.add(fields[field], { endpoint: o.endpoint, field });
  for (const { check, passed } of checkSamples(verdict))
    checks.add(passed, { endpoint: o.endpoint, check });
  endpointsChecked.add(1);
}
