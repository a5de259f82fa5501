package io.redrive.cache;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.lettuce.core.Range;
import io.redrive.ops.Actor;
import io.redrive.redis.LuaScript;
import io.redrive.redis.RedisConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live namespace settings: overrides stored in one Redis hash, read at once when a process announces a change (on
 * the cache's pub/sub channel), so every process applies a change within a second. While the announcements reach
 * this process the hash is also reread every {@link #FALLBACK_REFRESH}, for one announced while the subscription was
 * reconnecting; without a subscription it is reread every half second, as polling is then the only way to learn.
 * Rereading it every half second regardless would cost a keyspace miss each time where no override exists.
 */
final class Settings {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final Duration CHANGE_HISTORY = Duration.ofHours(48);
    static final Duration FALLBACK_REFRESH = Duration.ofSeconds(10);
    private static final LuaScript CHANGE = LuaScript.load("cache_settings");

    private final Cache cache;
    private volatile Map<String, Map<String, Object>> overrides = Map.of();
    // Reads run on several threads (the periodic one, the announcement's, a change's own); each takes a number as it
    // is sent, and only a read newer than the last one applied is applied, so a slow old read cannot undo a change.
    private final Object readOrder = new Object();
    private long readsSent;     // guarded by readOrder
    private long readApplied;   // guarded by readOrder
    private volatile long lastReadNanos = System.nanoTime() - FALLBACK_REFRESH.toNanos();
    private final AtomicLong version = new AtomicLong();

    Settings(Cache cache) {
        this.cache = cache;
    }

    NamespaceSettings of(String namespace) {
        Namespaces.requireValid(namespace);
        CacheOptions options = cache.options();
        Duration configured = options.configuredTtl(namespace);
        Map<String, Object> o = overrides.get(namespace);
        if (o == null) {
            return new NamespaceSettings(namespace, configured, options.enabled(), configured, false, null, null);
        }
        Duration ttl = Duration.ofMillis(((Number) o.get("ttlMillis")).longValue());
        boolean enabled = options.enabled() && Boolean.TRUE.equals(o.get("enabled"));
        return new NamespaceSettings(namespace, ttl, enabled, configured, true, (String) o.get("by"),
                Instant.ofEpochMilli(((Number) o.get("at")).longValue()));
    }

    /** Goes up on every change seen: announced, made here, or found by a reread. */
    long version() {
        return version.get();
    }

    /** The periodic reread: every time without announcements, otherwise once per {@link #FALLBACK_REFRESH}. */
    void refreshIfDue(boolean announcementsArrive) {
        if (!announcementsArrive || System.nanoTime() - lastReadNanos >= FALLBACK_REFRESH.toNanos()) {
            refresh();
        }
    }

    /** Reads the overrides; on failure keeps the last ones read. */
    void refresh() {
        long[] read = new long[1];
        Map<String, byte[]> stored = cache.call("", () -> {
            synchronized (readOrder) {
                // sent in number order on the one connection, so a higher number reads a later state
                read[0] = ++readsSent;
                return cache.redis().commands().hgetall(cache.keys().settings());
            }
        });
        if (stored == null) {
            return;
        }
        lastReadNanos = System.nanoTime();
        cache.redis().countLookup(!stored.isEmpty());  // no overrides: no hash, and Redis counted a miss
        Map<String, Map<String, Object>> parsed = new LinkedHashMap<>();
        stored.forEach((ns, json) -> {
            try {
                parsed.put(ns, CacheCodec.MAPPER.readValue(json, MAP));
            } catch (IOException e) {
                // a hand-edited, unreadable override is ignored rather than breaking every read
            }
        });
        synchronized (readOrder) {
            if (read[0] > readApplied) {
                readApplied = read[0];
                Map<String, Map<String, Object>> now = Map.copyOf(parsed);
                if (!now.equals(overrides)) {
                    version.incrementAndGet();
                }
                overrides = now;
            }
        }
    }

    /** Called on Lettuce's I/O thread by the change announcement: the read happens elsewhere. */
    void refreshSoon() {
        version.incrementAndGet();
        ForkJoinPool.commonPool().execute(this::refresh);
    }

    /** What a namespace's settings were before a change: the TTL and enabled flag stored, or the configured ones. */
    record Before(Duration ttl, boolean enabled) { }

    /**
     * Changes one setting in one script ({@code cache_settings.lua}), which keeps the other as Redis holds it; then
     * records the chart marker, announces the change and rereads the overrides so {@link #of} answers with it.
     *
     * @param what "ttl" (value: milliseconds), "enabled" (value: true or false) or "reset" (value ignored)
     */
    Before change(String namespace, String what, String value, Actor actor) {
        Namespaces.requireValid(namespace);
        CacheOptions options = cache.options();
        long now = options.clock().millis();
        RedisConnection redis = cache.requireRedis();
        List<byte[]> args = List.of(bytes(namespace), bytes(what), bytes(value),
                bytes(Long.toString(options.configuredTtl(namespace).toMillis())), bytes(Boolean.toString(options.enabled())),
                json(actor.name()), bytes(Long.toString(now)));
        List<?> reply = (List<?>) CHANGE.call(redis, List.of(cache.keys().settings()), args);
        // the marker is only the charts' annotation, so it may follow the change rather than be part of it
        byte[] marker = reply.get(2) instanceof byte[] b ? b : bytes(String.valueOf(reply.get(2)));
        redis.await(redis.commands().zadd(cache.keys().changes(), (double) now, marker));
        redis.await(redis.commands().zremrangebyscore(cache.keys().changes(),
                Range.create(Double.NEGATIVE_INFINITY, (double) (now - CHANGE_HISTORY.toMillis() - 1))));
        redis.await(redis.commands().publish(cache.keys().channel(), bytes("s")));
        version.incrementAndGet();
        refresh();
        return new Before(Duration.ofMillis(Long.parseLong(text(reply.get(0)))), Boolean.parseBoolean(text(reply.get(1))));
    }

    List<SettingsChange> changes(Instant from, Instant to) {
        RedisConnection redis = cache.requireRedis();
        List<byte[]> entries = redis.await(redis.commands().zrangebyscore(cache.keys().changes(),
                Range.create((double) from.toEpochMilli(), (double) to.toEpochMilli())));
        List<SettingsChange> out = new ArrayList<>(entries.size());
        for (byte[] entry : entries) {
            try {
                Map<String, Object> c = CacheCodec.MAPPER.readValue(entry, MAP);
                Object ttl = c.get("ttlMillis");
                out.add(new SettingsChange(Instant.ofEpochMilli(((Number) c.get("at")).longValue()), (String) c.get("namespace"),
                        ttl == null ? null : Duration.ofMillis(((Number) ttl).longValue()), Boolean.TRUE.equals(c.get("enabled")),
                        (String) c.get("by")));
            } catch (IOException e) {
                // skip an unreadable marker
            }
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(Object reply) {
        return reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply);
    }

    private static byte[] json(Object value) {
        try {
            return CacheCodec.MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
