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
local out, gone, want, redated, missing = {}, {}, {KEYS[1], 'zset'}, {}, {}
local batch = dead_batch()
-- read and decide first, write after every key is known to be usable: an error half-way would strand messages
for i = 5, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  local f, bad = read_hash(msg, 'state', 'deadAt', 'attempts', 'errorClass', 'group', 'lastError')
  if bad then return bad end
  if f[1] == 'trashed' then
    local dead_at = f[2] or now
    if tonumber(dead_at) < tonumber(ARGV[4]) then
      redated[id] = dead_at
      dead_at = now
    end
    dead_change(batch, id, dead_at, f[3], f[4], f[5], f[6])
    gone[#gone + 1] = id
    want[#want + 1] = events_key(base, id)
    want[#want + 1] = 'list'
    out[#out + 1] = 1
  else
    if not f[1] and redis.call('ZSCORE', KEYS[1], id) then missing[#missing + 1] = id end
    out[#out + 1] = 0
  end
end
local bad = wrong_type(want_dead(want, base, batch))
if bad then return bad end
for _, id in ipairs(gone) do
  local msg = msg_key(base, id)
  if redated[id] then
    redis.call('HSET', msg, 'firstDeadAt', redated[id], 'deadAt', now)
  end
  redis.call('HSET', msg, 'state', 'dead', 'trashedAt', '', 'updatedAt', now)
  redis.call('RPUSH', events_key(base, id), event_json(now, 'restored', by))
end
for _, id in ipairs(missing) do
  -- its message is gone (evicted?): the entry is dropped and counted, never turned into a message
  redis.pcall('ZREM', KEYS[1], id)
  count_missing(base, 'trash', id, now)
end
bulk('ZREM', KEYS[1], gone)
index_dead(base, batch)
return out
