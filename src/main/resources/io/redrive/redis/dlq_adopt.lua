-- dlq_adopt: writes whole messages into a queue, ready or dead: the target side of a move to another queue, and import.
-- KEYS[1] ready ZSET, KEYS[2] dead ZSET (the other dead-letter indexes are derived from ARGV[2]).
-- ARGV[1] now (ms), ARGV[2] queue key base, ARGV[3] number of messages, then per message: id, the number of hash
--   values and the hash as field/value pairs (its state field must be ready or dead), the number of events and the
--   events, the number of version entries and the entries.
-- Malformed input fails the whole call before anything is written.
-- Guarantees: a message lands whole in one index; one whose id exists already is left as it is (safe to repeat).
-- Returns per message 1 written, 0 already there.
local base = ARGV[2]
local messages = {}
local cursor = 4
for m = 1, tonumber(ARGV[3]) do
  local entry = {id = ARGV[cursor]}
  cursor = cursor + 1
  for _, part in ipairs({'fields', 'events', 'versions'}) do
    local n = tonumber(ARGV[cursor])
    if not n or cursor + n > #ARGV then
      return redis.error_reply('dlq_adopt: message ' .. m .. ' is cut short at its ' .. part)
    end
    entry[part] = {unpack(ARGV, cursor + 1, cursor + n)}
    cursor = cursor + n + 1
  end
  entry.hash = {}
  for i = 1, #entry.fields, 2 do entry.hash[entry.fields[i]] = entry.fields[i + 1] end
  if entry.hash.state ~= 'ready' and entry.hash.state ~= 'dead' then
    return redis.error_reply('dlq_adopt: message ' .. tostring(entry.id) .. ' must be ready or dead, not ' .. tostring(entry.hash.state))
  end
  if #entry.fields == 0 or #entry.fields % 2 == 1 or not entry.hash.payload then
    return redis.error_reply('dlq_adopt: message ' .. tostring(entry.id) .. ' has no payload')
  end
  messages[#messages + 1] = entry
end
if cursor ~= #ARGV + 1 then
  return redis.error_reply('dlq_adopt: ARGV does not match the message count')
end
local out, ready = {}, {}
local batch = dead_batch()
-- which messages are new, and whether every key they need is usable, before the first write
local want, new = {KEYS[1], 'zset'}, {}
for _, e in ipairs(messages) do
  if redis.call('EXISTS', msg_key(base, e.id)) == 0 then
    new[e.id] = true
    want[#want + 1] = events_key(base, e.id); want[#want + 1] = 'list'
    want[#want + 1] = versions_key(base, e.id); want[#want + 1] = 'list'
    if e.hash.state == 'dead' then
      dead_change(batch, e.id, e.hash.deadAt or ARGV[1], e.hash.attempts, e.hash.errorClass, e.hash.group, '')
    end
  end
end
local bad = wrong_type(want_dead(want, base, batch))
if bad then return bad end
batch = dead_batch()
for _, e in ipairs(messages) do
  local msg = msg_key(base, e.id)
  if not new[e.id] then
    out[#out + 1] = 0
  else
    new[e.id] = nil  -- the same id twice in one call is written once
    redis.call('HSET', msg, unpack(e.fields))
    if #e.events > 0 then bulk('RPUSH', events_key(base, e.id), e.events) end
    if #e.versions > 0 then bulk('RPUSH', versions_key(base, e.id), e.versions) end
    if e.hash.state == 'ready' then
      ready[#ready + 1] = ARGV[1]
      ready[#ready + 1] = e.id
    else
      dead_change(batch, e.id, e.hash.deadAt or ARGV[1], e.hash.attempts, e.hash.errorClass, e.hash.group, e.hash.lastError)
    end
    out[#out + 1] = 1
  end
end
bulk('ZADD', KEYS[1], ready)
index_dead(base, batch)
return out
