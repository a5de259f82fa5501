-- dlq_finish: last step of a move to another queue: deletes the claimed dead letters from their source queue.
-- KEYS[1] dead ZSET. ARGV[1] queue key base, ARGV[2] claim token, then the ids.
-- Guarantees: only messages still held under this claim are removed (with every dead-letter index entry, timeline
--   and versions), so a finish that comes after the claim expired and someone else took over changes nothing.
-- Returns per id 1 removed, 0 not held.
local base = ARGV[1]
local out = {}
local batch = dead_removals()
local gone = {}
for i = 3, #ARGV do
  local id = ARGV[i]
  local f, bad = read_hash(msg_key(base, id), 'state', 'claim', 'deadAt', 'errorClass', 'group')
  if bad then return bad end
  if f[1] == 'dead' and f[2] == ARGV[2] then
    dead_removed(batch, id, f[3], f[4], f[5])
    gone[#gone + 1] = id
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
local bad = wrong_type(want_dead({}, base, batch))
if bad then return bad end
unindex_dead(base, batch)
for _, id in ipairs(gone) do delete_message(base, id) end
return out
