-- inspect: where each given message is, read in one atomic step (used by the consistency check).
-- KEYS[1] ready, KEYS[2] inflight, KEYS[3] scheduled, KEYS[4] dead, KEYS[5] done, KEYS[6] trash (ZSETs),
--   then two keys per message: its HASH and its events LIST.
-- ARGV[1] queue key base, then the message ids, in the order of their keys.
-- Returns four values per message: a bit mask of the indexes holding it (1 ready, 2 inflight, 4 scheduled,
--   8 dead, 16 done, 32 trash), the state its hash records (false when it has no hash), 1 when it has a stored
--   timeline (0 otherwise), and for a dead letter 1 when its attempts, class and group indexes all hold it
--   (always 1 for other states).
local base = ARGV[1]
local out = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local mask = 0
  local bit = 1
  for k = 1, 6 do
    if redis.call('ZSCORE', KEYS[k], id) then mask = mask + bit end
    bit = bit * 2
  end
  local key = 5 + 2 * (i - 1)
  local state = redis.call('HGET', KEYS[key], 'state')
  local indexed = 1
  if state == 'dead' then
    local f = redis.call('HMGET', KEYS[key], 'errorClass', 'group')
    if not (redis.call('ZSCORE', base .. 'dead:attempts', id)
        and redis.call('ZSCORE', base .. 'dead:class:' .. (f[1] or 'Unknown'), id)
        and redis.call('ZSCORE', base .. 'dead:group:' .. (f[2] or 'none'), id)) then
      indexed = 0
    end
  end
  out[#out + 1] = mask
  out[#out + 1] = state
  out[#out + 1] = redis.call('EXISTS', KEYS[key + 1])
  out[#out + 1] = indexed
end
return out
