-- enqueue: adds messages to a queue, ready now or scheduled for a later time.
-- KEYS[1] ready ZSET, KEYS[2] scheduled ZSET, KEYS[3] this minute's metrics HASH (and the lifetime totals HASH
--   derived from it, totals_key),
--   then one key per message (its HASH), then the idempotency STRINGs of the messages that have a key.
-- ARGV[1] now (ms), ARGV[2] metrics TTL (s), ARGV[3] idempotency window (ms), ARGV[4] number of messages n,
--   then five values per message: id, payload, headers JSON, due time in ms (0 = now), and the number k of its
--   idempotency key among the idempotency STRINGs (KEYS[3 + n + k]), 0 when it has none.
-- Malformed input fails the whole call before anything is written.
-- Guarantees: each message lands whole (hash and one index) in ready or scheduled, never both. Its "enqueued"
--   event is implied by enqueuedAt (and firstDueAt when delayed), so no events list is written here.
-- Safe to repeat: an id that exists already, or an idempotency key seen within the window, changes nothing.
-- Returns, per message, the id that holds it (the earlier id for an idempotent repeat).
local now = tonumber(ARGV[1])
local n = tonumber(ARGV[4])

-- validate everything before the first write: a script that fails half-way keeps what it wrote
if not (ARGV[4] and ARGV[4]:match('^%d+$')) or #KEYS < 3 + n or #ARGV ~= 4 + 5 * n then
  return redis.error_reply('enqueue: KEYS and ARGV do not match the message count')
end
local idem_keys = #KEYS - 3 - n
for i = 0, n - 1 do
  local due, k = ARGV[8 + 5 * i], ARGV[9 + 5 * i]
  if not due:match('^%d+$') or not k:match('^%d+$') or tonumber(k) > idem_keys then
    return redis.error_reply('enqueue: due time and idempotency key number must be whole numbers within range')
  end
end
-- the keys this call writes, checked first (one TYPE per message replaces EXISTS); idempotency keys through GET
local bad = wrong_type({KEYS[1], 'zset', KEYS[2], 'zset', KEYS[3], 'hash', totals_key(KEYS[3]), 'hash'})
if bad then return bad end
local exists = {}
for i = 0, n - 1 do
  local found = type_of(KEYS[4 + i])
  if found ~= 'none' and found ~= 'hash' then return damaged(KEYS[4 + i], found, 'hash') end
  exists[KEYS[4 + i]] = found == 'hash'
end
for i = 3 + n + 1, #KEYS do
  local found = type_of(KEYS[i])
  if found ~= 'none' and found ~= 'string' then return damaged(KEYS[i], found, 'string') end
end
local ids = {}
local added = 0
local ready, scheduled = {}, {}
for i = 0, n - 1 do
  local msg = KEYS[4 + i]
  local a = 5 + 5 * i
  local id, payload, headers, due = ARGV[a], ARGV[a + 1], ARGV[a + 2], tonumber(ARGV[a + 3])
  local k = tonumber(ARGV[a + 4])
  local idem = k > 0 and KEYS[3 + n + k] or nil
  local earlier = false
  if idem then earlier = redis.call('GET', idem) end
  if earlier then
    ids[#ids + 1] = earlier
  elseif exists[msg] then
    ids[#ids + 1] = id
  else
    if idem then redis.call('SET', idem, id, 'PX', ARGV[3]) end
    -- attempts, replays and updatedAt are absent until they change: absent reads as 0 and enqueuedAt
    if due > now then
      redis.call('HSET', msg, 'state', 'scheduled', 'payload', payload, 'headers', headers, 'enqueuedAt', ARGV[1],
        'nextAttemptAt', ARGV[a + 3], 'firstDueAt', ARGV[a + 3])
      scheduled[#scheduled + 1] = ARGV[a + 3]
      scheduled[#scheduled + 1] = id
    else
      redis.call('HSET', msg, 'state', 'ready', 'payload', payload, 'headers', headers, 'enqueuedAt', ARGV[1])
      ready[#ready + 1] = ARGV[1]
      ready[#ready + 1] = id
    end
    exists[msg] = true
    added = added + 1
    ids[#ids + 1] = id
  end
end
bulk('ZADD', KEYS[1], ready)
bulk('ZADD', KEYS[2], scheduled)
count(KEYS[3], 'enqueued', added, ARGV[2])
return ids
