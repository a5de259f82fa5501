-- retry_now: an operator makes retry-scheduled messages due now.
-- KEYS[1] scheduled ZSET, KEYS[2] ready ZSET. ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who, then the ids.
-- Guarantees: a message moves only while it is scheduled; it leaves scheduled and enters ready in one step.
-- Returns per id 1 moved, 0 skipped.
local now, base = ARGV[1], ARGV[2]
local by = ',"by":' .. cjson.encode(ARGV[3])
local out, moved, ready = {}, {}, {}
for i = 4, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  if redis.call('HGET', msg, 'state') == 'scheduled' then
    redis.call('HSET', msg, 'state', 'ready', 'updatedAt', now, 'nextAttemptAt', '')
    redis.call('RPUSH', events_key(base, id), event_json(now, 'retried-now', by))
    moved[#moved + 1] = id
    ready[#ready + 1] = now
    ready[#ready + 1] = id
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
bulk('ZREM', KEYS[1], moved)
bulk('ZADD', KEYS[2], ready)
return out
