-- audit: appends one operator action to the audit log.
-- KEYS[1] the audit STREAM.
-- ARGV[1] time of the action (ms), ARGV[2] approximate cap on the stream's length, ARGV[3] a token unique to this
-- append, then the entry's fields and values in pairs.
-- Guarantees: the entry's id is <ARGV[1]>-0, so the log can be searched by the engine's clock, unless the stream
-- already holds a later id (another engine's clock runs ahead): then it follows that id, so ids only grow. An
-- append is stored once: when Lettuce sends it again after a reconnect, the token is found among the newest
-- entries and their id is returned. Returns the entry's id.
local now = ARGV[1]
local recent = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 100)
for _, entry in ipairs(recent) do
  local fields = entry[2]
  for i = 1, #fields, 2 do
    if fields[i] == 'token' and fields[i + 1] == ARGV[3] then
      return entry[1]
    end
  end
end

local id = now .. '-0'
if redis.call('EXISTS', KEYS[1]) == 1 then
  -- last-generated-id rather than the newest entry: an id once used stays used even if its entry is gone
  local info = redis.call('XINFO', 'STREAM', KEYS[1])
  local last
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      last = info[i + 1]
    end
  end
  local ms, seq = string.match(last, '^(%d+)-(%d+)$')
  if tonumber(ms) >= tonumber(now) then
    id = ms .. '-' .. string.format('%d', tonumber(seq) + 1)
  end
end

local entry = {'token', ARGV[3]}
for i = 4, #ARGV do
  entry[#entry + 1] = ARGV[i]
end
return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], id, unpack(entry))
