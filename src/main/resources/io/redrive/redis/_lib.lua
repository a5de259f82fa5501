-- Helpers shared by every Redrive script; LuaScript puts this file in front of each one.
-- Per-message keys follow KeySchema.QueueKeys: <base>m:<id> and <base>ev:<id>, where <base> is
-- "<prefix>:{<queue>}:". Scripts that discover ids (lease, promote, recover, sweep) derive those keys from the
-- base they are given; the hash tag in the base keeps them in the slot of the declared keys (decision 0002).
local function msg_key(base, id) return base .. 'm:' .. id end
local function events_key(base, id) return base .. 'ev:' .. id end

-- The JSON of one timeline event; `fields` must hold at least `at` and `type`.
local function event(fields)
  return cjson.encode(fields)
end

-- The JSON of a timeline event without cjson, for the hot paths: `rest` is '' or ',"name":value...' whose
-- strings are already JSON-encoded; `at` is the ARGV string of a whole number of milliseconds.
local function event_json(at, kind, rest)
  return '{"at":' .. at .. ',"type":"' .. kind .. '"' .. rest .. '}'
end

-- The "leased" event of the lease now ending, from the fields lease.lua wrote: by = leasedBy,
-- at = updatedAt, attempt = attempts.
local function leased_event(by, at, attempt)
  return event_json(at, 'leased', ',"by":' .. cjson.encode(by or '') .. ',"attempt":' .. attempt)
end

-- The queue's lifetime counters (HASH <base>totals, no TTL) beside a per-minute hash <base>metrics:<minute>:
-- Prometheus counters must survive engine restarts, so they are kept in Redis, written with the minute's.
local function totals_key(metrics_key)
  return (metrics_key:gsub('metrics:%d+$', 'totals'))
end

-- Adds n to a per-minute counter that expires after ttl seconds, and to the same lifetime counter.
local function count(metrics_key, field, n, ttl)
  if n > 0 then
    redis.call('HINCRBY', metrics_key, field, n)
    redis.call('EXPIRE', metrics_key, ttl)
    redis.call('HINCRBY', totals_key(metrics_key), field, n)
  end
end

-- How long resolved dead letters had been dead (death to replay or purge), per hour: HASH
-- <base>resolution:<hour>, field = a bucket's upper bound in seconds ('inf' for longer), value = how many.
-- Fixed log-spaced buckets, so any reader can merge hours and interpolate percentiles (QueueHealth).
local RESOLUTION_BOUNDS = {60, 300, 900, 3600, 14400, 43200, 86400, 259200, 604800}

local function resolution_key(base, now)
  return base .. 'resolution:' .. math.floor(tonumber(now) / 3600000)
end

-- Adds one resolved dead letter, dead since dead_at (ms; nil or '' when unknown: not counted), to buckets.
local function resolved(buckets, now, dead_at)
  local at = tonumber(dead_at)
  if not at then return end
  local seconds = (tonumber(now) - at) / 1000
  local field = 'inf'
  for _, bound in ipairs(RESOLUTION_BOUNDS) do
    if seconds <= bound then field = tostring(bound); break end
  end
  buckets[field] = (buckets[field] or 0) + 1
end

-- Writes collected resolution buckets into this hour's histogram, which expires after ttl seconds.
local function count_resolved(key, buckets, ttl)
  if next(buckets) == nil then return end
  for field, n in pairs(buckets) do
    redis.call('HINCRBY', key, field, n)
  end
  redis.call('EXPIRE', key, ttl)
end

local function versions_key(base, id) return base .. 'ver:' .. id end

-- Removes a message, its timeline and its earlier versions.
local function delete_message(base, id)
  redis.call('DEL', msg_key(base, id), events_key(base, id), versions_key(base, id))
end

