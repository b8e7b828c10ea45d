-- wrk script for the tip benchmark: every request posts a new tip through Open311 as
-- multipart/form-data, with the photo in PHOTO (a file) as its `media` when PHOTO is set.
--   KEY=<open311 key> [PHOTO=photo.jpg] wrk -t2 -c16 -d10s -s bench/tips.lua URL
local key = os.getenv("KEY")
local photo_path = os.getenv("PHOTO")
local boundary = "medspil-bench-boundary"

local function field(name, value)
  return "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"" .. name .. "\"\r\n\r\n" .. value .. "\r\n"
end

init = function(args)
  local body = field("api_key", key) .. field("service_code", "groent") .. field("lat", "56.1486")
    .. field("long", "10.2040") .. field("description", "Bedet trænger til at blive luget.")
  if photo_path and photo_path ~= "" then
    local f = assert(io.open(photo_path, "rb"))
    local photo = f:read("*a")
    f:close()
    body = body .. "--" .. boundary .. "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"bed.jpg\"\r\n"
      .. "Content-Type: image/jpeg\r\n\r\n" .. photo .. "\r\n"
  end
  wrk.method = "POST"
  wrk.body = body .. "--" .. boundary .. "--\r\n"
  wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
end

done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout
  io.write(string.format("%.0f req/s  p50 %.1f ms  p99 %.1f ms  requests %d  non-2xx or errors %d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, errors))
end
