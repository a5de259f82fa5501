-- Helpers shared by every Redrive script; LuaScript puts this file in front of each one.
-- Per-message keys follow KeySchema.QueueKeys: <base>m:<id> and <base>ev:<id>, where <base> is
-- "<prefix>:{<queue>}:". Scripts that discover ids (lease, promote, recover, sweep) derive those keys from the
-- base they are given; the hash tag in the base keeps them in the slot of the declared keys (decision 0002).
local function msg_key(base, id) return base .. 'm:' .. id end
local function events_key(base, id) return base .. 'ev:' .. id end

-- The JSON of one timeline event; `fields` must hold at least `at` and `type`.
local function event(fields)
  return cjson.encode(fields)
end

-- The JSON of a timeline event without cjson, for the hot paths: `rest` is '' or ',"name":value...' whose
-- strings are already JSON-encoded; `at` is the ARGV string of a whole number of milliseconds.
local function event_json(at, kind, rest)
  return '{"at":' .. at .. ',"type":"' .. kind .. '"' .. rest .. '}'
end

-- The "leased" event of the lease now ending, from the fields lease.lua wrote: by = leasedBy,
-- at = updatedAt, attempt = attempts.
local function leased_event(by, at, attempt)
  return event_json(at, 'leased', ',"by":' .. cjson.encode(by or '') .. ',"attempt":' .. attempt)
end

-- Adds n to a per-minute counter that expires after ttl seconds.
local function count(metrics_key, field, n, ttl)
  if n > 0 then
    redis.call('HINCRBY', metrics_key, field, n)
    redis.call('EXPIRE', metrics_key, ttl)
  end
end

-- Removes a message and its timeline.
local function delete_message(base, id)
  redis.call('DEL', msg_key(base, id), events_key(base, id))
end

-- Runs one command over many values in slices of 1000 (even, so ZADD's score/member pairs stay together),
-- which keeps unpack under Lua's stack limit; one call per slice instead of one per message.
-- key may be nil for commands that take only values (DEL).
local function bulk(command, key, values)
  for i = 1, #values, 1000 do
    local last = math.min(i + 999, #values)
    if key then
      redis.call(command, key, unpack(values, i, last))
    else
      redis.call(command, unpack(values, i, last))
    end
  end
end
