-- dlq_purge: moves dead letters to the trash, where they stay restorable until the trash retention ends.
-- KEYS[1] trash ZSET, KEYS[2] dead ZSET (the other dead-letter indexes are derived from ARGV[2]).
-- ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who, then the ids.
-- Guarantees: a message moves only while it is dead and unclaimed; it leaves every dead-letter index in the same
--   step (its class, group and time of death stay in its hash for a restore). A "purged" event records who.
-- Returns per id 1 purged, 0 skipped.
local now, base = ARGV[1], ARGV[2]
local by = ',"by":' .. cjson.encode(ARGV[3])
local out, trash = {}, {}
local batch = dead_removals()
for i = 4, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  local f = redis.call('HMGET', msg, 'state', 'deadAt', 'errorClass', 'group', 'claim', 'claimedUntil')
  if f[1] == 'dead' and not (f[5] and f[5] ~= '' and tonumber(f[6] or 0) > tonumber(now)) then
    dead_removed(batch, id, f[2], f[3], f[4])
    redis.call('HSET', msg, 'state', 'trashed', 'trashedAt', now, 'updatedAt', now)
    trash[#trash + 1] = now
    trash[#trash + 1] = id
    redis.call('RPUSH', events_key(base, id), event_json(now, 'purged', by))
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
unindex_dead(base, batch)
bulk('ZADD', KEYS[1], trash)
return out
