-- cache_settings: changes one namespace's live settings (TTL, enabled flag, or back to the configured ones) in one step.
-- KEYS[1] the settings HASH (KeySchema.CacheKeys.settings): the only key, so that it runs on Redis Cluster too.
-- ARGV[1] namespace, ARGV[2] what changes: "ttl", "enabled" or "reset", ARGV[3] the new TTL in milliseconds or
-- "true"/"false", ARGV[4] the configured TTL in milliseconds, ARGV[5] the configured enabled flag ("true"/"false"),
-- ARGV[6] who changes it (a JSON string), ARGV[7] now in epoch milliseconds.
-- Guarantees: the other setting is read and written back inside the script, so a TTL change and an enable/disable
-- made at the same time by two operators both survive (no read-modify-write of a copy held elsewhere). The chart
-- marker (a key in another slot) and the announcement are the caller's, after this.
-- Returns {TTL in force before (ms), enabled before ("true"/"false"), the change marker JSON}.
local settings = KEYS[1]
local ns, what, value = ARGV[1], ARGV[2], ARGV[3]
local ttl, enabled = ARGV[4], ARGV[5]
local old = redis.call('HGET', settings, ns)
if old then
  ttl = string.match(old, '"ttlMillis"%s*:%s*(%d+)') or ttl
  enabled = string.match(old, '"enabled"%s*:%s*(%a+)') or enabled
end
local before = {ttl, enabled}
local change
if what == 'reset' then
  redis.call('HDEL', settings, ns)
  change = '{"namespace":"' .. ns .. '","ttlMillis":null,"enabled":' .. ARGV[5] .. ',"by":' .. ARGV[6] .. ',"at":' .. ARGV[7] .. '}'
else
  if what == 'ttl' then ttl = value else enabled = value end
  local stored = '{"ttlMillis":' .. ttl .. ',"enabled":' .. enabled .. ',"by":' .. ARGV[6] .. ',"at":' .. ARGV[7]
  redis.call('HSET', settings, ns, stored .. '}')
  change = stored .. ',"namespace":"' .. ns .. '"}'
end
before[3] = change
return before
