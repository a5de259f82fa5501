-- repair: what `redrive check --repair --yes` does to one queue, one batch per call. Puts each message back into
-- the index its hash's state names, removes index entries whose message no longer exists, recomputes failure-group
-- counts from their indexes, and takes counted lost messages off <base>missing once they are audited.
-- KEYS[1] the queue's ready ZSET (it routes the call; every other key is derived from the base, same hash tag).
-- ARGV[1] queue key base, ARGV[2] now (ms), then pairs: 'message' id | 'group' fingerprint | 'lost' field count.
-- Guarantees: each fix first re-checks that it is still needed (a worker may have moved the message meanwhile) and
--   reads the type of every key it would write; it writes nothing when one is of another type, so it can neither
--   fail part-way nor overwrite a damaged key. State -> index: ready -> ready (now), scheduled -> scheduled
--   (nextAttemptAt or now), inflight -> inflight (deadline now, so recover takes it and counts the attempt),
--   dead -> dead (deadAt) and its attempts, class and group indexes, done -> done (doneAt), trashed -> trash.
-- Returns one word per pair: fixed, removed (a dangling entry), unchanged (nothing to do), damaged, unknown.
local base, now = ARGV[1], ARGV[2]
local index_of = {ready = 'ready', inflight = 'inflight', scheduled = 'scheduled', dead = 'dead', done = 'done',
  trashed = 'trash'}
local score_field = {scheduled = 'nextAttemptAt', dead = 'deadAt', done = 'doneAt', trashed = 'trashedAt'}

local function type_of(key)
  local t = redis.call('TYPE', key)
  return t.ok or t
end

-- Whether every key holds the type expected or does not exist.
local function sound(keys, expected)
  for _, key in ipairs(keys) do
    local t = type_of(key)
    if t ~= expected and t ~= 'none' then return false end
  end
  return true
end

-- A group's count is the size of its index; a group with none left goes from the groups index.
local function recount(group, at)
  local key = base .. 'group:' .. group
  local n = redis.call('ZCARD', base .. 'dead:group:' .. group)
  if n == 0 then
    redis.call('DEL', key)
    redis.call('ZREM', base .. 'groups', group)
  else
    redis.call('HSET', key, 'count', n)
    redis.call('HSETNX', key, 'firstSeen', at)
    redis.call('HSETNX', key, 'lastSeen', at)
    redis.call('ZADD', base .. 'groups', 'NX', redis.call('HGET', key, 'lastSeen'), group)
  end
end

local function fix_message(id)
  local msg = msg_key(base, id)
  local t = type_of(msg)
  if t ~= 'hash' and t ~= 'none' then return 'damaged' end
  local f = redis.call('HMGET', msg, 'state', 'errorClass', 'group', 'attempts', 'deadAt', 'nextAttemptAt', 'doneAt',
    'trashedAt')
  local state = f[1]
  if t == 'hash' and not index_of[state] then return 'unknown' end
  -- it can only be in a key that is a sorted set; only the keys it goes into must not be of another type
  local function zrem(key)
    return type_of(key) == 'zset' and redis.call('ZREM', key, id) == 1
  end
  local class, group = f[2], f[3]
  local target = {}
  if t == 'hash' then
    target[1] = base .. index_of[state]
    if state == 'dead' then
      group = group or 'none'
      target[2] = base .. 'dead:attempts'
      target[3] = base .. 'dead:class:' .. (class or 'Unknown')
      target[4] = base .. 'dead:group:' .. group
      target[5] = base .. 'groups'
      if not sound({base .. 'group:' .. group}, 'hash') then return 'damaged' end
    elseif group and not (sound({base .. 'group:' .. group}, 'hash') and sound({base .. 'groups'}, 'zset')) then
      return 'damaged'
    end
  end
  if not sound(target, 'zset') then return 'damaged' end

  local changed = false
  for st, suffix in pairs(index_of) do
    if st ~= state and zrem(base .. suffix) then changed = true end
  end
  if t == 'none' then
    if zrem(base .. 'dead:attempts') then changed = true end
    return changed and 'removed' or 'unchanged'
  end
  if state ~= 'dead' then
    -- it left the dead letters: out of their secondary indexes too
    if zrem(base .. 'dead:attempts') then changed = true end
    if class and zrem(base .. 'dead:class:' .. class) then changed = true end
    if group and zrem(base .. 'dead:group:' .. group) then
      changed = true
      recount(group, now)
    end
  end
  local field = score_field[state]
  local score = field and f[({nextAttemptAt = 6, deadAt = 5, doneAt = 7, trashedAt = 8})[field]] or now
  if score == '' then score = now end
  if redis.call('ZADD', base .. index_of[state], 'NX', score, id) == 1 then
    changed = true
    if state == 'inflight' then
      -- recover reads these of an expired lease; a hash stranded part-way may lack them
      redis.call('HSETNX', msg, 'attempts', 0)
      redis.call('HSETNX', msg, 'updatedAt', now)
    end
  end
  if state == 'dead' then
    local attempts = tonumber(f[4]) or 0
    if redis.call('ZADD', base .. 'dead:attempts', 'NX', attempts, id) == 1 then changed = true end
    if redis.call('ZADD', base .. 'dead:class:' .. (class or 'Unknown'), 'NX', score, id) == 1 then changed = true end
    if redis.call('ZADD', base .. 'dead:group:' .. group, 'NX', score, id) == 1 then
      changed = true
      recount(group, score)
    end
  end
  return changed and 'fixed' or 'unchanged'
end

local function fix_group(group)
  if not sound({base .. 'group:' .. group}, 'hash') or not sound({base .. 'dead:group:' .. group, base .. 'groups'}, 'zset') then
    return 'damaged'
  end
  local count = tonumber(redis.call('HGET', base .. 'group:' .. group, 'count'))
  local n = redis.call('ZCARD', base .. 'dead:group:' .. group)
  if count == n and n > 0 then return 'unchanged' end
  recount(group, now)
  return 'fixed'
end

-- Takes the audited count off; lost messages counted since the check stay counted.
local function reset_lost(field, n)
  local key = base .. 'missing'
  if not sound({key}, 'hash') then return 'damaged' end
  if redis.call('HINCRBY', key, field, -tonumber(n)) <= 0 then
    redis.call('HDEL', key, field, field .. ':lastId', field .. ':lastAt')
  end
  return 'fixed'
end

local out = {}
local i = 3
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'message' then
    out[#out + 1] = fix_message(ARGV[i + 1]); i = i + 2
  elseif op == 'group' then
    out[#out + 1] = fix_group(ARGV[i + 1]); i = i + 2
  else
    out[#out + 1] = reset_lost(ARGV[i + 1], ARGV[i + 2]); i = i + 3
  end
end
return out
