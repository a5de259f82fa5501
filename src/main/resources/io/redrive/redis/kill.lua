-- kill: an operator dead-letters retry-scheduled messages without waiting for their remaining attempts.
-- KEYS[1] scheduled ZSET, KEYS[2] dead ZSET (the other dead-letter indexes are derived from ARGV[2]).
-- ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who, then per message four values: id, the exception class
--   and failure group of its last error, and the one-line error.
-- Guarantees: a message moves only while it is scheduled; it leaves scheduled and enters every dead-letter index
--   in one step, with a "dead-lettered" event whose reason is "killed".
-- Returns per id 1 killed, 0 skipped.
if (#ARGV - 3) % 4 ~= 0 then
  return redis.error_reply('kill: four values per message expected')
end
local now, base = ARGV[1], ARGV[2]
local out, moved, want, missing = {}, {}, {KEYS[1], 'zset'}, {}
local batch = dead_batch()
-- read and decide first, write after every key is known to be usable: an error half-way would strand messages
for i = 4, #ARGV, 4 do
  local id, class, group, summary = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local f, bad = read_hash(msg_key(base, id), 'state', 'attempts')
  if bad then return bad end
  if f[1] == 'scheduled' then
    dead_change(batch, id, now, f[2], class, group, summary)
    moved[#moved + 1] = i
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
for n, i in ipairs(moved) do
  local id, class, group, summary = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  redis.call('HSET', msg_key(base, id), 'state', 'dead', 'updatedAt', now, 'deadAt', now, 'deadReason', 'killed',
    'nextAttemptAt', '', 'errorClass', class, 'group', group, 'lastError', summary)
  redis.call('RPUSH', events_key(base, id), event_json(now, 'dead-lettered',
    ',"reason":"killed","by":' .. cjson.encode(ARGV[3])))
  moved[n] = id
end
for _, id in ipairs(missing) do
  -- its message is gone (evicted?): the entry is dropped and counted, never turned into a message
  redis.pcall('ZREM', KEYS[1], id)
  count_missing(base, 'scheduled', id, now)
end
bulk('ZREM', KEYS[1], moved)
index_dead(base, batch)
return out
