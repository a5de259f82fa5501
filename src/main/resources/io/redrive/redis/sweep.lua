-- sweep: deletes messages that have been dead (or done) for longer than their retention.
-- KEYS[1] the dead or done ZSET (score = when the message got there).
-- ARGV[1] cutoff (ms; strictly older goes), ARGV[2] how many at most, ARGV[3] queue key base.
-- Guarantees: a message is removed from the index with its hash and timeline in one step.
-- Returns how many were deleted.
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1], 'LIMIT', 0, ARGV[2])
for _, id in ipairs(old) do
  redis.call('ZREM', KEYS[1], id)
  delete_message(ARGV[3], id)
end
return #old
