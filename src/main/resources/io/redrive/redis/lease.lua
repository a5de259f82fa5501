-- lease: moves up to ARGV[3] of the oldest ready messages to in flight, leased to one worker until a deadline.
-- KEYS[1] ready ZSET, KEYS[2] inflight ZSET (score = lease deadline).
-- ARGV[1] now (ms), ARGV[2] lease deadline (ms), ARGV[3] how many at most, ARGV[4] worker id, ARGV[5] queue key base.
-- Guarantees: each message leaves ready and enters in flight in the same step; its attempt counter goes up by
-- one, and that number is the lease token settle and extend check, so a worker whose lease expired cannot settle.
-- Returns six values per message: id, attempt, payload, headers JSON, replays, enqueuedAt.
local now = tonumber(ARGV[1])
local base = ARGV[5]
local popped = redis.call('ZPOPMIN', KEYS[1], ARGV[3])
local out = {}
for i = 1, #popped, 2 do
  local id = popped[i]
  local msg = msg_key(base, id)
  if redis.call('EXISTS', msg) == 1 then
    local attempt = redis.call('HINCRBY', msg, 'attempts', 1)
    redis.call('HSET', msg, 'state', 'inflight', 'leasedBy', ARGV[4], 'updatedAt', ARGV[1])
    redis.call('ZADD', KEYS[2], ARGV[2], id)
    event(events_key(base, id), {at = now, type = 'leased', by = ARGV[4], attempt = attempt})
    local f = redis.call('HMGET', msg, 'payload', 'headers', 'replays', 'enqueuedAt')
    out[#out + 1] = id
    out[#out + 1] = attempt
    out[#out + 1] = f[1]
    out[#out + 1] = f[2]
    out[#out + 1] = f[3]
    out[#out + 1] = f[4]
  end
end
return out
