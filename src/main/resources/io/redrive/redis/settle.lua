-- settle: records what a worker's handler did with leased messages.
-- KEYS[1] inflight, KEYS[2] ready, KEYS[3] scheduled, KEYS[4] dead, KEYS[5] done (all ZSETs),
--   KEYS[6] this minute's metrics HASH, then three keys per message: its HASH, events LIST, errors LIST.
-- ARGV[1] now (ms), ARGV[2] metrics TTL (s), ARGV[3] done retention (ms, 0 = delete at once), ARGV[4] number of
--   messages, ARGV[5] worker id, then seven values per message: id, attempt (the lease token), outcome, due time
--   (ms, for retry), error JSON, error summary, dead-letter reason.
-- Outcomes: ack (done), retry (scheduled at the due time), dead (dead-lettered), release (back to ready, the
--   attempt not counted: the handler never ran).
-- Guarantees: a message moves only if it is still in flight under the same lease token, so a late or repeated
--   settle changes nothing. Returns 1 per message that moved and 0 per stale one.
local now = tonumber(ARGV[1])
local metrics, ttl = KEYS[6], ARGV[2]
local keep_done = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local worker = ARGV[5]
local result = {}
local succeeded, failed, retried, dead = 0, 0, 0, 0
for i = 0, n - 1 do
  local msg, events, errors = KEYS[7 + 3 * i], KEYS[8 + 3 * i], KEYS[9 + 3 * i]
  local a = 6 + 7 * i
  local id, attempt, outcome = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  if redis.call('ZSCORE', KEYS[1], id) and redis.call('HGET', msg, 'attempts') == attempt then
    redis.call('ZREM', KEYS[1], id)
    if outcome == 'ack' then
      succeeded = succeeded + 1
      if keep_done > 0 then
        redis.call('HSET', msg, 'state', 'done', 'updatedAt', ARGV[1], 'doneAt', ARGV[1])
        redis.call('HDEL', msg, 'leasedBy')
        redis.call('ZADD', KEYS[5], ARGV[1], id)
        event(events, {at = now, type = 'succeeded', by = worker, attempt = tonumber(attempt)})
      else
        redis.call('DEL', msg, events, errors)
      end
    elseif outcome == 'release' then
      redis.call('HINCRBY', msg, 'attempts', -1)
      redis.call('HSET', msg, 'state', 'ready', 'updatedAt', ARGV[1])
      redis.call('HDEL', msg, 'leasedBy')
      redis.call('ZADD', KEYS[2], ARGV[1], id)
      event(events, {at = now, type = 'released', by = worker})
    else
      failed = failed + 1
      redis.call('RPUSH', errors, ARGV[a + 4])
      redis.call('HDEL', msg, 'leasedBy')
      event(events, {at = now, type = 'failed', by = worker, attempt = tonumber(attempt), error = ARGV[a + 5]})
      if outcome == 'retry' then
        retried = retried + 1
        redis.call('HSET', msg, 'state', 'scheduled', 'updatedAt', ARGV[1], 'nextAttemptAt', ARGV[a + 3],
          'lastError', ARGV[a + 5])
        redis.call('ZADD', KEYS[3], ARGV[a + 3], id)
        event(events, {at = now, type = 'retry-scheduled', dueAt = tonumber(ARGV[a + 3])})
      else
        dead = dead + 1
        redis.call('HSET', msg, 'state', 'dead', 'updatedAt', ARGV[1], 'deadAt', ARGV[1], 'lastError', ARGV[a + 5],
          'deadReason', ARGV[a + 6])
        redis.call('HDEL', msg, 'nextAttemptAt')
        redis.call('ZADD', KEYS[4], ARGV[1], id)
        event(events, {at = now, type = 'dead-lettered', reason = ARGV[a + 6]})
      end
    end
    result[#result + 1] = 1
  else
    result[#result + 1] = 0
  end
end
count(metrics, 'succeeded', succeeded, ttl)
count(metrics, 'failed', failed, ttl)
count(metrics, 'retried', retried, ttl)
count(metrics, 'deadLettered', dead, ttl)
return result