-- Runs one command over many values in slices of 1000 (even, so ZADD's score/member pairs stay together),
-- which keeps unpack under Lua's stack limit; one call per slice instead of one per message.
-- key may be nil for commands that take only values (DEL).
local function bulk(command, key, values)
  for i = 1, #values, 1000 do
    local last = math.min(i + 999, #values)
    if key then
      redis.call(command, key, unpack(values, i, last))
    else
      redis.call(command, unpack(values, i, last))
    end
  end
end

-- Dead letters are indexed four ways besides <base>dead (by time of death): by attempts, by error class, by
-- failure group, and each group keeps its count, first and last death, and deaths per hour. A script collects
-- the dead letters it adds in a batch and applies them with one call per index and group, not per message.
local function dead_batch()
  return {attempts = {}, classes = {}, groups = {}, times = {}}
end

local function append_pair(t, key, score, id)
  local list = t[key]
  if not list then list = {}; t[key] = list end
  list[#list + 1] = score
  list[#list + 1] = id
end

-- Records one dead letter in a batch for index_dead. at = time of death in ms.
local function dead_change(batch, id, at, attempts, class, group, sample)
  batch.times[#batch.times + 1] = at
  batch.times[#batch.times + 1] = id
  batch.attempts[#batch.attempts + 1] = attempts or 0
  batch.attempts[#batch.attempts + 1] = id
  append_pair(batch.classes, class or 'Unknown', at, id)
  local g = batch.groups[group or 'none']
  if not g then
    g = {pairs = {}, hours = {}, first = tonumber(at), last = tonumber(at), class = class or 'Unknown', sample = sample or ''}
    batch.groups[group or 'none'] = g
  end
  g.pairs[#g.pairs + 1] = at
  g.pairs[#g.pairs + 1] = id
  local hour = math.floor(tonumber(at) / 3600000)
  g.hours[hour] = (g.hours[hour] or 0) + 1
  if tonumber(at) < g.first then g.first = tonumber(at) end
  if tonumber(at) > g.last then g.last = tonumber(at) end
end

-- Adds the batch's dead letters to every dead-letter index, <base>dead included.
local function index_dead(base, batch)
  bulk('ZADD', base .. 'dead', batch.times)
  bulk('ZADD', base .. 'dead:attempts', batch.attempts)
  for class, entries in pairs(batch.classes) do
    bulk('ZADD', base .. 'dead:class:' .. class, entries)
  end
  for group, g in pairs(batch.groups) do
    bulk('ZADD', base .. 'dead:group:' .. group, g.pairs)
    local key = base .. 'group:' .. group
    redis.call('HINCRBY', key, 'count', #g.pairs / 2)
    for hour, n in pairs(g.hours) do
      redis.call('HINCRBY', key, 'h:' .. hour, n)
    end
    local first = tonumber(redis.call('HGET', key, 'firstSeen'))
    if not first or g.first < first then
      redis.call('HSET', key, 'firstSeen', g.first)
    end
    local last = tonumber(redis.call('HGET', key, 'lastSeen'))
    if not last or g.last > last then
      redis.call('HSET', key, 'lastSeen', g.last)
    end
    redis.call('HSETNX', key, 'exception', g.class)
    redis.call('HSETNX', key, 'sample', g.sample)
    -- the groups index is scored by lastSeen; ZADD GT would say this in one word but needs Redis 6.2
    if not last or g.last > last then
      redis.call('ZADD', base .. 'groups', g.last, group)
    else
      redis.call('ZADD', base .. 'groups', 'NX', last, group)
    end
  end
end

-- Removing dead letters needs less than adding them: the ids per index (ZREM needs no score) and, per group, the
-- deaths per hour to take off its counts. A script collects them with dead_removed and applies them with
-- unindex_dead, one call per index and group.
local function dead_removals()
  return {ids = {}, classes = {}, groups = {}}
end

-- Records one dead letter leaving in a removal batch. at = its time of death in ms.
local function dead_removed(batch, id, at, class, group)
  batch.ids[#batch.ids + 1] = id
  class = class or 'Unknown'
  local members = batch.classes[class]
  if not members then members = {}; batch.classes[class] = members end
  members[#members + 1] = id
  group = group or 'none'
  local g = batch.groups[group]
  if not g then g = {ids = {}, hours = {}}; batch.groups[group] = g end
  g.ids[#g.ids + 1] = id
  local hour = math.floor((tonumber(at) or 0) / 3600000)
  g.hours[hour] = (g.hours[hour] or 0) + 1
end

-- Removes a removal batch's dead letters from every dead-letter index; a group with no dead letters left goes.
local function unindex_dead(base, batch)
  bulk('ZREM', base .. 'dead', batch.ids)
  bulk('ZREM', base .. 'dead:attempts', batch.ids)
  for class, members in pairs(batch.classes) do
    bulk('ZREM', base .. 'dead:class:' .. class, members)
  end
  for group, g in pairs(batch.groups) do
    bulk('ZREM', base .. 'dead:group:' .. group, g.ids)
    local key = base .. 'group:' .. group
    if redis.call('HINCRBY', key, 'count', -(#g.ids)) <= 0 then
      redis.call('DEL', key)
      redis.call('ZREM', base .. 'groups', group)
    else
      for hour, n in pairs(g.hours) do
        if redis.call('HINCRBY', key, 'h:' .. hour, -n) <= 0 then
          redis.call('HDEL', key, 'h:' .. hour)
        end
      end
    end
  end
end

-- A bulk replay leaves each message's "replayed" event in its pendingEvent field instead of appending it to the
-- timeline, one write fewer per message (decision 0003); the next script that appends to the timeline writes it
-- first, and the timeline script reads it while it waits.
local function flush_pending(msg, events, pending)
  if pending and pending ~= '' then
    redis.call('RPUSH', events, pending)
    redis.call('HDEL', msg, 'pendingEvent')
  end
end

-- The scores of many members in one call. ZMSCORE needs Redis 6.2; on an older server (it answers "unknown
-- command") one ZSCORE per member gives the same reply, so 5.0 works and newer servers lose no speed.
local function scores(key, members)
  local reply = redis.pcall('ZMSCORE', key, unpack(members))
  if type(reply) == 'table' and reply.err then
    if not string.find(string.lower(reply.err), 'unknown', 1, true) then
      error(reply)
    end
    reply = {}
    for i, member in ipairs(members) do
      reply[i] = redis.call('ZSCORE', key, member)
    end
  end
  return reply
end

-- An index entry whose message hash is missing is never turned into a message; the script that meets it drops it
-- and counts it here (HASH <base>missing: per index, how many, the last id and when), so `redrive check` can
-- say that messages were lost (usually to eviction) instead of the loss going unseen.
-- pcall: a damaged counter key must not fail the script after it has started writing (check reports that key).
local function count_missing(base, index, id, now)
  local key = base .. 'missing'
  redis.pcall('HINCRBY', key, index, 1)
  redis.pcall('HSET', key, index .. ':lastId', id, index .. ':lastAt', now)
end

-- What Redis keeps at a key: 'none' when it is absent.
local function type_of(key)
  return redis.call('TYPE', key).ok
end

-- Redis keeps what a script wrote before an error, so scripts check the keys they will write before the first
-- write and return this error instead; LuaScript turns it into DamagedKeyException ("nothing was changed").
-- Format: DAMAGEDKEY <found type> <expected type> <key>.
local function damaged(key, found, expected)
  return redis.error_reply('DAMAGEDKEY ' .. found .. ' ' .. expected .. ' ' .. key)
end

-- want is a flat list: key, type, key, type... Returns the error for the first key holding another type, or nil.
local function wrong_type(want)
  for i = 1, #want, 2 do
    local found = type_of(want[i])
    if found ~= 'none' and found ~= want[i + 1] then
      return damaged(want[i], found, want[i + 1])
    end
  end
  return nil
end

-- HMGET of a message hash; for a key of another type: nil and the error naming it (never a raw WRONGTYPE).
local function read_hash(key, ...)
  local reply = redis.pcall('HMGET', key, ...)
  if reply.err then
    return nil, damaged(key, type_of(key), 'hash')
  end
  return reply
end

-- Adds to want the dead-letter indexes and group hashes that index_dead or unindex_dead will write for a batch
-- (nothing for an empty batch, so the hot paths pay only when they dead-letter).
local function want_dead(want, base, batch)
  if next(batch.groups) == nil then return want end
  local function add(key, kind) want[#want + 1] = key; want[#want + 1] = kind end
  add(base .. 'dead', 'zset'); add(base .. 'dead:attempts', 'zset'); add(base .. 'groups', 'zset')
  for class in pairs(batch.classes) do add(base .. 'dead:class:' .. class, 'zset') end
  for group in pairs(batch.groups) do
    add(base .. 'dead:group:' .. group, 'zset'); add(base .. 'group:' .. group, 'hash')
  end
  return want
end
