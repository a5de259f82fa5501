-- promote: moves scheduled messages whose time has come to ready.
-- KEYS[1] scheduled ZSET, KEYS[2] ready ZSET.
-- ARGV[1] now (ms), ARGV[2] how many at most, ARGV[3] queue key base.
-- Guarantees: each message leaves scheduled and enters ready in one step, so engines running this at the same
--   time never move one message twice. Returns how many moved.
local now = tonumber(ARGV[1])
local base = ARGV[3]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(due) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZADD', KEYS[2], ARGV[1], id)
  redis.call('HSET', msg_key(base, id), 'state', 'ready', 'updatedAt', ARGV[1])
  redis.call('HDEL', msg_key(base, id), 'nextAttemptAt')
  event(events_key(base, id), {at = now, type = 'ready'})
end
return #due
