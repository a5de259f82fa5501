-- dlq_restore: takes purged dead letters back out of the trash, dead again as they were.
-- KEYS[1] trash ZSET, KEYS[2] dead ZSET (the other dead-letter indexes are derived from ARGV[2]).
-- ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who, ARGV[4] the dead-letter retention cutoff (ms), then the ids.
-- Guarantees: a message moves only while it is in the trash; it returns to every dead-letter index under its
--   original time of death, class and group. One whose death is older than the retention cutoff gets the restore
--   as its time of death instead (the original stays in firstDeadAt), so the next sweep does not delete what an
--   operator just restored. A "restored" event records who.
-- Returns per id 1 restored, 0 skipped.
local now, base = ARGV[1], ARGV[2]
local by = ',"by":' .. cjson.encode(ARGV[3])
local out, gone = {}, {}
local batch = dead_batch()
for i = 5, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  local f = redis.call('HMGET', msg, 'state', 'deadAt', 'attempts', 'errorClass', 'group', 'lastError')
  if f[1] == 'trashed' then
    local dead_at = f[2] or now
    if tonumber(dead_at) < tonumber(ARGV[4]) then
      redis.call('HSET', msg, 'firstDeadAt', dead_at, 'deadAt', now)
      dead_at = now
    end
    dead_change(batch, id, dead_at, f[3], f[4], f[5], f[6])
    redis.call('HSET', msg, 'state', 'dead', 'trashedAt', '', 'updatedAt', now)
    gone[#gone + 1] = id
    redis.call('RPUSH', events_key(base, id), event_json(now, 'restored', by))
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
bulk('ZREM', KEYS[1], gone)
index_dead(base, batch)
return out
