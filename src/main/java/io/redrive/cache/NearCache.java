package io.redrive.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Duration;
import java.util.Collection;

/**
 * The in-process copy of recently read values ({@link CacheOptions#nearCache()}), or nothing when it is off: every
 * method is then a no-op and {@link #get} finds nothing. Other processes' writes reach it as invalidation messages.
 */
final class NearCache {
    /** A near-cache entry keeps the decoded value too, so a near hit costs no decoding when the codec is the same. */
    record Entry(byte[] stored, Object value, CacheCodec<?> codec) {
        @SuppressWarnings("unchecked")
        <T> T decode(CacheCodec<T> wanted) {
            return codec == wanted ? (T) value : wanted.decode(StoredValue.unwrap(stored));
        }
    }

    private final com.github.benmanes.caffeine.cache.Cache<String, Entry> entries;
    private final Duration ttl;

    NearCache(CacheOptions options) {
        this.ttl = options.nearCacheTtl();
        this.entries = options.nearCache()
                ? Caffeine.newBuilder().maximumSize(options.nearCacheMaxEntries())
                        .expireAfter(Expiry.<String, Entry>writing((k, v) -> options.nearCacheTtl())).build()
                : null;
    }

    boolean isOn() {
        return entries != null;
    }

    /** The entry kept for this value key, or null. */
    Entry get(String valueKey) {
        return entries == null ? null : entries.getIfPresent(valueKey);
    }

    /** Keeps a value just read from Redis, never longer than the namespace's TTL, so Redis's expiry is not outlived. */
    void keep(String valueKey, byte[] stored, Object value, CacheCodec<?> codec, Duration namespaceTtl) {
        if (entries != null) {
            Duration bound = namespaceTtl.compareTo(ttl) < 0 ? namespaceTtl : ttl;
            entries.policy().expireVariably().orElseThrow().put(valueKey, new Entry(stored, value, codec), bound);
        }
    }

    void forget(String valueKey) {
        if (entries != null) {
            entries.invalidate(valueKey);
        }
    }

    void forgetAll(Collection<String> valueKeys) {
        if (entries != null) {
            entries.invalidateAll(valueKeys);
        }
    }

    void forgetPrefix(String prefix) {
        if (entries != null) {
            entries.asMap().keySet().removeIf(k -> k.startsWith(prefix));
        }
    }
}
