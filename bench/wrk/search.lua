-- wrk script for bench/scale.py: cycles through real questions (one a line in the file given
-- after "--"), each as GET /api/search?q=…; without a file it requests the URL's own path (the
-- /api/ping ceiling). At the end it prints one JSON line of throughput and latency.
--   wrk -t2 -c8 -d10s -s bench/wrk/search.lua http://127.0.0.1:8080/api/search -- queries.txt

local paths = {}
local counter = 0
local threads = {}

function setup(thread)
    thread:set("id", #threads)
    table.insert(threads, thread)
end

local function urlencode(s)
    return (s:gsub("[^%w%-%._~]", function(c)
        return string.format("%%%02X", string.byte(c))
    end))
end

function init(args)
    local file = args[1]
    if file then
        for line in io.lines(file) do
            if line:match("%S") then
                table.insert(paths, wrk.path .. "?q=" .. urlencode(line))
            end
        end
    end
    -- Threads start at different places so they do not ask the same question at once.
    counter = (id or 0) * 7919
end

function request()
    if #paths == 0 then
        return wrk.format("GET")
    end
    counter = counter + 1
    return wrk.format("GET", paths[(counter % #paths) + 1])
end

function done(summary, latency, requests)
    local e = summary.errors
    local seconds = summary.duration / 1e6
    io.write(string.format(
        '{"requests":%d,"seconds":%.3f,"rps":%.1f,"errors":%d,"non2xx":%d,' ..
        '"p50_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,"mean_ms":%.3f}\n',
        summary.requests, seconds, summary.requests / seconds,
        e.connect + e.read + e.write + e.timeout, e.status,
        latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, latency.mean / 1000))
end
