-- cache_unlock: releases a cache load lock, but only the holder's.
-- KEYS[1] the lock (KeySchema.CacheKeys.loadLock). ARGV[1] the holder's token.
-- Guarantees: a lock that expired and was taken by another process is left alone (a GET then a DEL could delete it).
-- Returns 1 when it released the lock, 0 otherwise.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
