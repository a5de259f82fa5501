-- cache_tag: adds a cache value key to a tag's SET and keeps the tag alive at least as long as that entry.
-- KEYS[1] the tag SET (KeySchema.CacheKeys.tag).
-- ARGV[1] the value key that carries the tag, ARGV[2] the time the tag must live at least, in seconds.
-- Guarantees: the tag's expiry only ever moves later, so an entry tagged after a longer-lived one cannot make the
-- tag expire while the longer-lived entry is still in the cache. Safe to repeat. Returns the tag's TTL in seconds.
redis.call('SADD', KEYS[1], ARGV[1])
local ttl = redis.call('TTL', KEYS[1])
local wanted = tonumber(ARGV[2])
if ttl < wanted then
  redis.call('EXPIRE', KEYS[1], wanted)
  return wanted
end
return ttl
