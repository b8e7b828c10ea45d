-- wrk script for the sign-up benchmark: every request signs up another person (bearer token
-- bench-<n>, made by bench/people.py), so each is a real first sign-up, never a refusal.
--   EVENT=<id> PEOPLE=<count> wrk -t2 -c64 -d15s -s bench/signups.lua URL
local event = os.getenv("EVENT")
local people = tonumber(os.getenv("PEOPLE") or "60000")
local threads = {}
local counter = 0

setup = function(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

init = function(args)
  counter = offset
  stride = 2
end

request = function()
  local n = counter
  counter = counter + stride
  if n >= people then
    n = n % people
  end
  return wrk.format("POST", "/api/v1/events/" .. event .. "/signups", { ["Authorization"] = "Bearer bench-" .. n })
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout
  io.write(string.format("%.0f req/s  p50 %.1f ms  p99 %.1f ms  requests %d  non-2xx or errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
