-- extend: pushes back the lease deadline of messages a worker is still processing.
-- KEYS[1] inflight ZSET, then one key per message: its HASH.
-- ARGV[1] new deadline (ms), ARGV[2] number of messages, then two values per message: id, lease token.
-- Guarantees: only a lease still held under the same token is extended. Returns how many were.
local n = tonumber(ARGV[2])
local extended = 0
for i = 0, n - 1 do
  local id, token = ARGV[3 + 2 * i], ARGV[4 + 2 * i]
  if redis.call('HGET', KEYS[2 + i], 'lease') == token then
    extended = extended + redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[1], id)
  end
end
return extended
