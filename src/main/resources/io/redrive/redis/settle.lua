-- settle: records what a worker's handler did with leased messages.
-- KEYS[1] inflight, KEYS[2] ready, KEYS[3] scheduled, KEYS[4] dead, KEYS[5] done (all ZSETs),
--   KEYS[6] this minute's metrics HASH, then two keys per message: its HASH and its events LIST.
-- ARGV[1] now (ms), ARGV[2] metrics TTL (s), ARGV[3] done retention (ms, 0 = delete at once), ARGV[4] number of
--   messages, ARGV[5] worker id, then seven values per message: id, lease token, outcome, due time (ms, for
--   retry), the "failed" event JSON (the full error record), a one-line error summary, dead-letter reason.
-- Outcomes: ack (done), retry (scheduled at the due time, or ready when that time has come), dead (dead-lettered), release (back to ready, the
--   attempt not counted: the handler never ran).
-- Guarantees: a message moves only if it is still in flight under the same lease token, so a late or repeated
--   settle changes nothing. The lease's "leased" event is written to the timeline with the outcome's events.
--   An unknown outcome or a malformed due time fails the whole call before anything is written.
-- Returns 1 per message that moved and 0 per stale one.
local now = ARGV[1]
local keep_done = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local by = ',"by":' .. cjson.encode(ARGV[5])
local counts = {succeeded = 0, failed = 0, retried = 0, deadLettered = 0}

-- validate everything before the first write: a script that fails half-way keeps what it wrote
for i = 0, n - 1 do
  local outcome = ARGV[8 + 7 * i]
  if outcome ~= 'ack' and outcome ~= 'retry' and outcome ~= 'dead' and outcome ~= 'release' then
    return redis.error_reply('settle: unknown outcome ' .. outcome .. ' (expected ack, retry, dead or release)')
  end
  if outcome == 'retry' and not tonumber(ARGV[9 + 7 * i]) then
    return redis.error_reply('settle: the due time of a retry must be a number of milliseconds')
  end
end

-- Ends one lease that is known to be current. held = HMGET lease, leasedBy, updatedAt, attempts;
-- a = index of the message's first ARGV value.
local function finish(msg, events, id, outcome, held, a)
  if outcome == 'ack' and keep_done == 0 then
    counts.succeeded = counts.succeeded + 1
    redis.call('DEL', msg, events)
    return
  end
  local attempt = held[4]
  local leased = leased_event(held[2], held[3], attempt)
  if outcome == 'ack' then
    counts.succeeded = counts.succeeded + 1
    redis.call('HSET', msg, 'state', 'done', 'updatedAt', now, 'doneAt', now, 'leasedBy', '')
    redis.call('ZADD', KEYS[5], now, id)
    redis.call('RPUSH', events, leased, event_json(now, 'succeeded', by .. ',"attempt":' .. attempt))
  elseif outcome == 'release' then
    -- the handler never ran: the attempt is handed back, the lease token is not
    redis.call('HSET', msg, 'state', 'ready', 'updatedAt', now, 'leasedBy', '', 'attempts', tonumber(attempt) - 1)
    redis.call('ZADD', KEYS[2], now, id)
    redis.call('RPUSH', events, leased, event_json(now, 'released', by))
  else
    counts.failed = counts.failed + 1
    local summary, failed = ARGV[a + 5], ARGV[a + 4]
    if outcome == 'retry' then
      counts.retried = counts.retried + 1
      local retry = event_json(now, 'retry-scheduled', ',"dueAt":' .. ARGV[a + 3])
      if tonumber(ARGV[a + 3]) <= tonumber(now) then
        -- no backoff left to wait: straight back to ready, without a stop in scheduled
        redis.call('HSET', msg, 'state', 'ready', 'updatedAt', now, 'lastError', summary, 'leasedBy', '')
        redis.call('ZADD', KEYS[2], now, id)
      else
        redis.call('HSET', msg, 'state', 'scheduled', 'updatedAt', now, 'nextAttemptAt', ARGV[a + 3],
          'lastError', summary, 'leasedBy', '')
        redis.call('ZADD', KEYS[3], ARGV[a + 3], id)
      end
      redis.call('RPUSH', events, leased, failed, retry)
    else
      counts.deadLettered = counts.deadLettered + 1
      redis.call('HSET', msg, 'state', 'dead', 'updatedAt', now, 'deadAt', now, 'lastError', summary,
        'deadReason', ARGV[a + 6], 'leasedBy', '', 'nextAttemptAt', '')
      redis.call('ZADD', KEYS[4], now, id)
      redis.call('RPUSH', events, leased, failed,
        event_json(now, 'dead-lettered', ',"reason":' .. cjson.encode(ARGV[a + 6])))
    end
  end
end

local result = {}
for i = 0, n - 1 do
  local msg, events = KEYS[7 + 2 * i], KEYS[8 + 2 * i]
  local a = 6 + 7 * i
  local id, token, outcome = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local held = redis.call('HMGET', msg, 'lease', 'leasedBy', 'updatedAt', 'attempts')
  if held[1] == token and redis.call('ZREM', KEYS[1], id) == 1 then
    finish(msg, events, id, outcome, held, a)
    result[#result + 1] = 1
  else
    result[#result + 1] = 0
  end
end
for field, value in pairs(counts) do
  count(KEYS[6], field, value, ARGV[2])
end
return result
