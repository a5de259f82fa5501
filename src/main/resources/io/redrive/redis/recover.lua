-- recover: takes back messages whose lease expired (their worker crashed or stalled) and delivers them again,
-- or dead-letters them when that lease was their last allowed attempt.
-- KEYS[1] inflight ZSET, KEYS[2] ready ZSET, KEYS[3] dead ZSET, KEYS[4] this minute's metrics HASH (and the lifetime
--   totals HASH derived from it). Every call also samples the dead-letter count into the minute's deadSize field, so
--   the DLQ size has a per-minute series wherever an upkeep runs (QueueHealth).
-- ARGV[1] now (ms), ARGV[2] how many at most, ARGV[3] max attempts, ARGV[4] queue key base, ARGV[5] metrics TTL (s),
--   ARGV[6] id of the engine recovering, ARGV[7] the queue's failure group for expired leases.
-- Guarantees: the expired attempt stays counted and is recorded as an error (a lease-expired event); each message leaves in flight and
--   enters ready or dead in one step, so engines running this at the same time never recover one twice. An index
--   entry whose message is missing is dropped, never turned into a message.
-- Returns {recovered, of which dead-lettered}.
local now = tonumber(ARGV[1])
local max_attempts = tonumber(ARGV[3])
local base = ARGV[4]
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[2])
local recovered, dead = 0, 0
local to_ready, to_dead = {}, dead_batch()
local found, gone, want = {}, {}, {KEYS[2], 'zset', KEYS[4], 'hash', totals_key(KEYS[4]), 'hash', KEYS[3], 'zset'}
-- read first, write after every key is known to be usable: an error half-way would strand messages
for _, id in ipairs(expired) do
  local held = read_hash(msg_key(base, id), 'leasedBy', 'updatedAt', 'attempts', 'pendingEvent')
  if held and (held[3] or redis.call('EXISTS', msg_key(base, id)) == 1) then
    -- an attempt count that is missing or not a number counts as attempt 1: the message is recovered, not stranded
    held[3] = tonumber(held[3]) and held[3] or '1'
    held[2] = held[2] or ARGV[1]
    found[#found + 1] = {id, held}
    want[#want + 1] = events_key(base, id)
    want[#want + 1] = 'list'
    if tonumber(held[3]) >= max_attempts then
      dead_change(to_dead, id, ARGV[1], tonumber(held[3]), 'LeaseExpired', ARGV[7], '')
    end
  else
    gone[#gone + 1] = id  -- missing, or not a hash: dropped and counted, never turned into a message
  end
end
local bad = wrong_type(want_dead(want, base, to_dead))
if bad then return bad end
to_dead = dead_batch()
bulk('ZREM', KEYS[1], expired)
for _, id in ipairs(gone) do
  count_missing(base, 'inflight', id, ARGV[1])
end
for _, entry in ipairs(found) do
  local id, held = entry[1], entry[2]
  local msg = msg_key(base, id)
  do
    flush_pending(msg, events_key(base, id), held[4])
    recovered = recovered + 1
    local attempt = tonumber(held[3])
    local holder = (held[1] and held[1] ~= '') and held[1] or 'unknown worker'
    local leased = leased_event(held[1], held[2], held[3])
    local text = holder .. ' did not finish attempt ' .. attempt .. ' before its lease expired'
    -- the error record of the lost attempt, in the same shape as a "failed" event's
    local expired_event = event({at = now, type = 'lease-expired', by = holder, host = holder:match('^([^:/]+)') or '',
      attempt = attempt, error = 'LeaseExpired: ' .. text, exception = 'LeaseExpired', message = text,
      stackTrace = '', recoveredBy = ARGV[6]})
    if attempt >= max_attempts then
      dead = dead + 1
      redis.call('HSET', msg, 'state', 'dead', 'updatedAt', ARGV[1], 'deadAt', ARGV[1], 'lastError', 'LeaseExpired: ' .. text,
        'deadReason', 'exhausted', 'leasedBy', '', 'errorClass', 'LeaseExpired', 'group', ARGV[7])
      dead_change(to_dead, id, ARGV[1], attempt, 'LeaseExpired', ARGV[7], 'LeaseExpired: ' .. text)
      redis.call('RPUSH', events_key(base, id), leased, expired_event,
        event_json(ARGV[1], 'dead-lettered', ',"reason":"exhausted"'))
    else
      redis.call('HSET', msg, 'state', 'ready', 'updatedAt', ARGV[1], 'lastError', 'LeaseExpired: ' .. text, 'leasedBy', '')
      to_ready[#to_ready + 1] = ARGV[1]
      to_ready[#to_ready + 1] = id
      redis.call('RPUSH', events_key(base, id), leased, expired_event)
    end
  end
end
bulk('ZADD', KEYS[2], to_ready)
index_dead(base, to_dead)
count(KEYS[4], 'recovered', recovered, ARGV[5])
count(KEYS[4], 'failed', recovered, ARGV[5])
count(KEYS[4], 'deadLettered', dead, ARGV[5])
-- the latest size in the minute wins: the series reads as the size at each minute's end
redis.call('HSET', KEYS[4], 'deadSize', redis.call('ZCARD', KEYS[3]))
redis.call('EXPIRE', KEYS[4], ARGV[5])
return {recovered, dead}
