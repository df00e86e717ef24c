-- Prints wrk's summary as one JSON line (prefixed BENCH_JSON) for bench/run.py to read.
-- Loaded by every scenario; mix.lua loads it too.

local function number(value)
  if value ~= value or value == math.huge then return 0 end -- NaN or inf when nothing completed
  return value
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"bytes":%d,"duration_us":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.bytes, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, number(latency.mean)))
end
