// The bare k6 script `npm run bench:k6` compares dist/poll.js with: the same two GETs per user
// poll, with the same headers and tags, at the same planned rate (constant-arrival-rate), and
// the poll body parsed for since_id. No custom metrics, no report: the floor of what k6 costs.
// Plain JavaScript on purpose (not bundled), run as is by k6. Env: BASE_URL, PASSWORD, USERS,
// POLL_INTERVAL_MS, DURATION, BENCH_OUT (where handleSummary writes its figures as JSON).

import http from 'k6/http';

const baseUrl = __ENV.BASE_URL;
const users = Number(__ENV.USERS);
const intervalMs = Number(__ENV.POLL_INTERVAL_MS);

export const options = {
  scenarios: {
    poll: {
      executor: 'constant-arrival-rate',
      rate: users,
      timeUnit: `${intervalMs}ms`,
      duration: __ENV.DURATION,
      preAllocatedVUs: 10,
      maxVUs: 200,
    },
  },
  summaryTrendStats: ['p(95)'],
};

export function setup() {
  const login = http.post(`${baseUrl}/auth/login`, JSON.stringify({ password: __ENV.PASSWORD }), {
    headers: { 'Content-Type': 'application/json' },
  });
  const apiKey = login.json('api_key');
  const room = http.post(`${baseUrl}/rooms`, JSON.stringify({ name: `bench-bare-${Date.now()}` }), {
    headers: { 'Content-Type': 'application/json', 'X-API-Key': apiKey },
  });
  // bench/k6.ts measures k6's CPU over the load phase from this line on.
  console.log('bench: the load starts');
  return { apiKey, roomId: room.json('id') };
}

let sinceId;
let params;

export default function pollOnce(data) {
  params ??= {
    poll: {
      headers: { 'X-API-Key': data.apiKey, 'ngrok-skip-browser-warning': 'true' },
      tags: { name: '/rooms/{id}/messages/poll' },
    },
    agents: {
      headers: { 'X-API-Key': data.apiKey, 'ngrok-skip-browser-warning': 'true' },
      tags: { name: '/rooms/{id}/chatting-agents' },
      responseType: 'none',
    },
  };
  const query = sinceId === undefined ? '' : `?since_id=${sinceId}`;
  const [poll] = http.batch([
    ['GET', `${baseUrl}/rooms/${data.roomId}/messages/poll${query}`, null, params.poll],
    ['GET', `${baseUrl}/rooms/${data.roomId}/chatting-agents`, null, params.agents],
  ]);
  if (poll.status !== 200 || typeof poll.body !== 'string') return;
  try {
    const messages = JSON.parse(poll.body);
    for (const message of messages) {
      if (sinceId === undefined || message.id > sinceId) sinceId = message.id;
    }
  } catch {
    // A body that is not JSON leaves the cursor where it is, as in dist/poll.js.
  }
}

export function teardown(data) {
  http.del(`${baseUrl}/rooms/${data.roomId}`, null, { headers: { 'X-API-Key': data.apiKey } });
}

export function handleSummary(data) {
  const value = (metric, stat) => data.metrics[metric]?.values[stat] ?? 0;
  const figures = {
    httpRequests: value('http_reqs', 'count'),
    iterations: value('iterations', 'count'),
    droppedIterations: value('dropped_iterations', 'count'),
    latencyP95Ms: value('http_req_duration', 'p(95)'),
  };
  return { [__ENV.BENCH_OUT]: JSON.stringify(figures) };
}
