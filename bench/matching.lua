-- wrk script for the matching benchmark: every request asks for another need, offer or place,
-- so no answer is served from a warm repeat; prints the 95th percentile at the end.
--   MATCH=need|offer|near COUNT=<highest id> wrk -t1 -c1 -d15s -s bench/matching.lua URL
local what = os.getenv("MATCH") or "need"
local count = tonumber(os.getenv("COUNT") or "50000")
math.randomseed(20261127)

request = function()
  local path
  if what == "need" then
    path = "/api/v1/needs/" .. math.random(1, count) .. "/matches"
  elseif what == "offer" then
    path = "/api/v1/offers/" .. math.random(1, count) .. "/matches"
  else
    path = string.format("/api/v1/needs/near?latitude=%.5f&longitude=%.5f&radius_km=3",
      56.08 + math.random() * 0.2, 10.00 + math.random() * 0.3)
  end
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  requests %d  errors %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
