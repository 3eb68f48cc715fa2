-- wrk script for benchmarks/load.py (make load). One connection per wrk thread, so the last
-- request a thread generated is the one its response() answers (wrk never pipelines here).
--
-- Arguments after `--`: mode petition_id rate_per_connection outdir run
--   mode "sign":    POST /api/petitions/ID/signatures with unique bodies; the e-mail of every
--                   202 answer is appended to outdir/acked-<thread>.txt
--   mode "read":    GET /api/petitions/ID (readers polling the count)
-- Requests are paced by a per-connection schedule (catch-up allowed, so the offered rate holds
-- while a connection keeps up; beyond that wrk is closed-loop: see the report).

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
local next_at, n, last_email, out
statuses = {}
acked = 0

function init(args)
  mode, pid = args[1], args[2]
  interval = 1000.0 / tonumber(args[3])
  outdir, run = args[4], args[5]
  n = 0
  next_at = now_ms() + math.random() * interval
  if mode == "sign" then
    out = io.open(string.format("%s/acked-%d.txt", outdir, tid), "w")
    out:setvbuf("line")
  end
end

function delay()
  local now = now_ms()
  if next_at < now - 1000 then
    next_at = now - 1000 -- at most a second of catch-up
  end
  local wait = next_at - now
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
  if mode == "sign" then
    return sign_request()
  end
  return wrk.format("GET", "/api/petitions/" .. pid)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if mode == "sign" and status == 202 then
    out:write(last_email, "\n")
    acked = acked + 1
  end
end

function done(summary, latency, requests)
  local merged = {}
  local total_acked = 0
  for _, thread in ipairs(threads) do
    for k, v in pairs(thread:get("statuses") or {}) do
      merged[k] = (merged[k] or 0) + v
    end
    total_acked = total_acked + (thread:get("acked") or 0)
  end
  local parts = {}
  for k, v in pairs(merged) do
    table.insert(parts, string.format('"%s":%d', k, v))
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"statuses":{%s},"acked":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, table.concat(parts, ","), total_acked,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean
  ))
end
