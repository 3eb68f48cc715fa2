-- wrk script for benchmarks/load.py (make load). One connection per wrk thread, so the last
-- request a thread generated is the one its response() answers (wrk never pipelines here).
--
-- Arguments after `--`: mode petition_id rate_per_connection outdir run
--   mode "sign":    POST /api/petitions/ID/signatures with unique bodies; the e-mail of every
--                   202 answer is appended to outdir/acked-<thread>.txt
--   mode "read":    GET /api/petitions/ID (readers polling the count)
-- Requests are paced by a per-connection schedule: a request that could not be sent on time
-- (its connection was waiting for an answer, or for the server to come back) is sent as soon
-- as the connection is free, so the offered rate holds over the run as long as the server
-- catches up. Two latencies per answer, in histograms of this script's own:
--   "served_ms":    the service time, from sending the request to its answer;
--   "scheduled_ms": from the request's slot in the schedule to its answer (what wrk2 calls
--                   the corrected latency: it includes any wait for the connection or for a
--                   restart).
-- wrk's own "latency_us" is neither: wrk 4 adds made-up samples after each slow answer
-- (stats_correct), assuming each connection sends at an even pace.
--
--   mode "confirm": GET each path of the file ID (one per line; thread t takes the lines
--                   t, t + threads, ...; threads = the rate argument), the status and path of
--                   each answer appended to outdir/confirmed-<thread>.txt; a thread stops when
--                   its share is done (the harness then ends wrk).

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } electoral_ts;
  int clock_gettime(int clk, electoral_ts *ts);
]]
local ts = ffi.new("electoral_ts")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local PROVIDERS = {
  "gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com",
  "comcast.net", "proton.me", "live.com", "verizon.net",
}
local ZIPS = { "19104", "48201", "53703", "10001", "94103", "33101", "60601", "85001" }

