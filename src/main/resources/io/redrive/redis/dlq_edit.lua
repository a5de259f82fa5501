-- dlq_edit: replaces a dead letter's payload and headers, keeping the version it replaces.
-- KEYS[1] the message HASH, KEYS[2] its events LIST, KEYS[3] its versions LIST.
-- ARGV[1] now (ms), ARGV[2] who, ARGV[3] why, ARGV[4] the version the editor started from, ARGV[5] the new
--   payload, ARGV[6] the new headers JSON.
-- Guarantees: the edit applies only while the message is dead, unclaimed, and still at the version the editor
--   read (optimistic concurrency): a second editor gets a conflict and nothing is lost. The replaced version is
--   appended to the versions list as two entries: its metadata JSON and its payload.
-- Returns {'ok', new version} or {'conflict', current version} or {'not-dead', state or ''} or
--   {'claimed', 'dead'} while a move to another queue holds it.
local f, bad = read_hash(KEYS[1], 'state', 'version', 'payload', 'headers', 'editedBy', 'editedAt', 'editReason',
  'enqueuedAt', 'claim', 'claimedUntil')
if bad then return bad end
if f[1] ~= 'dead' then
  return {'not-dead', f[1] or ''}
end
if f[9] and f[9] ~= '' and tonumber(f[10] or 0) > tonumber(ARGV[1]) then
  return {'claimed', f[1]}
end
local version = tonumber(f[2] or 0)
if tostring(version) ~= ARGV[4] then
  return {'conflict', version}
end
local meta = cjson.encode({version = version, by = f[5] or 'original', at = tonumber(f[6] or f[8] or 0),
  why = f[7] or '', headers = f[4] or '{}'})
bad = wrong_type({KEYS[2], 'list', KEYS[3], 'list'})
if bad then return bad end
redis.call('RPUSH', KEYS[3], meta, f[3] or '')
redis.call('HSET', KEYS[1], 'payload', ARGV[5], 'headers', ARGV[6], 'version', version + 1, 'editedBy', ARGV[2],
  'editedAt', ARGV[1], 'editReason', ARGV[3], 'updatedAt', ARGV[1])
redis.call('RPUSH', KEYS[2], event_json(ARGV[1], 'edited', ',"by":' .. cjson.encode(ARGV[2]) .. ',"version":' ..
  (version + 1) .. ',"why":' .. cjson.encode(ARGV[3])))
return {'ok', version + 1}
