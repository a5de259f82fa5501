-- Helpers shared by every Redrive script; LuaScript puts this file in front of each one.
-- Per-message keys follow KeySchema.QueueKeys: <base>m:<id>, <base>ev:<id>, <base>err:<id>, where <base> is
-- "<prefix>:{<queue>}:". Scripts that discover ids (lease, promote, recover, sweep) derive those keys from the
-- base they are given; the hash tag in the base keeps them in the slot of the declared keys (decision 0002).
local function msg_key(base, id) return base .. 'm:' .. id end
local function events_key(base, id) return base .. 'ev:' .. id end
local function errors_key(base, id) return base .. 'err:' .. id end

-- Appends one timeline event; `fields` must hold at least `at` and `type`.
local function event(key, fields)
  redis.call('RPUSH', key, cjson.encode(fields))
end

-- Adds n to a per-minute counter that expires after ttl seconds.
local function count(metrics_key, field, n, ttl)
  if n > 0 then
    redis.call('HINCRBY', metrics_key, field, n)
    redis.call('EXPIRE', metrics_key, ttl)
  end
end

-- Removes a message and everything kept for it.
local function delete_message(base, id)
  redis.call('DEL', msg_key(base, id), events_key(base, id), errors_key(base, id))
end
