package io.redrive.engine;

import io.lettuce.core.KeyValue;
import io.redrive.ops.AuditAction;
import io.redrive.redis.Replies;
import io.redrive.ops.Actor;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.redrive.redis.Args;
import io.redrive.redis.KeySchema.QueueKeys;
import io.redrive.redis.RedisConnection;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** One queue: enqueue messages, read their state, history and counters, and tune its retry policy. */
public final class Queue {
    /** A batch enqueue is sent in scripts of at most this many messages... */
    private static final int CHUNK_MESSAGES = 500;
    /** ...and about this many payload bytes, so one script never holds Redis for long. */
    private static final long CHUNK_BYTES = 4L * 1024 * 1024;

    private final Engine engine;
    private final String name;
    private final QueueKeys keys;

    Queue(Engine engine, String name) {
        this.engine = engine;
        this.name = name;
        this.keys = engine.keys().queue(name);
    }

    public String name() {
        return name;
    }

    QueueKeys keys() {
        return keys;
    }

    /**
     * Enqueues one message.
     *
     * @return its id; for a repeat of an idempotency key within the window, the id of the earlier message
     * @throws PayloadTooLargeException when the payload is over the engine's limit
     */
    public String enqueue(OutgoingMessage message) {
        return enqueueAll(List.of(message)).get(0);
    }

    /** Enqueues messages in as few round trips as their size allows; returns their ids in order. */
    public List<String> enqueueAll(List<OutgoingMessage> messages) {
        engine.requireWritable();
        long limit = engine.options().maxPayloadBytes();
        for (OutgoingMessage m : messages) {
            if (m.payloadSize() > limit) {
                throw new PayloadTooLargeException(m.payloadSize(), limit);
            }
        }
        List<CompletableFuture<Object>> replies = new ArrayList<>();
        int from = 0;
        while (from < messages.size()) {
            int to = from;
            long bytes = 0;
            while (to < messages.size() && to - from < CHUNK_MESSAGES && (to == from || bytes + messages.get(to).payloadSize() <= CHUNK_BYTES)) {
                bytes += messages.get(to).payloadSize();
                to++;
            }
            replies.add(enqueueChunk(messages.subList(from, to)));
            from = to;
        }
        List<String> ids = new ArrayList<>(messages.size());
        for (CompletableFuture<Object> reply : replies) {
            for (Object id : Replies.list(engine.redis().await(reply))) {
                ids.add(Replies.text(id));
            }
        }
        return ids;
    }

    private CompletableFuture<Object> enqueueChunk(List<OutgoingMessage> chunk) {
        long now = engine.options().clock().millis();
        List<String> scriptKeys = new ArrayList<>(3 + chunk.size());
        scriptKeys.add(keys.ready());
        scriptKeys.add(keys.scheduled());
        scriptKeys.add(keys.metrics(now / 60_000));
        List<String> idempotencyKeys = new ArrayList<>();
        Args args = new Args().add(now).add(engine.metricsTtlSeconds())
                .add(engine.options().idempotencyWindow().toMillis()).add(chunk.size());
        for (OutgoingMessage m : chunk) {
            String id = MessageIds.next(engine.options().clock());
            scriptKeys.add(keys.message(id));
            String idempotencyKey = m.idempotencyKeyOrNull();
            if (idempotencyKey != null) {
                idempotencyKeys.add(keys.idempotency(idempotencyKey));
            }
            long due = m.delay().isZero() ? 0 : now + m.delay().toMillis();
            args.add(id).add(m.payloadBytes()).add(Json.write(m.headers())).add(due)
                    .add(idempotencyKey == null ? 0 : idempotencyKeys.size());
        }
        scriptKeys.addAll(idempotencyKeys);
        return Scripts.ENQUEUE.run(engine.redis(), scriptKeys, args.list());
    }

    /** How many of this queue's messages are in each state. */
    public QueueCounts counts() {
        RedisConnection redis = engine.redis();
        RedisClusterAsyncCommands<String, byte[]> c = redis.commands();
        RedisFuture<Long> ready = c.zcard(keys.ready());
        RedisFuture<Long> inFlight = c.zcard(keys.inflight());
        RedisFuture<Long> scheduled = c.zcard(keys.scheduled());
        RedisFuture<Long> dead = c.zcard(keys.dead());
        RedisFuture<Long> done = c.zcard(keys.done());
        return new QueueCounts(name, redis.await(ready), redis.await(inFlight), redis.await(scheduled),
                redis.await(dead), redis.await(done));
    }

