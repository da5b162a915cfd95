// k6's built-in metrics that the sandbox emits, registered before the script's init runs.

import type { MetricDefinition } from './k6/types';

const trendTime = (name: string): MetricDefinition => ({ name, type: 'trend', contains: 'time' });

export const BUILTIN_METRICS: readonly MetricDefinition[] = [
  { name: 'http_reqs', type: 'counter', contains: 'default' },
  { name: 'http_req_failed', type: 'rate', contains: 'default' },
  trendTime('http_req_duration'),
  trendTime('http_req_blocked'),
  trendTime('http_req_connecting'),
  trendTime('http_req_tls_handshaking'),
  trendTime('http_req_sending'),
  trendTime('http_req_waiting'),
  trendTime('http_req_receiving'),
  trendTime('iteration_duration'),
  trendTime('group_duration'),
  { name: 'iterations', type: 'counter', contains: 'default' },
  { name: 'data_sent', type: 'counter', contains: 'data' },
  { name: 'data_received', type: 'counter', contains: 'data' },
  { name: 'vus', type: 'gauge', contains: 'default' },
  { name: 'vus_max', type: 'gauge', contains: 'default' },
  { name: 'checks', type: 'rate', contains: 'default' },
];
