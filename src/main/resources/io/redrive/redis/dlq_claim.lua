-- dlq_claim: first step of moving dead letters to another queue (replay elsewhere): claims them and reads them whole.
-- KEYS[1] dead ZSET. ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] claim token, ARGV[4] claim deadline (ms),
--   ARGV[5] replay cap (0 = none), then the ids.
-- A claimed message stays dead; a same-queue replay, purge or edit leaves it alone until the claim deadline, and
--   only the claim's holder may finish the move (dlq_finish), so two operators never move one message twice.
-- Returns per id: id, status (1 claimed, 0 skipped, -1 refused by the replay cap), and when claimed: the number
--   of hash values and the hash as field/value pairs, then the number of events and the events, then the number
--   of version entries and the entries.
local now, base = tonumber(ARGV[1]), ARGV[2]
local cap = tonumber(ARGV[5])
local out = {}
-- every message hash, timeline and versions list is checked before the first claim is written
for i = 6, #ARGV do
  local id = ARGV[i]
  local _, bad = read_hash(msg_key(base, id), 'state')
  bad = bad or wrong_type({events_key(base, id), 'list', versions_key(base, id), 'list'})
  if bad then return bad end
end
for i = 6, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  local f = redis.call('HMGET', msg, 'state', 'replays', 'claim', 'claimedUntil')
  out[#out + 1] = id
  if f[1] ~= 'dead' or (f[3] and f[3] ~= '' and tonumber(f[4] or 0) > now) then
    out[#out + 1] = 0
  elseif cap > 0 and tonumber(f[2] or 0) >= cap then
    out[#out + 1] = -1
  else
    redis.call('HSET', msg, 'claim', ARGV[3], 'claimedUntil', ARGV[4])
    out[#out + 1] = 1
    for _, key in ipairs({msg, events_key(base, id), versions_key(base, id)}) do
      local values
      if key == msg then
        values = redis.call('HGETALL', key)
      else
        values = redis.call('LRANGE', key, 0, -1)
      end
      out[#out + 1] = #values
      for _, v in ipairs(values) do out[#out + 1] = v end
    end
  end
end
return out
