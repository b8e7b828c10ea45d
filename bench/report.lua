-- The figures bench/run.sh reads from a wrk run, on one line:
-- requests per second, p95 and p99 latency in milliseconds, answers that were not 2xx.
done = function(summary, latency, requests)
  io.write(string.format("%.1f %.2f %.2f %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status))
end
