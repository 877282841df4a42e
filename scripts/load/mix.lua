-- wrk script of scripts/load-and-fault.sh: a weighted mix of valid small and large requests and
-- invalid ones (400, 422, 413), read from the files that `clients.py payloads` writes into
-- $XENT_LOAD_DIR. Counts responses by status, and apart from them the 503s that come once
-- $XENT_LOAD_DIR/sigterm exists: after SIGTERM, Tomcat answers a request that arrives on a
-- connection already open with 503 and "Connection: close" (a refusal, not a failure).

local dir = os.getenv("XENT_LOAD_DIR")

local mix = {
  { path = "/v1/cross-entropy/binary", file = "binary-small.json", weight = 35 },
  { path = "/v1/cross-entropy/categorical", file = "categorical-small.json", weight = 20 },
  { path = "/v1/cross-entropy/multilabel", file = "multilabel-small.json", weight = 15 },
  { path = "/v1/cross-entropy/binary", file = "binary-100k.json", weight = 2 },
  { path = "/v1/cross-entropy/categorical", file = "categorical-10kx10.json", weight = 2 },
  { path = "/v1/cross-entropy/binary", file = "malformed.json", weight = 10 },
  { path = "/v1/cross-entropy/categorical", file = "invalid-values.json", weight = 10 },
  { path = "/v1/cross-entropy/categorical", file = "too-many-classes.json", weight = 6 },
}

local requests = {}
local total = 0
codes = {}
fivexx = 0
shutdown_503 = 0

function init(args)
  for _, entry in ipairs(mix) do
    local f = assert(io.open(dir .. "/" .. entry.file, "rb"))
    local body = f:read("*a")
    f:close()
    local formatted = wrk.format("POST", entry.path, { ["Content-Type"] = "application/json" }, body)
    for _ = 1, entry.weight do
      table.insert(requests, formatted)
    end
    total = total + entry.weight
  end
  math.randomseed(os.time() * 100 + (id or 0))
end

function request()
  return requests[math.random(total)]
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status >= 500 then
    local marker = (status == 503) and io.open(dir .. "/sigterm", "r")
    if marker then
      marker:close()
      shutdown_503 = shutdown_503 + 1
    else
      fivexx = fivexx + 1
    end
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function done(summary, latency, requests)
  local all = {}
  local before, after = 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("codes")) do
      all[status] = (all[status] or 0) + count
    end
    before = before + thread:get("fivexx")
    after = after + thread:get("shutdown_503")
  end
  local statuses = {}
  for status, count in pairs(all) do
    table.insert(statuses, string.format("\"%d\":%d", status, count))
  end
  table.sort(statuses)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT {\"responses\":%d,\"seconds\":%.1f,\"statuses\":{%s},\"fivexx\":%d," ..
    "\"shutdown_503\":%d,\"socket_errors\":{\"connect\":%d,\"read\":%d,\"write\":%d,\"timeout\":%d}," ..
    "\"latency_ms\":{\"p50\":%.2f,\"p90\":%.2f,\"p99\":%.2f,\"max\":%.2f}}\n",
    summary.requests, summary.duration / 1e6, table.concat(statuses, ","), before, after,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
