package io.redrive.demo;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.redrive.redis.RedisConnection;

import java.time.Duration;

/**
 * Where the demo may run. Its own embedded Redis always; another server only when the operator says so, and never one
 * that already holds Redrive data under the demo's prefix, so the demo's random failures can never reach real queues.
 */
public final class DemoServer {
    /** The key prefix the demo writes under, on its embedded Redis and anywhere else. */
    public static final String PREFIX = "redrive-demo";

    private DemoServer() {
    }

    /**
     * Refuses a server that holds any key under {@code prefix}: a previous demo's or an installation's.
     *
     * @throws IllegalStateException saying why, in one sentence
     */
    public static void requireNoRedriveData(String url, String prefix) {
        try (RedisConnection redis = RedisConnection.open(url, Duration.ofSeconds(5))) {
            ScanArgs match = ScanArgs.Builder.matches(prefix + ":*").limit(1000);
            KeyScanCursor<String> cursor = redis.await(redis.commands().scan(match));
            while (cursor.getKeys().isEmpty() && !cursor.isFinished()) {
                cursor = redis.await(redis.commands().scan(cursor, match));
            }
            if (!cursor.getKeys().isEmpty()) {
                throw new IllegalStateException("The Redis at " + RedisConnection.redact(url)
                        + " already holds Redrive data under the prefix " + prefix
                        + ", so the demo will not run there: it would overwrite queue policies and fail messages at random.");
            }
        }
    }
}
