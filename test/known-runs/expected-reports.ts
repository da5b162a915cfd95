// The whole stdout report for each known run (poll-runs.ts), checked line by line by hand:
// the figures follow from the run's counts and its measured duration.

export const EXPECTED_REPORTS = {
  healthyRun: `================================================================================
LOAD TEST RESULTS
================================================================================

Test Configuration:
  Users:              4
  Rooms per user:     2
  Total connections:  8
  Duration:           60.00 seconds

Request Statistics:
  Total requests:     240
  Successful:         240 (100.0%)
  Failed:             0 (0.0%)
  Rate limited:       0
  Requests/second:    4.00

Requests by Endpoint:
  /rooms/17/chatting-agents                     60
  /rooms/17/messages/poll                       60
  /rooms/18/chatting-agents                     60
  /rooms/18/messages/poll                       60

Latency (milliseconds):
  Min:                10.25 ms
  Mean:               38.09 ms
  Median:             35.40 ms
  95th percentile:    74.50 ms
  99th percentile:    92.10 ms
  Max:                123.45 ms

Bandwidth:
  Downstream:         48.53 kbps (6.07 KB/s)
  Upstream:           9.68 kbps (1.21 KB/s)
  Total:              58.21 kbps (7.28 KB/s)

Data Transfer:
  Total received:     364,000 bytes (0.35 MB)
  Total sent:         72,600 bytes (0.07 MB)
  (the polling requests' bytes as k6 measured them for the polling VUs;
  setup, teardown and the live-room writer are not in them)

Projected Usage (based on test data):
  Per hour:           20.83 MB received; 24.98 MB received + sent
  Per day:            499.88 MB received; 599.58 MB received + sent
  (the old tool printed the received figure under this name)

Errors by Type:
  None

Latency by Endpoint (milliseconds):
  Endpoint                             Min      Mean    Median       p95       p99       Max
  /rooms/{id}/messages/poll          12.34     45.67     42.12     78.90     95.23    123.45
  /rooms/{id}/chatting-agents        10.25     30.50     28.75     55.13     70.88     80.50

Latency Histogram (milliseconds, responses per bucket):
  /rooms/{id}/messages/poll
          10 -       20        15  12.5%  ########
          20 -       50        59  49.2%  ##############################
          50 -      100        45  37.5%  #######################
         100 -      200         1   0.8%  #
  /rooms/{id}/chatting-agents
          10 -       20        32  26.7%  #############
          20 -       50        76  63.3%  ##############################
          50 -      100        12  10.0%  #####

Load Plan:
  Room mode:          shared (4 users per room)
  Poll interval:      4.00 seconds
  VUs:                1
  Planned duration:   60.00 seconds
  Planned req/s:      4.00 (4 users x 2 rooms x 2 / 4.00 s)
  Sent:               240 of 240 planned (100.0%)
  Achieved req/s:     4.00 (over 60.00 seconds of load)
  Schedule lag p95:   3.25 ms
  Schedule lag max:   11.70 ms
  Per-user bandwidth: 14.55 kbps (1.82 KB/s)

Rate Limits (per client IP and path, requests per minute):
  /rooms/{id}/messages/poll (limit 60/min):
    Planned per path: 60.00/min (4 users every 4.00 s)
    Busiest path:     60.00/min (/rooms/17/messages/poll)
    Mean per path:    60.00/min
    429s seen:        0
    ⚠️  at the limit: a late poll can meet a full window and get a 429
  /rooms/{id}/chatting-agents (limit 120/min):
    Planned per path: 60.00/min (4 users every 4.00 s)
    Busiest path:     60.00/min (/rooms/17/chatting-agents)
    Mean per path:    60.00/min
    429s seen:        0

Scaling Estimates (linear extrapolation of this run, not a measurement):
  Per user: 1.00 req/s (2 rooms x 2 / 4.00 s); measured mean response: 1,800 bytes (poll), 1,200 bytes (agents)
      Users      req/s   Down kbps    MB/hour      MB/day  poll/min/path  agents/min/path
         50      50.00      600.00     257.49    6,179.81          750 !            750 !
        100     100.00    1,200.00     514.98   12,359.62        1,500 !          1,500 !
        500     500.00    6,000.00   2,574.92   61,798.10        7,500 !          7,500 !
      1,000   1,000.00   12,000.00   5,149.84  123,596.19       15,000 !         15,000 !
  req/s = users x ROOMS x 2 / POLL_INTERVAL; kbps = req/s x measured response size; MB = 1024 x 1024 bytes.
  Per-path limits per client IP: poll 60/min, agents 120/min; "!" marks a path over its limit.

k6 Totals (whole test, incl. setup and teardown):
  http_reqs:          245 (240 polling, 5 setup/teardown)
  data_received:      365,120 bytes (0.35 MB)
  data_sent:          73,216 bytes (0.07 MB)

Thresholds:
  PASS  cw_errors  rate<0.01  (rate=0.0000)
  PASS  cw_latency{endpoint:poll}  p(95)<1000  (p(95)=78.90 ms)
  PASS  cw_requests  count>0  (count=240)

Recommendations:
  ✅ System performing well under this load
  ✅ Low latency, no errors, no rate limiting
================================================================================
Summary files: reports/summary.json, reports/summary.html and reports/junit.xml (SUMMARY_DIR must exist: k6 does not create folders)
`,
  rateLimitedRun: `================================================================================
LOAD TEST RESULTS
================================================================================

Test Configuration:
  Users:              10
  Rooms per user:     2
  Total connections:  20
  Duration:           61.84 seconds

Request Statistics:
  Total requests:     600
  Successful:         360 (60.0%)
  Failed:             240 (40.0%)
  Rate limited:       240
  Requests/second:    9.70

Requests by Endpoint:
  /rooms/3/chatting-agents                      151
  /rooms/3/messages/poll                        150
  /rooms/4/chatting-agents                      150
  /rooms/4/messages/poll                        149

Latency (milliseconds):
  Min:                400.25 ms
  Mean:               1250.50 ms
  Median:             1100.00 ms
  95th percentile:    2200.50 ms
  99th percentile:    3100.25 ms
  Max:                3500.75 ms

Bandwidth:
  Downstream:         111.30 kbps (13.91 KB/s)
  Upstream:           23.44 kbps (2.93 KB/s)
  Total:              134.74 kbps (16.84 KB/s)

Data Transfer:
  Total received:     860,400 bytes (0.82 MB)
  Total sent:         181,200 bytes (0.17 MB)
  (the polling requests' bytes as k6 measured them for the polling VUs;
  setup, teardown and the live-room writer are not in them)

Projected Usage (based on test data):
  Per hour:           47.77 MB received; 57.83 MB received + sent
  Per day:            1146.38 MB received; 1387.81 MB received + sent
  (the old tool printed the received figure under this name)

Errors by Type:
  HTTP_429                       240

Latency by Endpoint (milliseconds):
  Endpoint                             Min      Mean    Median       p95       p99       Max
  /rooms/{id}/messages/poll         410.00   1300.00   1150.00   2250.00   3150.00   3500.75
  /rooms/{id}/chatting-agents       400.25   1200.00   1050.00   2100.00   2900.00   3000.00

Latency Histogram (milliseconds, responses per bucket):
  /rooms/{id}/messages/poll
    n/a (no latency samples, or --summary-trend-stats left out the percentiles)
  /rooms/{id}/chatting-agents
    n/a (no latency samples, or --summary-trend-stats left out the percentiles)

Load Plan:
  Room mode:          shared (10 users per room)
  Poll interval:      4.00 seconds
  VUs:                1
  Planned duration:   60.00 seconds
  Planned req/s:      10.00 (10 users x 2 rooms x 2 / 4.00 s)
  Sent:               600 of 600 planned (100.0%)
  Achieved req/s:     9.70 (over 61.84 seconds, setup and teardown included)
  Schedule lag p95:   350.25 ms
  Schedule lag max:   820.50 ms
  Per-user bandwidth: 13.47 kbps (1.68 KB/s)

Rate Limits (per client IP and path, requests per minute):
  /rooms/{id}/messages/poll (limit 60/min):
    Planned per path: 150.00/min (10 users every 4.00 s)
    Busiest path:     145.53/min (/rooms/3/messages/poll)
    Mean per path:    145.53/min
    429s seen:        180
    ⚠️  over the limit
  /rooms/{id}/chatting-agents (limit 120/min):
    Planned per path: 150.00/min (10 users every 4.00 s)
    Busiest path:     146.50/min (/rooms/3/chatting-agents)
    Mean per path:    145.53/min
    429s seen:        60
    ⚠️  over the limit

Scaling Estimates (linear extrapolation of this run, not a measurement):
  Per user: 1.00 req/s (2 rooms x 2 / 4.00 s); measured mean response: 1,600 bytes (poll), 1,233 bytes (agents)
      Users      req/s   Down kbps    MB/hour      MB/day  poll/min/path  agents/min/path
         50      50.00      566.67     243.19    5,836.49          750 !            750 !
        100     100.00    1,133.33     486.37   11,672.97        1,500 !          1,500 !
        500     500.00    5,666.67   2,431.87   58,364.87        7,500 !          7,500 !
      1,000   1,000.00   11,333.33   4,863.74  116,729.74       15,000 !         15,000 !
  req/s = users x ROOMS x 2 / POLL_INTERVAL; kbps = req/s x measured response size; MB = 1024 x 1024 bytes.
  Per-path limits per client IP: poll 60/min, agents 120/min; "!" marks a path over its limit.

k6 Totals (whole test, incl. setup and teardown):
  http_reqs:          605 (600 polling, 5 setup/teardown)
  data_received:      861,532 bytes (0.82 MB)
  data_sent:          182,044 bytes (0.17 MB)

Thresholds:
  PASS  cw_errors  rate<0.01  (rate=0.0000)
  FAIL  cw_latency{endpoint:poll}  p(95)<1000  (p(95)=2250.00 ms)
  FAIL  cw_requests{status:429}  count<1  (count=240)

Recommendations:
  ⚠️  Rate limiting detected: 240 requests got HTTP 429
  ⚠️  High latency: p95 is 2200.50 ms (over 1 s)
  ⚠️  2 of 3 thresholds failed
  ⚠️  Each /rooms/{id}/messages/poll path got 146 requests/min (planned 150) from one IP; the server allows 60: use fewer users per room (at most 4 at a 4 s interval, which is at the limit; 3 stay below it), ROOM_MODE=per-user, or several source IPs with k6 --local-ips
  ⚠️  Each /rooms/{id}/chatting-agents path got 147 requests/min (planned 150) from one IP; the server allows 120: use fewer users per room (at most 8 at a 4 s interval, which is at the limit; 7 stay below it), ROOM_MODE=per-user, or several source IPs with k6 --local-ips
================================================================================
Summary files: summary.json, summary.html and junit.xml in the working directory
`,
  connectionErrorRun: `================================================================================
LOAD TEST RESULTS
================================================================================

Test Configuration:
  Users:              12
  Rooms per user:     2
  Total connections:  24
  Duration:           30.51 seconds

Request Statistics:
  Total requests:     360
  Successful:         100 (27.8%)
  Failed:             260 (72.2%)
  Rate limited:       0
  Requests/second:    11.80

Requests by Endpoint:
  /rooms/{id}/chatting-agents                   180
  /rooms/{id}/messages/poll                     180
  (totals of all 24 rooms: runs with more than 20 rooms are not broken down by room)

Latency (milliseconds):
  Min:                4.25 ms
  Mean:               20.50 ms
  Median:             18.00 ms
  95th percentile:    44.50 ms
  99th percentile:    n/a
  Max:                60.13 ms

Bandwidth:
  Downstream:         10.75 kbps (1.34 KB/s)
  Upstream:           9.75 kbps (1.22 KB/s)
  Total:              20.50 kbps (2.56 KB/s)

Data Transfer:
  Total received:     41,000 bytes (0.04 MB)
  Total sent:         37,200 bytes (0.04 MB)
  (the polling requests' bytes as k6 measured them for the polling VUs;
  setup, teardown and the live-room writer are not in them)

Projected Usage (based on test data):
  Per hour:           4.61 MB received; 8.80 MB received + sent
  Per day:            110.72 MB received; 211.18 MB received + sent
  (the old tool printed the received figure under this name)

Errors by Type:
  HTTP_500                                    20
  HTTP_other                                  4
  timeout (1050 request timeout)              30
  connection_error (1212 connection refused)  200
  connection_error (other error code)         6

Latency by Endpoint (milliseconds):
  Endpoint                             Min      Mean    Median       p95       p99       Max
  /rooms/{id}/messages/poll           4.25     22.00     19.00     46.00       n/a     60.13
  /rooms/{id}/chatting-agents         5.00     19.00     17.00     41.00       n/a     50.00

Latency Histogram (milliseconds, responses per bucket):
  /rooms/{id}/messages/poll
    n/a (no latency samples, or --summary-trend-stats left out the percentiles)
  /rooms/{id}/chatting-agents
    n/a (no latency samples, or --summary-trend-stats left out the percentiles)

Load Plan:
  Room mode:          per-user (1 user per room)
  Poll interval:      4.00 seconds
  VUs:                2
  Planned duration:   30.00 seconds
  Planned req/s:      12.00 (12 users x 2 rooms x 2 / 4.00 s)
  Sent:               360 of 360 planned (100.0%)
  Achieved req/s:     11.80 (over 30.51 seconds, setup and teardown included)
  Schedule lag p95:   1.50 ms
  Schedule lag max:   5.50 ms
  Per-user bandwidth: 1.71 kbps (0.21 KB/s)

Rate Limits (per client IP and path, requests per minute):
  /rooms/{id}/messages/poll (limit 60/min):
    Planned per path: 15.00/min (1 user every 4.00 s)
    Mean per path:    14.75/min
    429s seen:        0
  /rooms/{id}/chatting-agents (limit 120/min):
    Planned per path: 15.00/min (1 user every 4.00 s)
    Mean per path:    14.75/min
    429s seen:        0

Scaling Estimates (linear extrapolation of this run, not a measurement):
  Per user: 1.00 req/s (2 rooms x 2 / 4.00 s); measured mean response: 133 bytes (poll), 89 bytes (agents)
      Users      req/s   Down kbps    MB/hour      MB/day  poll/min/path  agents/min/path
         50      50.00       44.44      19.07      457.76             15               15
        100     100.00       88.89      38.15      915.53             15               15
        500     500.00      444.44     190.73    4,577.64             15               15
      1,000   1,000.00      888.89     381.47    9,155.27             15               15
  req/s = users x ROOMS x 2 / POLL_INTERVAL; kbps = req/s x measured response size; MB = 1024 x 1024 bytes.
  Per-path limits per client IP: poll 60/min, agents 120/min; "!" marks a path over its limit.

k6 Totals (whole test, incl. setup and teardown):
  http_reqs:          373 (360 polling, 13 setup/teardown)
  data_received:      41,990 bytes (0.04 MB)
  data_sent:          38,002 bytes (0.04 MB)

Thresholds:
  FAIL  cw_errors  rate<0.01  (rate=0.7222)
  PASS  cw_latency{endpoint:poll}  p(99)<1500  (p(99)=n/a)

Recommendations:
  ⚠️  High error rate: 72.2% of requests failed (429s not counted)
  ⚠️  1 of 2 thresholds failed
================================================================================
Summary files: summary.json, summary.html and junit.xml in the working directory
`,
  setupFailedRun: `================================================================================
LOAD TEST RESULTS
================================================================================

❌ SETUP FAILED: setup did not return the test rooms (the cause is in the k6 output)
    No load was sent: no polling request was made, and setup deleted any test room it had
    created. The thresholds were not evaluated.

Test Configuration (planned):
  Users:              10
  Rooms per user:     2
  Duration:           60.00 seconds
  Target:             http://localhost:8000

Thresholds:
  NOT EVALUATED  cw_errors  rate<0.01
  NOT EVALUATED  cw_latency{endpoint:poll}  p(95)<1000

Recommendations:
  ⚠️  Setup failed, so nothing was measured: fix the cause at the top (BASE_URL, PASSWORD, the server) and run again
================================================================================
Summary files: out/summary.json, out/summary.html and out/junit.xml (SUMMARY_DIR must exist: k6 does not create folders)
`,
};
