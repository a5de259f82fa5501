package io.redrive.engine;

import io.lettuce.core.RedisFuture;
import io.redrive.engine.DeadLetterIndex.Ref;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Dry runs kept in Redis: the exact dead letters a preview counted, so the confirmed action acts on those and on
 * nothing that arrived while the operator read the confirmation. Kept for {@link #TTL}, so a console and the
 * command line on the same Redis share them.
 */
final class Previews {
    /** Long enough to read, think and type a count; short enough that an old preview is not acted on by mistake. */
    static final Duration TTL = Duration.ofHours(1);
    private static final int PUSH_CHUNK = 1_000;
    private static final int READ_CHUNK = 10_000;

    /** A stored preview: what it was for and which dead letters (or purged ones, for a restore) it counted. */
    record Stored(String id, String operation, String target, String toQueue, Instant createdAt, Instant expiresAt,
                  Map<String, String> conditions, List<Ref> refs) {
    }

    private final RedisConnection redis;
    private final KeySchema keys;

    Previews(RedisConnection redis, KeySchema keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /**
     * Stores a preview and returns its id. {@code conditions} say how to find what matches the target now (a
     * query's conditions, a trash's queues, or nothing for ids named one by one), to count what arrived since.
     */
    String save(String operation, String target, String toQueue, Instant now, Map<String, String> conditions, List<Ref> refs) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("operation", bytes(operation));
        fields.put("target", bytes(target));
        fields.put("toQueue", bytes(toQueue == null ? "" : toQueue));
        fields.put("createdAt", bytes(String.valueOf(now.toEpochMilli())));
        fields.put("count", bytes(String.valueOf(refs.size())));
        fields.put("conditions", Json.write(conditions));
        List<RedisFuture<?>> writes = new ArrayList<>();
        // the refs first and the description last, so a preview that can be found is always complete
        for (int from = 0; from < refs.size(); from += PUSH_CHUNK) {
            byte[][] values = refs.subList(from, Math.min(refs.size(), from + PUSH_CHUNK)).stream()
                    .map(r -> bytes(r.queue() + " " + r.id())).toArray(byte[][]::new);
            writes.add(redis.commands().rpush(keys.previewRefs(id), values));
        }
        writes.add(redis.commands().pexpire(keys.previewRefs(id), TTL.toMillis()));
        writes.forEach(redis::await);
        redis.await(redis.commands().hset(keys.preview(id), fields));
        redis.await(redis.commands().pexpire(keys.preview(id), TTL.toMillis()));
        return id;
    }

    /**
     * The preview, read whole; fails with a sentence when it has expired or was made for another operation.
     */
    Stored load(String id, String operation) {
        if (id == null || !id.matches("[0-9a-f]{1,32}")) {
            throw new IllegalArgumentException("'" + id + "' is not a preview id (a dry run prints one, such as 3f9a1c0d2b7e)");
        }
        Map<String, byte[]> f = redis.await(redis.commands().hgetall(keys.preview(id)));
        if (f.isEmpty()) {
            throw new IllegalStateException("Preview " + id + " has expired, was carried out already, or never "
                    + "existed (a preview is kept " + TTL.toHours() + " h and used once): run the dry run again");
        }
        String madeFor = text(f.get("operation"));
        if (!madeFor.equals(operation)) {
            throw new IllegalArgumentException("Preview " + id + " was made for a " + madeFor + ", not a " + operation);
        }
        Long ttl = redis.await(redis.commands().pttl(keys.preview(id)));
        List<Ref> refs = new ArrayList<>();
        long expected = Long.parseLong(text(f.get("count")));
        for (long from = 0; from < expected; from += READ_CHUNK) {
            for (byte[] v : redis.await(redis.commands().lrange(keys.previewRefs(id), from, from + READ_CHUNK - 1))) {
                String ref = text(v);
                int space = ref.indexOf(' ');
                refs.add(new Ref(ref.substring(0, space), ref.substring(space + 1)));
            }
        }
        if (refs.size() != expected) {
            throw new IllegalStateException("Preview " + id + " is incomplete (" + refs.size() + " of " + expected
                    + " dead letters readable): run the dry run again");
        }
        String toQueue = text(f.get("toQueue"));
        Instant created = Instant.ofEpochMilli(Long.parseLong(text(f.get("createdAt"))));
        Instant expires = ttl == null || ttl < 0 ? created.plus(TTL) : Instant.now().plusMillis(ttl);
        return new Stored(id, madeFor, text(f.get("target")), toQueue.isEmpty() ? null : toQueue, created, expires,
                new HashMap<>(Json.stringMap(f.get("conditions"))), List.copyOf(refs));
    }

    /** Forgets a preview once acted on, so the same confirmation cannot be carried out twice by mistake. */
    void delete(String id) {
        redis.await(redis.commands().del(keys.preview(id), keys.previewRefs(id)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "" : new String(b, StandardCharsets.UTF_8);
    }
}
