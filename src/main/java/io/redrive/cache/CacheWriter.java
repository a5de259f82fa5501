package io.redrive.cache;

import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.LuaScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every change a {@link Cache} makes to the entries in Redis (a value stored with its tags, one that cannot be read
 * removed, invalidation by key, namespace or tag) and the messages that carry such changes to every process's near
 * cache, this one's included.
 */
final class CacheWriter {
    // logged under the cache, where operators have always looked for it
    private static final Logger log = LoggerFactory.getLogger(Cache.class);
    private static final LuaScript TAG = LuaScript.load("cache_tag");

    private final Cache cache;
    private final CacheKeys keys;
    private final NearCache near;
    private final StatsRecorder stats;

    CacheWriter(Cache cache, NearCache near, StatsRecorder stats) {
        this.cache = cache;
        this.keys = cache.keys();
        this.near = near;
        this.stats = stats;
    }

    /** Removes one entry, here and from every near cache. */
    void invalidate(String namespace, String key) {
        cache.requireWritable();
        String valueKey = keys.value(Namespaces.requireValid(namespace), Cache.requireKey(key));
        near.forget(valueKey);
        cache.call(namespace, () -> cache.redis().commands().unlink(valueKey));
        cache.publish("k\n" + valueKey);
    }

    /** Removes every entry of the namespace (a SCAN, in batches); returns how many. */
    long invalidateNamespace(String namespace) {
        cache.requireWritable();
        String prefix = keys.valuePrefix(Namespaces.requireValid(namespace));
        long[] removed = {0};
        cache.scan(prefix + "*", batch -> removed[0] += Optional.ofNullable(cache.call(namespace,
                () -> cache.redis().commands().unlink(batch.toArray(String[]::new)))).orElse(0L));
        near.forgetPrefix(prefix);
        cache.publish("n\n" + prefix);
        return removed[0];
    }

    /** Removes every entry that carries the tag; returns how many. */
    long invalidateTag(String tag) {
        cache.requireWritable();
        String tagKey = keys.tag(Cache.requireKey(tag));
        Set<byte[]> members = cache.call("", () -> cache.redis().commands().smembers(tagKey));
        if (members == null || members.isEmpty()) {
            return 0;
        }
        String[] valueKeys = members.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toArray(String[]::new);
        Long removed = cache.call("", () -> cache.redis().commands().unlink(valueKeys));
        cache.call("", () -> cache.redis().commands().unlink(tagKey));
        near.forgetAll(Arrays.asList(valueKeys));
        cache.publish("k\n" + String.join("\n", valueKeys));
        return removed == null ? 0 : removed;
    }

    /** A change announced on the cache's channel, by this process or another: drops near copies, rereads settings. */
    void onEvent(byte[] message) {
        String[] lines = new String(message, StandardCharsets.UTF_8).split("\n");
        switch (lines[0]) {
            case "k" -> near.forgetAll(Arrays.asList(lines).subList(1, lines.length));
            case "n" -> near.forgetPrefix(lines[1]);
            case "s" -> cache.settingsStore().refreshSoon();
            default -> log.debug("Ignoring unknown cache event {}", lines[0]);
        }
    }

    /** Stores an encoded value under its TTL and tags, and tells every process to drop its stale copy. */
    void write(String namespace, String valueKey, byte[] stored, Duration ttl, String[] tags) {
        noteNamespace(namespace);
        near.forget(valueKey);  // the next read decodes and keeps the new value
        Object ok = cache.call(namespace, () -> cache.redis().commands().psetex(valueKey, ttl.toMillis(), stored));
        if (ok == null) {
            return;
        }
        stats.add(namespace, StatsRecorder.Counter.BYTES, stored.length);
        for (String tag : tags) {
            String tagKey = keys.tag(Cache.requireKey(tag));
            // the tag lives as long as its longest-lived entry could: a shorter-lived entry never shortens it
            byte[] seconds = Long.toString(Math.max(ttl.toSeconds(), 1) * 2).getBytes(StandardCharsets.UTF_8);
            byte[] member = valueKey.getBytes(StandardCharsets.UTF_8);
            cache.call(namespace, () -> TAG.run(cache.redis(), List.of(tagKey), List.of(member, seconds)));
        }
        // other processes drop the stale copy they may hold, whether or not this one keeps a near cache itself
        cache.publish("k\n" + valueKey);
    }

    private void noteNamespace(String namespace) {
        if (cache.noteKnown(namespace)) {
            byte[] name = namespace.getBytes(StandardCharsets.UTF_8);
            cache.call(namespace, () -> cache.redis().commands().sadd(keys.namespaces(), name));
        }
    }

    /** A stored value that cannot be decoded counts as a miss and an error, and is removed. */
    void corrupt(String namespace, String valueKey, RuntimeException e) {
        log.warn("Cache value {} cannot be read ({}); treating it as a miss and removing it", valueKey, e.getMessage());
        stats.increment(namespace, StatsRecorder.Counter.MISSES);
        stats.increment(namespace, StatsRecorder.Counter.ERRORS);
        near.forget(valueKey);
        cache.call(namespace, () -> cache.redis().commands().unlink(valueKey));
    }
}
