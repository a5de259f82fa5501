-- timeline: reads what a message's timeline is made of, in one atomic step.
-- KEYS[1] the message HASH, KEYS[2] its events LIST.
-- Returns {state, enqueuedAt, firstDueAt, leasedBy, updatedAt, attempts, pendingEvent, events...}; the first seven
--   are false when absent. Queue.timeline() adds the implied enqueued event, the pending event not yet written
--   (see flush_pending) and the implied leased event while in flight.
local f = redis.call('HMGET', KEYS[1], 'state', 'enqueuedAt', 'firstDueAt', 'leasedBy', 'updatedAt', 'attempts', 'pendingEvent')
local events = redis.call('LRANGE', KEYS[2], 0, -1)
for _, e in ipairs(events) do
  f[#f + 1] = e
end
return f
