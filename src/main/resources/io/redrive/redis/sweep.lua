-- sweep: deletes messages that have been dead, done or in the trash for longer than their retention.
-- KEYS[1] the dead, done or trash ZSET (score = when the message got there).
-- ARGV[1] cutoff (ms; strictly older goes), ARGV[2] how many at most, ARGV[3] queue key base,
--   ARGV[4] 'dead' when KEYS[1] is the dead index (the other dead-letter indexes and groups are updated too).
-- Guarantees: a message is removed from its indexes with its hash, timeline and versions in one step.
-- Returns how many were deleted.
local base = ARGV[3]
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[2])
if ARGV[4] == 'dead' then
  local batch = dead_removals()
  for _, id in ipairs(old) do
    local f = redis.call('HMGET', msg_key(base, id), 'deadAt', 'errorClass', 'group')
    dead_removed(batch, id, f[1], f[2], f[3])
  end
  unindex_dead(base, batch)
else
  bulk('ZREM', KEYS[1], old)
end
for _, id in ipairs(old) do
  delete_message(base, id)
end
return #old
