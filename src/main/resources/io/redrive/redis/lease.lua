-- lease: moves up to ARGV[3] (at most 1000) of the oldest ready messages to in flight, leased to one worker until a deadline.
-- KEYS[1] ready ZSET, KEYS[2] inflight ZSET (score = lease deadline).
-- ARGV[1] now (ms), ARGV[2] lease deadline (ms), ARGV[3] how many at most, ARGV[4] worker id, ARGV[5] queue key base.
-- Guarantees: each message leaves ready and enters in flight in the same step; its attempt counter and its lease
-- token go up by one. Settle and extend check the token, so a worker whose lease expired cannot settle; the token
-- never repeats (a release lowers the attempts, not the token).
-- Its "leased" event is implied by leasedBy and updatedAt while it is in flight; whoever ends the lease
--   (settle, recover) writes that event to the timeline then.
-- Returns seven values per message: id, attempt, lease token, payload, headers JSON, replays, enqueuedAt.
local base = ARGV[5]
-- ZPOPMIN checks ready itself before writing; in flight is written after it, so it is checked first
local bad = wrong_type({KEYS[2], 'zset'})
if bad then return bad end
local popped = redis.call('ZPOPMIN', KEYS[1], math.min(tonumber(ARGV[3]), 1000))
local out = {}
local leased = {}
for i = 1, #popped, 2 do
  local id = popped[i]
  local msg = msg_key(base, id)
  -- a message hash of another type is no message: like a missing one, its entry is dropped and counted
  local f = read_hash(msg, 'payload', 'headers', 'replays', 'enqueuedAt', 'attempts', 'lease')
  if not f or (not f[1] and redis.call('EXISTS', msg) == 0) then
    count_missing(base, 'ready', id, ARGV[1])
  else
    -- a damaged message (no payload, an attempt count that is not a number) is still leased, so that the worker
    -- dead-letters it with what is wrong: its payload comes back as nil, its attempt count as the stored text
    local attempt = (tonumber(f[5]) or 0) + 1
    local token = (tonumber(f[6]) or 0) + 1
    redis.call('HSET', msg, 'state', 'inflight', 'leasedBy', ARGV[4], 'updatedAt', ARGV[1], 'attempts', attempt,
      'lease', token)
    leased[#leased + 1] = ARGV[2]
    leased[#leased + 1] = id
    out[#out + 1] = id
    out[#out + 1] = (f[5] and not tonumber(f[5])) and f[5] or attempt
    out[#out + 1] = token
    out[#out + 1] = f[1]
    out[#out + 1] = f[2]
    out[#out + 1] = f[3]
    out[#out + 1] = f[4]
  end
end
bulk('ZADD', KEYS[2], leased)
return out
