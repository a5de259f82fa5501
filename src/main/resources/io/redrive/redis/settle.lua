-- settle: records what a worker's handler did with leased messages.
-- KEYS[1] inflight, KEYS[2] ready, KEYS[3] scheduled, KEYS[4] dead, KEYS[5] done (all ZSETs),
--   KEYS[6] this minute's metrics HASH (and the lifetime totals HASH derived from it), then two keys per message:
--   its HASH and its events LIST. An ack of a message on attempt 2 or later also counts succeededAfterFailure.
-- ARGV[1] now (ms), ARGV[2] metrics TTL (s), ARGV[3] which acknowledged messages are kept as done: 'all', 'replayed'
--   (only those an operator replayed, so what became of a replay can still be looked up) or 'none', ARGV[4] number of
--   messages (at most 1000), ARGV[5] worker id, then per message: id, lease token, outcome, and for the outcomes
--   retry four more values: due time (ms), the "failed" event JSON (the full error record), a one-line error
--   summary and an ignored reason; for dead those four (the due time ignored, the reason being the dead-letter
--   reason) and two more: the exception class and the failure group's fingerprint.
-- Outcomes: ack (done), retry (scheduled at the due time, or ready when that time has come), dead
--   (dead-lettered), release (back to ready, the attempt not counted: the handler never ran).
-- Guarantees: a message moves only if it is still in flight under the same lease token, so a late or repeated
--   settle changes nothing. The lease's "leased" event is written to the timeline with the outcome's events,
--   after a pending "replayed" event if the message has one.
--   Malformed input (an unknown outcome, a due time that is not a number, too many messages) fails the whole
--   call before anything is written.
-- Returns 1 per message that moved and 0 per stale one.
local now = ARGV[1]
local keep = ARGV[3]
local n = tonumber(ARGV[4])
local by = ',"by":' .. cjson.encode(ARGV[5])

-- validate everything before the first write: a script that fails half-way keeps what it wrote
if keep ~= 'all' and keep ~= 'replayed' and keep ~= 'none' then
  return redis.error_reply('settle: ARGV[3] must be all, replayed or none, got ' .. tostring(keep))
end
if not (ARGV[4] and ARGV[4]:match('^%d+$')) or n > 1000 then
  return redis.error_reply('settle: between 0 and 1000 messages per call')
