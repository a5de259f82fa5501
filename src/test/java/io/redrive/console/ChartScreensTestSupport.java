package io.redrive.console;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheCodec;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.cache.CacheOptions;
import io.redrive.testing.TestRedis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;

/** Helpers for the chart screens' tests: a session on a prefix of the test's own, and cache traffic. */
public final class ChartScreensTestSupport {
    private ChartScreensTestSupport() {
    }

    /** A session as the console opens one: engine (with its upkeep unless read-only) and cache helper. */
    public static Session session(String prefix, boolean readOnly) {
        return Session.open(new ConnectionSettings("test", TestRedis.url(), prefix, Environment.DEVELOPMENT, readOnly));
    }

    /** A cache helper of another "process" on the same prefix, flushing its statistics every 200 ms. */
    public static Cache otherCache(String prefix) {
        return otherCache(prefix, Clock.systemUTC());
    }

    /** As {@link #otherCache(String)}, counting its statistics by {@code clock}'s minutes. */
    public static Cache otherCache(String prefix, Clock clock) {
        return Cache.connect(CacheOptions.builder().redisUrl(TestRedis.url()).keyPrefix(prefix)
                .statsInterval(Duration.ofMillis(200)).clock(clock).build());
    }

    /** Reads {@code keys} keys {@code readsPerKey} times each: one miss (and load) per key, the rest hits. */
    public static void traffic(Cache cache, String namespace, String keyPrefix, int keys, int readsPerKey) {
        for (int k = 0; k < keys; k++) {
            String key = keyPrefix + k;
            for (int r = 0; r < readsPerKey; r++) {
                cache.getOrLoad(namespace, key, CacheCodec.string(), () -> "value of " + key);
            }
        }
    }

    /** The namespace's counters over the last hour, summed. */
    public static CacheCounters lastHour(Cache cache, String namespace) {
        Instant now = Instant.now();
        return cache.admin().stats(namespace, now.minus(Duration.ofHours(1)), now).stream()
                .map(CacheMinuteStats::counters).reduce(CacheCounters.ZERO, CacheCounters::plus);
    }

    /** Waits until Redis holds these counts for the namespace (the helpers flush every interval). */
    public static void awaitFlushed(Cache cache, String namespace, long hits, long misses) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            CacheCounters c = lastHour(cache, namespace);
            return c.hits() == hits && c.misses() == misses;
        });
    }

}