    /**
     * The message as it is now, or empty when there is none with that id: it never existed, it was done and the
     * engine keeps no done messages, or it was swept after its retention. Stored headers that are not a JSON
     * object of strings read as none; {@link DeadLetters#show} shows what is stored instead.
     */
    public Optional<Message> message(String id) {
        Objects.requireNonNull(id, "id");
        Map<String, byte[]> f = engine.redis().await(engine.redis().commands().hgetall(keys.message(id)));
        if (f.isEmpty()) {
            return Optional.empty();
        }
        Instant enqueuedAt = instant(f, "enqueuedAt");
        Instant updatedAt = instant(f, "updatedAt");
        return Optional.of(new Message(id, name, MessageState.fromWire(text(f, "state")),
                f.getOrDefault("payload", new byte[0]), Objects.requireNonNullElse(Json.headersOrNull(f.get("headers")), Map.of()),
                (int) number(f, "attempts"), (int) number(f, "replays"), enqueuedAt,
                updatedAt == null ? enqueuedAt : updatedAt, instant(f, "nextAttemptAt"), instant(f, "deadAt"),
                text(f, "lastError"), text(f, "deadReason"), text(f, "leasedBy")));
    }

    /**
     * The message's events, oldest first; empty when the message does not exist. The {@code enqueued} event and
     * the {@code leased} event of a lease still running are not stored as events: they are read from the
     * message's own fields, so the common path writes no timeline at all. Nor, until the next event is written, is
     * the {@code replayed} event of a replay in place (it waits in the field {@code pendingEvent}).
     */
    public List<TimelineEvent> timeline(String id) {
        Objects.requireNonNull(id, "id");
        Map<String, byte[]> f = new HashMap<>();
        List<byte[]> stored = new ArrayList<>(timelineParts(id, f));
        if (!f.containsKey("state")) {
            return List.of();
        }
        List<TimelineEvent> events = new ArrayList<>(stored.size() + 3);
        events.add(new TimelineEvent(instant(f, "enqueuedAt"), "enqueued",
                f.containsKey("firstDueAt") ? Map.of("dueAt", number(f, "firstDueAt")) : Map.of()));
        byte[] pending = f.get("pendingEvent");
        if (pending != null && pending.length > 0) {
            stored.add(pending);
        }
        for (byte[] json : stored) {
            events.add(event(json, events.get(events.size() - 1).at()));
        }
        if (MessageState.IN_FLIGHT.wireName().equals(text(f, "state"))) {
            events.add(new TimelineEvent(instant(f, "updatedAt"), "leased",
                    Map.of("by", String.valueOf(text(f, "leasedBy")), "attempt", number(f, "attempts"))));
        }
        return events;
    }

    private static final String[] TIMELINE_FIELDS = {"state", "enqueuedAt", "firstDueAt", "leasedBy", "updatedAt", "attempts", "pendingEvent"};

    /**
     * Reads the message's timeline fields into {@code fields} and returns its stored events, with plain read
     * commands (no script, so a {@code +@read} Redis user can read it). The hash is read before and after the events
     * in one pipeline: every change of the timeline also changes the hash (at least its {@code updatedAt}), so two
     * equal reads of the hash mean the events between them belong to it. A message changing meanwhile is read again,
     * a few times at most; after that the last read is used, which at worst shows one event twice or not yet.
     */
    private List<byte[]> timelineParts(String id, Map<String, byte[]> fields) {
        var redis = engine.redis();
        List<byte[]> events = List.of();
        for (int attempt = 0; attempt < 5; attempt++) {
            var before = redis.commands().hmget(keys.message(id), TIMELINE_FIELDS);
            var stored = redis.commands().lrange(keys.events(id), 0, -1);
            var after = redis.commands().hmget(keys.message(id), TIMELINE_FIELDS);
            Map<String, byte[]> first = fieldMap(redis.await(before));
            events = redis.await(stored);
            Map<String, byte[]> second = fieldMap(redis.await(after));
            fields.clear();
            fields.putAll(second);
            if (sameFields(first, second)) {
                break;
            }
        }
        return events;
    }

    private static Map<String, byte[]> fieldMap(List<KeyValue<String, byte[]>> values) {
        Map<String, byte[]> map = new HashMap<>();
        for (KeyValue<String, byte[]> kv : values) {
            if (kv.hasValue()) {
                map.put(kv.getKey(), kv.getValue());
            }
        }
        return map;
    }

