-- recover: takes back messages whose lease expired (their worker crashed or stalled) and delivers them again,
-- or dead-letters them when that lease was their last allowed attempt.
-- KEYS[1] inflight ZSET, KEYS[2] ready ZSET, KEYS[3] dead ZSET, KEYS[4] this minute's metrics HASH.
-- ARGV[1] now (ms), ARGV[2] how many at most, ARGV[3] max attempts, ARGV[4] queue key base, ARGV[5] metrics TTL (s),
--   ARGV[6] id of the engine recovering.
-- Guarantees: the expired attempt stays counted and is recorded as an error; each message leaves in flight and
--   enters ready or dead in one step, so engines running this at the same time never recover one twice.
-- Returns {recovered, of which dead-lettered}.
local now = tonumber(ARGV[1])
local max_attempts = tonumber(ARGV[3])
local base = ARGV[4]
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local dead = 0
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[1], id)
  local msg = msg_key(base, id)
  local f = redis.call('HMGET', msg, 'attempts', 'leasedBy')
  local attempt = tonumber(f[1]) or 0
  local holder = f[2] or 'unknown worker'
  local summary = 'LeaseExpired: ' .. holder .. ' did not finish attempt ' .. attempt .. ' before its lease expired'
  redis.call('RPUSH', errors_key(base, id), cjson.encode({attempt = attempt, at = now, type = 'LeaseExpired',
    message = holder .. ' did not finish attempt ' .. attempt .. ' before its lease expired',
    stackTrace = '', worker = holder, host = ARGV[6]}))
  redis.call('HDEL', msg, 'leasedBy')
  event(events_key(base, id), {at = now, type = 'lease-expired', by = ARGV[6], attempt = attempt})
  if attempt >= max_attempts then
    dead = dead + 1
    redis.call('HSET', msg, 'state', 'dead', 'updatedAt', ARGV[1], 'deadAt', ARGV[1], 'lastError', summary,
      'deadReason', 'exhausted')
    redis.call('ZADD', KEYS[3], ARGV[1], id)
    event(events_key(base, id), {at = now, type = 'dead-lettered', reason = 'exhausted'})
  else
    redis.call('HSET', msg, 'state', 'ready', 'updatedAt', ARGV[1], 'lastError', summary)
    redis.call('ZADD', KEYS[2], ARGV[1], id)
  end
end
count(KEYS[4], 'recovered', #expired, ARGV[5])
count(KEYS[4], 'failed', #expired, ARGV[5])
count(KEYS[4], 'deadLettered', dead, ARGV[5])
return {#expired, dead}
