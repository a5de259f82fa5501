-- inspect: where each given message is, read in one atomic step (used by the consistency check).
-- KEYS[1] ready, KEYS[2] inflight, KEYS[3] scheduled, KEYS[4] dead, KEYS[5] done (ZSETs),
--   then two keys per message: its HASH and its events LIST.
-- ARGV: the message ids, in the order of their keys.
-- Returns three values per message: a bit mask of the indexes holding it (1 ready, 2 inflight, 4 scheduled,
--   8 dead, 16 done), the state its hash records (false when it has no hash), and 1 when it has a stored
--   timeline (0 otherwise).
local out = {}
for i, id in ipairs(ARGV) do
  local mask = 0
  local bit = 1
  for k = 1, 5 do
    if redis.call('ZSCORE', KEYS[k], id) then mask = mask + bit end
    bit = bit * 2
  end
  local base = 4 + 2 * i
  local history = redis.call('EXISTS', KEYS[base + 1])
  out[#out + 1] = mask
  out[#out + 1] = redis.call('HGET', KEYS[base], 'state')
  out[#out + 1] = history
end
return out
