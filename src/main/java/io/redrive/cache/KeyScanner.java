package io.redrive.cache;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.redrive.redis.RedisConnection;

import java.util.ArrayList;
import java.util.List;

/** Walks keys matching a pattern in batches (SCAN), for invalidating a namespace and bulk operations. */
final class KeyScanner {
    private static final int SCAN_BATCH = 500;

    private final RedisConnection redis;
    private final ScanArgs match;
    private KeyScanCursor<String> cursor;
    private boolean done;

    KeyScanner(RedisConnection redis, String pattern) {
        this.redis = redis;
        this.match = ScanArgs.Builder.matches(pattern).limit(SCAN_BATCH);
    }

    /** The next non-empty batch; empty once the walk is over. */
    List<String> next() {
        List<String> batch = new ArrayList<>();
        while (batch.isEmpty() && !done) {
            cursor = redis.await(cursor == null ? redis.commands().scan(match) : redis.commands().scan(cursor, match));
            batch.addAll(cursor.getKeys());
            done = cursor.isFinished();
        }
        return batch;
    }
}