    private static boolean sameFields(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * One stored event. Damaged data (an import from an older or hand-edited file, a key changed by hand) must not
     * hide the rest of the timeline: an event that cannot be read says what is wrong with it, at the time of the
     * event before it.
     */
    static TimelineEvent event(byte[] json, Instant before) {
        Map<String, Object> event;
        try {
            event = Json.objectMap(json);
        } catch (UncheckedIOException e) {
            event = null;
        }
        if (event == null) {
            return new TimelineEvent(before, "unreadable", Map.of("problem",
                    "this stored event is not a JSON object: " + MalformedMessageException.quoted(json)));
        }
        Object at = event.remove("at");
        Object type = event.remove("type");
        Map<String, Object> attributes = new HashMap<>();
        event.forEach((name, value) -> {
            if (value != null) attributes.put(name, value);  // Map.copyOf refuses nulls
        });
        if (!(type instanceof String)) {
            attributes.put("problem", "this stored event has no type");
        }
        if (!(at instanceof Number)) {
            attributes.put("problem", "this stored event's time is not a time: " + (at == null ? "none is stored" : "'" + at + "'"));
        }
        return new TimelineEvent(at instanceof Number n ? Instant.ofEpochMilli(n.longValue()) : before,
                type instanceof String t ? t : "unreadable", Map.copyOf(attributes));
    }

    /** Every failed attempt of the message, oldest first: its timeline's failed and lease-expired events. */
    public List<AttemptError> errors(String id) {
        return timeline(id).stream().filter(ErrorRecords::isError).map(ErrorRecords::fromEvent).toList();
    }

    /** The retry policy in force: this queue's override, or the engine's default. */
    public RetryPolicy policy() {
        return engine.policies().load(name);
    }

    /** Whether this queue has a policy of its own stored in Redis. */
    public boolean hasPolicyOverride() {
        return engine.policies().hasOverride(name);
    }

    /** Stores a policy for this queue; every engine on this Redis applies it within about a second. */
    public void updatePolicy(RetryPolicy policy) {
        engine.requireWritable();
        engine.policies().save(name, Objects.requireNonNull(policy, "policy"));
    }

    /** Stores a policy for this queue, as {@link #updatePolicy(RetryPolicy)}, and records who did it in the audit log. */
    public void updatePolicy(RetryPolicy policy, Actor actor) {
        engine.requireWritable();
        RetryPolicy before = policy();
        updatePolicy(policy);
        engine.audit().record(actor, AuditAction.POLICY, "queue " + name, 1, "ok", Map.of("from", before.toString(), "to", policy.toString()));
    }

    /** Drops this queue's override; the engines' default applies again. */
    public void resetPolicy() {
        engine.requireWritable();
        engine.policies().clear(name);
    }

    /** Drops this queue's override, as {@link #resetPolicy()}, and records who did it, with the policy before and after. */
    public void resetPolicy(Actor actor) {
        RetryPolicy before = policy();
        resetPolicy();
        engine.audit().record(actor, AuditAction.POLICY_RESET, "queue " + name, 1, "ok",
                Map.of("from", before.toString(), "to", engine.policies().defaults().toString()));
    }

    /**
     * The settings this queue's stored override sets itself, by name ({@code maxAttempts}, {@code backoffBaseMs},
     * {@code backoffCapMs}, {@code jitter}, {@code retentionMs}); the others come from the engine's default. Empty
     * without an override. An override saved by {@link #updatePolicy} sets all of them; one written by hand may not.
     */
    public Set<String> policyOverrideFields() {
        return engine.policies().storedFields(name);
    }

    /** Per-minute counters from {@code from} to {@code to}, one entry per minute, zeros where nothing happened. */
    public List<MinuteMetrics> metrics(Instant from, Instant to) {
        long first = from.toEpochMilli() / 60_000;
        long last = to.toEpochMilli() / 60_000;
        if (last < first) {
            return List.of();
        }
        RedisConnection redis = engine.redis();
        List<RedisFuture<Map<String, byte[]>>> replies = new ArrayList<>();
        for (long minute = first; minute <= last; minute++) {
            replies.add(redis.commands().hgetall(keys.metrics(minute)));
        }
        List<MinuteMetrics> metrics = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            Map<String, byte[]> f = redis.await(replies.get(i));
            metrics.add(new MinuteMetrics(Instant.ofEpochMilli((first + i) * 60_000), number(f, "enqueued"),
                    number(f, "succeeded"), number(f, "failed"), number(f, "retried"), number(f, "deadLettered"),
                    number(f, "recovered")));
        }
        return metrics;
    }

    /** The queue's lifetime counters, kept in Redis by the scripts that count the per-minute ones. */
    public QueueTotals totals() {
        Map<String, byte[]> f = engine.redis().await(engine.redis().commands().hgetall(keys.totals()));
        long[] n = new long[QueueTotals.FIELDS.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = number(f, QueueTotals.FIELDS[i]);
        }
        return new QueueTotals(name, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8]);
    }

    /** Ids of dead letters, oldest death first. */
    public List<String> deadIds(int limit) {
        return ids(keys.dead(), limit);
    }

    private List<String> ids(String index, int limit) {
        List<String> ids = new ArrayList<>();
        for (byte[] id : engine.redis().await(engine.redis().commands().zrange(index, 0, limit - 1L))) {
            ids.add(Replies.text(id));
        }
        return ids;
    }

    /** A field's text; scripts blank a field that no longer applies, so empty reads as absent. */
    private static String text(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        return value == null || value.length == 0 ? null : Replies.text(value);
    }

    /** A stored count; 0 when it is not a number, so one damaged field cannot make a message unreadable. */
    private static long number(Map<String, byte[]> fields, String name) {
        try {
            return Replies.number(fields.get(name));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A stored time; null when absent or not a number of milliseconds. */
    private static Instant instant(Map<String, byte[]> fields, String name) {
        byte[] value = fields.get(name);
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return Instant.ofEpochMilli(Replies.number(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "Queue[" + name + "]";
    }
}
