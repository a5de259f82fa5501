-- sweep: deletes messages that have been dead, done or in the trash for longer than their retention.
-- KEYS[1] the dead, done or trash ZSET (score = when the message got there).
-- ARGV[1] cutoff (ms; strictly older goes), ARGV[2] how many at most, ARGV[3] queue key base,
--   ARGV[4] 'dead' when KEYS[1] is the dead index (the other dead-letter indexes and groups are updated too),
--   ARGV[5] for the done index only, when replayed messages are kept longer than others: their cutoff (ms).
-- Guarantees: a message is removed from its indexes with its hash, timeline and versions in one step. A replayed
--   done message younger than its own cutoff stays, its score moved on by the difference of the two retentions,
--   so it is looked at again only when it is due.
-- Returns how many were deleted.
local base = ARGV[3]
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[2])
if ARGV[5] and ARGV[5] ~= '' then
  local replayed_cutoff, gone, later = tonumber(ARGV[5]), {}, {}
  local extra = tonumber(ARGV[1]) - replayed_cutoff
  for _, id in ipairs(old) do
    local f = read_hash(msg_key(base, id), 'replays', 'doneAt') or {}
    local done_at = tonumber(f[2])
    if (tonumber(f[1]) or 0) > 0 and done_at and done_at >= replayed_cutoff then
      later[#later + 1] = done_at + extra
      later[#later + 1] = id
    else
      gone[#gone + 1] = id
    end
  end
  bulk('ZADD', KEYS[1], later)
  old = gone
end
local index = ARGV[4] == 'dead' and 'dead' or KEYS[1]:sub(#base + 1)
local missing = {}
for _, id in ipairs(old) do
  if redis.call('EXISTS', msg_key(base, id)) == 0 then missing[#missing + 1] = id end
end
if ARGV[4] == 'dead' then
  local batch = dead_removals()
  for _, id in ipairs(old) do
    local f = read_hash(msg_key(base, id), 'deadAt', 'errorClass', 'group') or {}
    dead_removed(batch, id, f[1], f[2], f[3])
  end
  local bad = wrong_type(want_dead({}, base, batch))
  if bad then return bad end
  unindex_dead(base, batch)
else
  bulk('ZREM', KEYS[1], old)
end
for _, id in ipairs(old) do
  delete_message(base, id)
end
for _, id in ipairs(missing) do
  -- it was due to go anyway, but its message went first (evicted?): counted, so the loss is seen
  count_missing(base, index, id, ARGV[1])
end
return #old
