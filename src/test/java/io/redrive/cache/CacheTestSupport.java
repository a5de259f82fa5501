package io.redrive.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.RedisConnection;
import io.redrive.testing.TestRedis;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Caches on the test Redis under a key prefix of the test's own, closed after each test, and a raw connection
 * for looking at what they stored behind their back.
 */
abstract class CacheTestSupport {
    protected final String prefix = TestRedis.newPrefix();
    protected final CacheKeys keys = new KeySchema(prefix).cache();
    protected final RedisConnection raw = RedisConnection.open(TestRedis.url(), Duration.ofSeconds(5));
    private final List<Cache> caches = new ArrayList<>();

    record Document(String id, String title, List<String> authors) {
    }

    record User(String id, String name) {
    }

    static Document document(String id) {
        return new Document(id, "Report " + id, List.of("ada", "grace"));
    }

    /**
     * A cache on this test's prefix. Redis calls may take 2 s rather than the default 250 ms, so that a busy build
     * machine does not turn a hit into a timed-out miss; statistics are flushed every 100 ms.
     */
    protected Cache cache(UnaryOperator<CacheOptions.Builder> customize) {
        CacheOptions.Builder builder = CacheOptions.builder()
                .redisUrl(TestRedis.url())
                .keyPrefix(prefix)
                .redisTimeout(Duration.ofSeconds(2))
                .statsInterval(Duration.ofMillis(100));
        Cache cache = Cache.connect(customize.apply(builder).build());
        caches.add(cache);
        return cache;
    }

    protected Cache cache() {
        return cache(b -> b);
    }

    /** The remaining time to live of a key, in milliseconds (-2 when it does not exist, -1 without expiry). */
    protected long pttl(String key) {
        return raw.await(raw.commands().pttl(key));
    }

    protected byte[] rawGet(String key) {
        return raw.await(raw.commands().get(key));
    }

    protected boolean exists(String key) {
        return raw.await(raw.commands().exists(key)) == 1;
    }

    /** Every key under this test's prefix. */
    protected List<String> keysOfThisTest() {
        List<String> found = new ArrayList<>();
        ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
        KeyScanCursor<String> cursor = raw.await(raw.commands().scan(match));
        found.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = raw.await(raw.commands().scan(cursor, match));
            found.addAll(cursor.getKeys());
        }
        return found;
    }

    @AfterEach
    void closeCaches() {
        try {
            caches.forEach(Cache::close);
        } finally {
            raw.close();
        }
    }
}
