-- wrk script for bench/load.py: each request is a random path (from paths.txt) with a random agent's bearer token
-- (from tokens.txt), sent as through a TLS-terminating proxy. Prints one JSON line of results when done.
-- wrk -s bench/load.lua <url> -- <paths file> <tokens file>

local paths, tokens = {}, {}

local function lines(file)
  local out = {}
  for line in io.lines(file) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

local counter = 0
setup = function(thread)
  counter = counter + 1
  thread:set("seed", counter * 7919)
end

init = function(args)
  paths, tokens = lines(args[1]), lines(args[2])
  math.randomseed(seed or 1)
end

request = function()
  local path = paths[math.random(#paths)]
  local token = tokens[math.random(#tokens)]
  return wrk.format("GET", path, {
    ["Authorization"] = "Bearer " .. token,
    ["X-Forwarded-Proto"] = "https",
    ["Accept"] = "application/json",
  })
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "non_2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d, ' ..
    '"p50": %.3f, "p90": %.3f, "p95": %.3f, "p99": %.3f, "max": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