end
if #KEYS ~= 6 + 2 * n then
  return redis.error_reply('settle: expected ' .. (6 + 2 * n) .. ' keys for ' .. n .. ' messages, got ' .. #KEYS)
end
local ids, starts = {}, {}
local cursor = 6
for i = 1, n do
  local outcome = ARGV[cursor + 2]
  if outcome ~= 'ack' and outcome ~= 'retry' and outcome ~= 'dead' and outcome ~= 'release' then
    return redis.error_reply('settle: unknown outcome ' .. tostring(outcome) .. ' (expected ack, retry, dead or release)')
  end
  if outcome == 'retry' and not (ARGV[cursor + 3] or ''):match('^%d+$') then
    return redis.error_reply('settle: the due time of a retry must be a number of milliseconds')
  end
  ids[i], starts[i] = ARGV[cursor], cursor
  cursor = cursor + ((outcome == 'dead' and 9) or (outcome == 'retry' and 7) or 3)
end
if cursor ~= #ARGV + 1 then
  return redis.error_reply('settle: ARGV does not end where the last message does (' .. #ARGV .. ' values, expected ' .. (cursor - 1) .. ')')
end
if n == 0 then
  return {}
end

local counts = {succeeded = 0, failed = 0, retried = 0, deadLettered = 0, succeededAfterFailure = 0}
local moves = {ready = {}, scheduled = {}, done = {}}
local dead = dead_batch()
local base = KEYS[4]:sub(1, -5)  -- KEYS[4] is <base>dead
local settled, deleted = {}, {}

local function move(to, score, id)
  local list = moves[to]
  list[#list + 1] = score
  list[#list + 1] = id
end

-- The timeline is written before anything else of a message, with pcall: a timeline that is not a list leaves only
-- its own message unsettled, whole in flight, where recover names the key when the lease expires (a TYPE check
-- of every timeline first cost the hot path a call per message). A pending "replayed" event goes first.
local function push_first(msg, events, pending, ...)
  local reply
  if pending and pending ~= '' then
    reply = redis.pcall('RPUSH', events, pending, ...)
  else
    reply = redis.pcall('RPUSH', events, ...)
  end
  if type(reply) == 'table' and reply.err then
    return false
  end
  if pending and pending ~= '' then
    redis.call('HDEL', msg, 'pendingEvent')
  end
  return true
end

-- Ends one lease that is known to be current; false when its timeline could not be written (nothing changed). held = HMGET lease, leasedBy, updatedAt, attempts, pendingEvent
-- (only the lease when whole); a = index of the message's first ARGV value; whole = an ack that deletes the message.
local function finish(msg, events, id, outcome, held, a, whole)
  if whole then
    counts.succeeded = counts.succeeded + 1
    if (tonumber(held[3]) or 0) > 1 then counts.succeededAfterFailure = counts.succeededAfterFailure + 1 end
    deleted[#deleted + 1] = msg
    deleted[#deleted + 1] = events
    deleted[#deleted + 1] = versions_key(base, id)  -- an edited, replayed message leaves no versions behind
    return true
  end
  local attempt = held[4]
  local leased = leased_event(held[2], held[3], attempt)
  if outcome == 'ack' then
    if not push_first(msg, events, held[5], leased, event_json(now, 'succeeded', by .. ',"attempt":' .. attempt)) then
      return false
    end
    counts.succeeded = counts.succeeded + 1
    if (tonumber(attempt) or 0) > 1 then counts.succeededAfterFailure = counts.succeededAfterFailure + 1 end
    redis.call('HSET', msg, 'state', 'done', 'updatedAt', now, 'doneAt', now, 'leasedBy', '')
    move('done', now, id)
  elseif outcome == 'release' then
    if not push_first(msg, events, held[5], leased, event_json(now, 'released', by)) then
      return false
    end
    -- the handler never ran: the attempt is handed back, the lease token is not
    redis.call('HSET', msg, 'state', 'ready', 'updatedAt', now, 'leasedBy', '', 'attempts', tonumber(attempt) - 1)
    move('ready', now, id)
  else
    local summary, failed = ARGV[a + 5], ARGV[a + 4]
    if outcome == 'retry' then
      local due = ARGV[a + 3]
      if not push_first(msg, events, held[5], leased, failed, event_json(now, 'retry-scheduled', ',"dueAt":' .. due)) then
        return false
      end
      counts.failed = counts.failed + 1
      counts.retried = counts.retried + 1
      if tonumber(due) <= tonumber(now) then
        -- no backoff left to wait: straight back to ready, without a stop in scheduled
        redis.call('HSET', msg, 'state', 'ready', 'updatedAt', now, 'lastError', summary, 'leasedBy', '')
        move('ready', now, id)
      else
        redis.call('HSET', msg, 'state', 'scheduled', 'updatedAt', now, 'nextAttemptAt', due,
          'lastError', summary, 'leasedBy', '')
        move('scheduled', due, id)
      end
    else
      if not push_first(msg, events, held[5], leased, failed,
          event_json(now, 'dead-lettered', ',"reason":' .. cjson.encode(ARGV[a + 6]))) then
        return false
      end
      counts.failed = counts.failed + 1
      counts.deadLettered = counts.deadLettered + 1
      local class, group = ARGV[a + 7], ARGV[a + 8]
      redis.call('HSET', msg, 'state', 'dead', 'updatedAt', now, 'deadAt', now, 'lastError', summary,
        'deadReason', ARGV[a + 6], 'leasedBy', '', 'nextAttemptAt', '', 'errorClass', class, 'group', group)
      dead_change(dead, id, now, attempt, class, group, summary)
    end
  end
  return true
end

local in_flight = scores(KEYS[1], ids)
local seen = {}
local result = {}
local current = {}
local want, wanted, probe = {KEYS[1], 'zset', KEYS[6], 'hash', totals_key(KEYS[6]), 'hash'}, {}, dead_batch()
local function add(key, kind)
  if not wanted[key] then wanted[key] = true; want[#want + 1] = key; want[#want + 1] = kind end
end
-- read first, write after every key is known to be usable: an error half-way would leave messages in no index
for i = 0, n - 1 do
  local msg, events = KEYS[7 + 2 * i], KEYS[8 + 2 * i]
  local a = starts[i + 1]
  local id, token, outcome = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local moved = false
  if in_flight[i + 1] and not seen[id] then
    local held
    local whole = false
    if outcome == 'ack' and keep ~= 'all' then
      -- a message that goes whole needs only its token; one kept because it was replayed needs the rest too
      held = read_hash(msg, 'lease', 'replays', 'attempts')
      whole = keep == 'none' or not (held and (tonumber(held[2]) or 0) > 0)
      if held and not whole then
        held = read_hash(msg, 'lease', 'leasedBy', 'updatedAt', 'attempts', 'pendingEvent')
      end
    else
      held = read_hash(msg, 'lease', 'leasedBy', 'updatedAt', 'attempts', 'pendingEvent')
    end
    -- a message hash of another type was never leased (lease drops it), so it counts as stale
    if held and held[1] == token then
      moved = true
      seen[id] = true
      current[#current + 1] = {msg, events, id, outcome, held, a, whole, i + 1}
      if not whole then
        if outcome == 'ack' then add(KEYS[5], 'zset')
        elseif outcome == 'release' then add(KEYS[2], 'zset')
        elseif outcome == 'retry' then add(KEYS[2], 'zset'); add(KEYS[3], 'zset')
        else dead_change(probe, id, now, 0, ARGV[a + 7], ARGV[a + 8], '') end
      end
    end
  end
  result[#result + 1] = moved and 1 or 0
end
local bad = wrong_type(want_dead(want, base, probe))
if bad then return bad end
for _, c in ipairs(current) do
  if finish(c[1], c[2], c[3], c[4], c[5], c[6], c[7]) then
    settled[#settled + 1] = c[3]
  else
    result[c[8]] = 0
  end
end
bulk('ZREM', KEYS[1], settled)
bulk('ZADD', KEYS[2], moves.ready)
bulk('ZADD', KEYS[3], moves.scheduled)
index_dead(base, dead)
bulk('ZADD', KEYS[5], moves.done)
bulk('DEL', nil, deleted)
for field, value in pairs(counts) do
  count(KEYS[6], field, value, ARGV[2])
end
return result
