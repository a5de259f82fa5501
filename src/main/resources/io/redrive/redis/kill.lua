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
local out, moved = {}, {}
local batch = dead_batch()
for i = 4, #ARGV, 4 do
  local id, class, group, summary = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local msg = msg_key(base, id)
  local f = redis.call('HMGET', msg, 'state', 'attempts')
  if f[1] == 'scheduled' then
    redis.call('HSET', msg, 'state', 'dead', 'updatedAt', now, 'deadAt', now, 'deadReason', 'killed',
      'nextAttemptAt', '', 'errorClass', class, 'group', group, 'lastError', summary)
    dead_change(batch, id, now, f[2], class, group, summary)
    redis.call('RPUSH', events_key(base, id), event_json(now, 'dead-lettered',
      ',"reason":"killed","by":' .. cjson.encode(ARGV[3])))
    moved[#moved + 1] = id
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
bulk('ZREM', KEYS[1], moved)
index_dead(base, batch)
return out