local mode, pid, interval, outdir, run
local next_at, n, last_email, out, scheduled, paths, sent
statuses = {}
acked = 0
late = {} -- latency from the schedule: ms (below 1 s) or 10 ms buckets -> count
served = {} -- service time (sending to answer), the same buckets
answers = {} -- answers by second of the run (from wrk's start)
slowest = {} -- the slowest service time (ms) of the answers of each second
slow = {} -- answers of each second that took over 250 ms to serve
local started

local function record(histogram, ms)
  local bucket = ms < 1000 and math.floor(ms) or 1000 + math.floor((ms - 1000) / 10) * 10
  histogram[bucket] = (histogram[bucket] or 0) + 1
end

function init(args)
  mode, pid = args[1], args[2]
  interval = 1000.0 / tonumber(args[3])
  outdir, run = args[4], args[5]
  n = 0
  started = now_ms()
  next_at = started + math.random() * interval
  if mode == "sign" then
    out = io.open(string.format("%s/acked-%d.txt", outdir, tid), "w")
    out:setvbuf("line")
  elseif mode == "confirm" then
    paths = {}
    local threads, i = tonumber(args[3]), 0
    for line in io.lines(pid) do
      if i % threads == tid then
        table.insert(paths, line)
      end
      i = i + 1
    end
    out = io.open(string.format("%s/confirmed-%d.txt", outdir, tid), "w")
    out:setvbuf("line")
  end
end

function delay()
  if mode == "confirm" then
    return 0
  end
  local now = now_ms()
  local wait = next_at - now
  scheduled = next_at
  next_at = next_at + interval
  if wait < 0 then
    return 0
  end
  return math.floor(wait)
end

local function sign_request()
  n = n + 1
  local kind = n % 50
  local ip, email
  if kind == 0 then -- a flooder: one of 4 addresses, at a big provider (IP limits trip)
    ip = string.format("198.51.100.%d", tid % 4 + 1)
    email = string.format("f%s-%d-%d@gmail.com", run, tid, n)
  elseif kind == 25 then -- a bulk sender: one small domain, fresh addresses (domain limits trip)
    ip = string.format("203.0.%d.%d", tid % 250, n % 250 + 1)
    email = string.format("b%s-%d-%d@bulk-sender.org", run, tid, n)
  else -- real signers: many addresses, big providers and many small domains
    local slot = math.floor(n / 4) -- four signers per address (a household)
    ip = string.format("100.%d.%d.%d", 64 + tid % 64, math.floor(slot / 250) % 250, slot % 250 + 1)
    local domain
    if n % 10 < 7 then
      domain = PROVIDERS[(n + tid) % #PROVIDERS + 1]
    else
      domain = string.format("mail%d.org", (tid * 7919 + n) % 3000)
    end
    email = string.format("s%s-%d-%d@%s", run, tid, n, domain)
  end
  last_email = email
  local body = string.format(
    '{"name":"Signer %d %d","email":"%s","zip":"%s"}', tid, n, email, ZIPS[n % #ZIPS + 1]
  )
  return wrk.format("POST", "/api/petitions/" .. pid .. "/signatures", {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = ip,
  }, body)
end

function request()
  sent = now_ms()
  if mode == "sign" then
    return sign_request()
  elseif mode == "confirm" then
    -- the next path is counted in response(): wrk calls thread 0's request() once more,
    -- before the run, to check the script (script_verify_request)
    return wrk.format("GET", paths[n + 1])
  end
  return wrk.format("GET", "/api/petitions/" .. pid)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if mode == "confirm" then
    n = n + 1
    out:write(status, " ", paths[n], "\n")
    if n >= #paths then
      out:close()
      wrk.thread:stop()
    end
    return
  end
  local now = now_ms()
  record(late, now - scheduled)
  local second = math.floor((now - started) / 1000)
  answers[second] = (answers[second] or 0) + 1
  local took = now - sent
  record(served, took)
  if took > 250 then
    slow[second] = (slow[second] or 0) + 1
  end
  if took > (slowest[second] or 0) then
    slowest[second] = took
  end
  if mode == "sign" and status == 202 then
    out:write(last_email, "\n")
    acked = acked + 1
  end
end

local function summary_of(name, merged)
  local buckets, total = {}, 0
  for bucket, count in pairs(merged) do
    table.insert(buckets, bucket)
    total = total + count
  end
  table.sort(buckets)
  local function percentile(p)
    local want, seen = total * p / 100, 0
    for _, bucket in ipairs(buckets) do
      seen = seen + merged[bucket]
      if seen >= want then
        return bucket
      end
    end
    return 0
  end
  local over = 0
  for _, bucket in ipairs(buckets) do
    if bucket >= 250 then
      over = over + merged[bucket]
    end
  end
  return string.format(
    '"%s":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"over_250":%d}',
    name, percentile(50), percentile(90), percentile(99), buckets[#buckets] or 0, over
  )
end

local function add(a, b)
  return a + b
end

-- the tables of one name from every thread, merged key by key with `combine`
local function merged_from(name, combine)
  local result = {}
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get(name) or {}) do
      result[k] = result[k] and combine(result[k], v) or v
    end
  end
  return result
end

function done(summary, latency, requests)
  local merged, merged_late = merged_from("statuses", add), merged_from("late", add)
  local merged_served, by_second = merged_from("served", add), merged_from("answers", add)
  local over, worst = merged_from("slow", add), merged_from("slowest", math.max)
  local total_acked = 0
  for _, thread in ipairs(threads) do
    total_acked = total_acked + (thread:get("acked") or 0)
  end
  local parts = {}
  for k, v in pairs(merged) do
    table.insert(parts, string.format('"%s":%d', k, v))
  end
  local seconds = {}
  for k, _ in pairs(by_second) do
    table.insert(seconds, k)
  end
  table.sort(seconds)
  local timeline = {}
  for _, k in ipairs(seconds) do
    table.insert(
      timeline,
      string.format("[%d,%d,%d,%d]", k, by_second[k], over[k] or 0, math.floor(worst[k]))
    )
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"statuses":{%s},"acked":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},%s,%s,'
      .. '"timeline":[%s]}\n',
    summary.requests, summary.duration, table.concat(parts, ","), total_acked,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, summary_of("scheduled_ms", merged_late), summary_of("served_ms", merged_served),
    table.concat(timeline, ",")
  ))
end
