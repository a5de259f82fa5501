-- promote: moves scheduled messages whose time has come to ready.
-- KEYS[1] scheduled ZSET, KEYS[2] ready ZSET.
-- ARGV[1] now (ms), ARGV[2] how many at most, ARGV[3] queue key base.
-- No timeline event: becoming due is implied by the retry-scheduled event's dueAt.
-- Guarantees: each message leaves scheduled and enters ready in one step, so engines running this at the same
--   time never move one message twice. Returns how many moved (fewer than the batch read only when it dropped
--   index entries whose message is missing).
local base = ARGV[3]
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, math.min(tonumber(ARGV[2]), 1000))
if #due == 0 then
  return 0
end
local bad = wrong_type({KEYS[2], 'zset'})
if bad then return bad end
local scored = {}
for _, id in ipairs(due) do
  -- an index entry whose message is missing (or not a hash) is dropped and counted, never turned into a message
  if type_of(msg_key(base, id)) == 'hash' then
    scored[#scored + 1] = ARGV[1]
    scored[#scored + 1] = id
    redis.call('HSET', msg_key(base, id), 'state', 'ready', 'updatedAt', ARGV[1], 'nextAttemptAt', '')
  else
    count_missing(base, 'scheduled', id, ARGV[1])
  end
end
bulk('ZREM', KEYS[1], due)
bulk('ZADD', KEYS[2], scored)
return #scored / 2
