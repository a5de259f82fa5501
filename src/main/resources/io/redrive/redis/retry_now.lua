-- retry_now: an operator makes retry-scheduled messages due now.
-- KEYS[1] scheduled ZSET, KEYS[2] ready ZSET. ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who, then the ids.
-- Guarantees: a message moves only while it is scheduled; it leaves scheduled and enters ready in one step.
-- Returns per id 1 moved, 0 skipped.
local now, base = ARGV[1], ARGV[2]
local by = ',"by":' .. cjson.encode(ARGV[3])
local out, moved, ready, want, missing = {}, {}, {}, {KEYS[1], 'zset', KEYS[2], 'zset'}, {}
-- read and decide first, write after every key is known to be usable: an error half-way would strand messages
for i = 4, #ARGV do
  local id = ARGV[i]
  local f, bad = read_hash(msg_key(base, id), 'state')
  if bad then return bad end
  if f[1] == 'scheduled' then
    moved[#moved + 1] = id
    ready[#ready + 1] = now
    ready[#ready + 1] = id
    want[#want + 1] = events_key(base, id)
    want[#want + 1] = 'list'
    out[#out + 1] = 1
  else
    if not f[1] and redis.call('ZSCORE', KEYS[1], id) then missing[#missing + 1] = id end
    out[#out + 1] = 0
  end
end
local bad = wrong_type(want)
if bad then return bad end
for _, id in ipairs(moved) do
  redis.call('HSET', msg_key(base, id), 'state', 'ready', 'updatedAt', now, 'nextAttemptAt', '')
  redis.call('RPUSH', events_key(base, id), event_json(now, 'retried-now', by))
end
for _, id in ipairs(missing) do
  -- its message is gone (evicted?): the entry is dropped and counted, never turned into a message
  redis.pcall('ZREM', KEYS[1], id)
  count_missing(base, 'scheduled', id, now)
end
bulk('ZREM', KEYS[1], moved)
bulk('ZADD', KEYS[2], ready)
return out
