-- dlq_purge: moves dead letters to the trash, where they stay restorable until the trash retention ends.
-- KEYS[1] trash ZSET, KEYS[2] dead ZSET (the other dead-letter indexes are derived from ARGV[2]), KEYS[3] this
--   minute's metrics HASH (and the lifetime totals HASH derived from it; this hour's resolution HASH from ARGV[2]).
-- ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who, ARGV[4] metrics TTL (s), then the ids.
-- Counts: purged (per minute and lifetime), and how long each had been dead in the resolution histogram.
-- Guarantees: a message moves only while it is dead and unclaimed; it leaves every dead-letter index in the same
--   step (its class, group and time of death stay in its hash for a restore). A "purged" event records who.
-- Returns per id 1 purged, 0 skipped.
local now, base = ARGV[1], ARGV[2]
local by = ',"by":' .. cjson.encode(ARGV[3])
local out, trash, want, missing, buckets = {}, {}, {KEYS[1], 'zset', KEYS[3], 'hash'}, {}, {}
want[#want + 1] = totals_key(KEYS[3]); want[#want + 1] = 'hash'
want[#want + 1] = resolution_key(base, now); want[#want + 1] = 'hash'
local batch = dead_removals()
-- read and decide first, write after every key is known to be usable: an error half-way would strand messages
for i = 5, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  local f, bad = read_hash(msg, 'state', 'deadAt', 'errorClass', 'group', 'claim', 'claimedUntil')
  if bad then return bad end
  if f[1] == 'dead' and not (f[5] and f[5] ~= '' and tonumber(f[6] or 0) > tonumber(now)) then
    dead_removed(batch, id, f[2], f[3], f[4])
    resolved(buckets, now, f[2])
    trash[#trash + 1] = now
    trash[#trash + 1] = id
    want[#want + 1] = events_key(base, id)
    want[#want + 1] = 'list'
    out[#out + 1] = 1
  else
    if not f[1] and redis.call('ZSCORE', KEYS[2], id) then missing[#missing + 1] = id end
    out[#out + 1] = 0
  end
end
local bad = wrong_type(want_dead(want, base, batch))
if bad then return bad end
for i = 2, #trash, 2 do
  local id = trash[i]
  redis.call('HSET', msg_key(base, id), 'state', 'trashed', 'trashedAt', now, 'updatedAt', now)
  redis.call('RPUSH', events_key(base, id), event_json(now, 'purged', by))
end
for _, id in ipairs(missing) do
  -- its message is gone (evicted?): the entry is dropped and counted, never turned into a message
  redis.pcall('ZREM', KEYS[2], id)
  redis.pcall('ZREM', base .. 'dead:attempts', id)
  count_missing(base, 'dead', id, now)
end
unindex_dead(base, batch)
bulk('ZADD', KEYS[1], trash)
count(KEYS[3], 'purged', #trash / 2, ARGV[4])
count_resolved(resolution_key(base, now), buckets, ARGV[4])
return out
