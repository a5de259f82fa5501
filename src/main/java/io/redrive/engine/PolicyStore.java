package io.redrive.engine;

import io.redrive.redis.Replies;
import io.redrive.redis.KeySchema;
import io.redrive.redis.RedisConnection;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Per-queue retry policies: an override stored in Redis (the queue's {@code policy} hash) or the engine's
 * default. Each engine rereads a queue's policy at most once a second, so a change reaches all of them
 * within about a second without a restart.
 */
final class PolicyStore {
    static final Duration REFRESH = Duration.ofSeconds(1);

    private record Cached(RetryPolicy policy, long loadedAtNanos) { }

    private final RedisConnection redis;
    private final KeySchema keys;
    private final RetryPolicy defaults;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    PolicyStore(RedisConnection redis, KeySchema keys, RetryPolicy defaults) {
        this.redis = redis;
        this.keys = keys;
        this.defaults = defaults;
    }

    RetryPolicy defaults() {
        return defaults;
    }

    /** The policy in force, from a cache no older than a second. */
    RetryPolicy current(String queue) {
        Cached cached = cache.get(queue);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos < REFRESH.toNanos()) {
            return cached.policy;
        }
        long started = System.nanoTime();
        RetryPolicy policy = load(queue);
        remember(queue, new Cached(policy, started));
        return policy;
    }

    /** Keeps the newer of two readings, so a read that began before a save cannot bring back the old policy. */
    private void remember(String queue, Cached reading) {
        cache.merge(queue, reading, (held, offered) -> held.loadedAtNanos() - offered.loadedAtNanos() > 0 ? held : offered);
    }

    /** Reads the policy from Redis now. */
    RetryPolicy load(String queue) {
        Map<String, byte[]> fields = redis.await(redis.commands().hgetall(keys.queue(queue).policy()));
        redis.countLookup(!fields.isEmpty());  // no override: no hash, and a keyspace miss
        if (fields.isEmpty()) {
            return defaults;
        }
        try {
            return decode(fields, defaults);
        } catch (IllegalArgumentException e) {
            throw new DamagedQueueException(queue, "its stored policy is not valid: " + e.getMessage(), e);
        }
    }

    boolean hasOverride(String queue) {
        return redis.await(redis.commands().exists(keys.queue(queue).policy())) > 0;
    }

    Set<String> storedFields(String queue) {
        return Set.copyOf(redis.await(redis.commands().hkeys(keys.queue(queue).policy())));
    }

    void save(String queue, RetryPolicy policy) {
        Map<String, byte[]> fields = new LinkedHashMap<>();
        fields.put("maxAttempts", Replies.bytes(Integer.toString(policy.maxAttempts())));
        fields.put("backoffBaseMs", Replies.bytes(Long.toString(policy.backoff().base().toMillis())));
        fields.put("backoffCapMs", Replies.bytes(Long.toString(policy.backoff().cap().toMillis())));
        fields.put("jitter", Replies.bytes(Double.toString(policy.backoff().jitter())));
        fields.put("retentionMs", Replies.bytes(Long.toString(policy.deadLetterRetention().toMillis())));
        redis.await(redis.commands().hset(keys.queue(queue).policy(), fields));
        remember(queue, new Cached(policy, System.nanoTime()));
    }

    void clear(String queue) {
        redis.await(redis.commands().del(keys.queue(queue).policy()));
        remember(queue, new Cached(defaults, System.nanoTime()));
    }

    private static RetryPolicy decode(Map<String, byte[]> f, RetryPolicy d) {
        Backoff backoff = Backoff.exponential(Duration.ofMillis(longField(f, "backoffBaseMs", d.backoff().base().toMillis())))
                .withCap(Duration.ofMillis(longField(f, "backoffCapMs", d.backoff().cap().toMillis())))
                .withJitter(f.containsKey("jitter") ? number(f, "jitter", Double::parseDouble) : d.backoff().jitter());
        return RetryPolicy.builder()
                .maxAttempts((int) longField(f, "maxAttempts", d.maxAttempts()))
                .backoff(backoff)
                .deadLetterRetention(Duration.ofMillis(longField(f, "retentionMs", d.deadLetterRetention().toMillis())))
                .build();
    }

    private static long longField(Map<String, byte[]> fields, String name, long fallback) {
        byte[] value = fields.get(name);
        return value == null ? fallback : number(fields, name, Long::parseLong);
    }

    /** A field's number; the exception names the field and its value, since operators and scripts can write this hash. */
    private static <T> T number(Map<String, byte[]> fields, String name, Function<String, T> parse) {
        String text = Replies.text(fields.get(name));
        try {
            return parse.apply(text.strip());
        } catch (NumberFormatException e) {
            String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
            throw new IllegalArgumentException("field " + name + " is '" + shown + "'", e);
        }
    }
}
