-- inspect: where each given message is, read in one atomic step (used by the consistency check).
-- KEYS[1] ready, KEYS[2] inflight, KEYS[3] scheduled, KEYS[4] dead, KEYS[5] done (ZSETs),
--   then three keys per message: its HASH, its events LIST, its errors LIST.
-- ARGV: the message ids, in the order of their keys.
-- Returns three values per message: a bit mask of the indexes holding it (1 ready, 2 inflight, 4 scheduled,
--   8 dead, 16 done), the state its hash records (false when it has no hash), and a bit mask of the history
--   it has (1 events, 2 errors).
local out = {}
for i, id in ipairs(ARGV) do
  local mask = 0
  local bit = 1
  for k = 1, 5 do
    if redis.call('ZSCORE', KEYS[k], id) then mask = mask + bit end
    bit = bit * 2
  end
  local base = 3 + 3 * i
  local history = redis.call('EXISTS', KEYS[base + 1]) + 2 * redis.call('EXISTS', KEYS[base + 2])
  out[#out + 1] = mask
  out[#out + 1] = redis.call('HGET', KEYS[base], 'state')
  out[#out + 1] = history
end
return out
