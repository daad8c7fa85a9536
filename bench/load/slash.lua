-- wrk script for bench/load/run.sh: cycles through pre-signed Slack /practice slash-command
-- requests (written by `bench.py sign`, path given after `--`) and prints a machine-readable
-- summary line in done(). Usage: wrk -t2 -c50 -d15s -s slash.lua http://127.0.0.1:PORT/slack/events -- FILE

local reqs = {}
local idx = 0

function init(args)
  local file = args[1]
  if not file then
    error("slash.lua: pass the signed request file after --")
  end
  local data = dofile(file)
  for i, r in ipairs(data) do
    reqs[i] = wrk.format("POST", nil, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["User-Agent"] = "Slackbot 1.0 (+https://api.slack.com/robots)",
      ["X-Slack-Request-Timestamp"] = r[1],
      ["X-Slack-Signature"] = r[2],
    }, r[3])
  end
  if #reqs == 0 then
    error("slash.lua: no requests in " .. file)
  end
  -- threads start at different offsets of the cycle
  idx = math.random(#reqs) - 1
end

function request()
  idx = idx % #reqs + 1
  return reqs[idx]
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d connect_err=%d read_err=%d write_err=%d timeout_err=%d\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end
