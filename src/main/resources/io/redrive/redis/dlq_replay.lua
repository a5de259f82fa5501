-- dlq_replay: puts dead letters back on their own queue's ready index.
-- KEYS[1] ready ZSET, KEYS[2] dead ZSET (the other dead-letter indexes are derived from ARGV[2]), KEYS[3] this
--   minute's metrics HASH (and the lifetime totals HASH derived from it; this hour's resolution HASH from ARGV[2]).
-- ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] who (actor), ARGV[4] 1 to reset attempts, 0 to keep them,
--   ARGV[5] replay cap per message (0 = none), ARGV[6] metrics TTL (s), then the ids.
-- Counts: replayed (per minute and lifetime), and how long each had been dead in the resolution histogram.
-- Guarantees: a message moves only while it is dead and not claimed for a move to another queue, so two
--   operators replaying overlapping sets replay each message once. Its replay counter goes up by one, and a
--   "replayed" event records who did it; the event waits in the message's pendingEvent field until the next
--   script that writes the timeline (flush_pending), which keeps a bulk replay to two writes per message.
-- Returns per id: 1 replayed, 0 skipped (no longer dead), -1 refused by the replay cap.
local now, base = ARGV[1], ARGV[2]
local by = ',"by":' .. cjson.encode(ARGV[3])
local reset, cap = ARGV[4] == '1', tonumber(ARGV[5])
local tail = ',"resetAttempts":' .. (reset and 'true' or 'false')
local out, ready, writes, missing, buckets = {}, {}, {}, {}, {}
local batch = dead_removals()
-- read and decide first, write after every key is known to be usable: an error half-way would strand messages
for i = 7, #ARGV do
  local id = ARGV[i]
  local msg = msg_key(base, id)
  local f, bad = read_hash(msg, 'state', 'replays', 'deadAt', 'errorClass', 'group', 'claim')
  if bad then return bad end
  -- a claim is rare, so its deadline is read only when there is one
  if not f[1] and redis.call('ZSCORE', KEYS[2], id) then
    missing[#missing + 1] = id
    out[#out + 1] = 0
  elseif f[1] ~= 'dead' or (f[6] and f[6] ~= '' and tonumber(redis.call('HGET', msg, 'claimedUntil') or 0) > tonumber(now)) then
    out[#out + 1] = 0
  elseif cap > 0 and (tonumber(f[2]) or 0) >= cap then
    out[#out + 1] = -1
  else
    local replays = (tonumber(f[2]) or 0) + 1
    dead_removed(batch, id, f[3], f[4], f[5])
    resolved(buckets, now, f[3])
    local replayed = event_json(now, 'replayed', by .. ',"replay":' .. replays .. tail)
    -- errorClass and group only mean something while dead, so they are left to be overwritten next time; an
    -- expired claim is cleared, or a very late dlq_finish holding it could remove a later death of this message
    writes[#writes + 1] = {msg, replays, replayed}
    ready[#ready + 1] = now
    ready[#ready + 1] = id
    out[#out + 1] = 1
  end
end
local bad = wrong_type(want_dead({KEYS[1], 'zset', KEYS[3], 'hash', totals_key(KEYS[3]), 'hash',
  resolution_key(base, now), 'hash'}, base, batch))
if bad then return bad end
for _, w in ipairs(writes) do
  if reset then
    redis.call('HSET', w[1], 'state', 'ready', 'replays', w[2], 'updatedAt', now, 'deadAt', '', 'deadReason', '',
      'claim', '', 'pendingEvent', w[3], 'attempts', 0)
  else
    redis.call('HSET', w[1], 'state', 'ready', 'replays', w[2], 'updatedAt', now, 'deadAt', '', 'deadReason', '',
      'claim', '', 'pendingEvent', w[3])
  end
end
for _, id in ipairs(missing) do
  -- its message is gone (evicted?): the entry is dropped and counted, never turned into a message
  redis.pcall('ZREM', KEYS[2], id)
  redis.pcall('ZREM', base .. 'dead:attempts', id)
  count_missing(base, 'dead', id, now)
end
unindex_dead(base, batch)
bulk('ZADD', KEYS[1], ready)
count(KEYS[3], 'replayed', #writes, ARGV[6])
count_resolved(resolution_key(base, now), buckets, ARGV[6])
return out
