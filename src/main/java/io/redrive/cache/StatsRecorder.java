package io.redrive.cache;

import io.lettuce.core.Range;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.RedisConnection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** This process's counters per namespace: cheap to bump on the hot path, drained into Redis every interval. */
final class StatsRecorder {
    enum Counter { HITS, MISSES, LOADS, LOAD_NANOS, ERRORS, NEAR_HITS, BYTES }

    private final Map<String, LongAdder[]> pending = new ConcurrentHashMap<>();
    private final Map<String, LongAdder[]> lifetime = new ConcurrentHashMap<>();

    void add(String namespace, Counter counter, long n) {
        adders(pending, namespace)[counter.ordinal()].add(n);
        adders(lifetime, namespace)[counter.ordinal()].add(n);
    }

    void increment(String namespace, Counter counter) {
        add(namespace, counter, 1);
    }

    /** The counts since the last drain, per namespace, reset to zero. */
    Map<String, CacheCounters> drain() {
        Map<String, CacheCounters> out = new HashMap<>();
        pending.forEach((ns, a) -> {
            CacheCounters c = new CacheCounters(a[0].sumThenReset(), a[1].sumThenReset(), a[2].sumThenReset(),
                    a[3].sumThenReset(), a[4].sumThenReset(), a[5].sumThenReset(), a[6].sumThenReset());
            if (!c.equals(CacheCounters.ZERO)) {
                out.put(ns, c);
            }
        });
        return out;
    }

    /** Puts counts back that could not be stored, so an outage loses none. */
    void restore(Map<String, CacheCounters> counts) {
        counts.forEach((ns, c) -> {
            LongAdder[] a = adders(pending, ns);
            a[0].add(c.hits());
            a[1].add(c.misses());
            a[2].add(c.loads());
            a[3].add(c.loadNanos());
            a[4].add(c.errors());
            a[5].add(c.nearHits());
            a[6].add(c.bytes());
        });
    }

    /** This process's counts since it started. */
    Map<String, CacheCounters> lifetime() {
        Map<String, CacheCounters> out = new TreeMap<>();
        lifetime.forEach((ns, a) -> out.put(ns, new CacheCounters(a[0].sum(), a[1].sum(), a[2].sum(), a[3].sum(),
                a[4].sum(), a[5].sum(), a[6].sum())));
        return out;
    }

    /** Adds the counts since the last flush to the shared per-minute statistics in Redis; on failure keeps them for next time. */
    void flush(RedisConnection redis, CacheKeys keys, CacheOptions options) {
        Map<String, CacheCounters> counts = drain();
        if (counts.isEmpty()) {
            return;
        }
        long minute = options.clock().millis() / 60_000;
        long retention = options.statsRetention().toSeconds();
        try {
            List<CompletionStage<?>> replies = new ArrayList<>();
            // the index of minutes with counters goes in the same round trip, so readers never look up a missing minute
            String index = keys.statsMinutes();
            replies.add(redis.commands().zadd(index, Double.POSITIVE_INFINITY, "end".getBytes(StandardCharsets.UTF_8)));
            replies.add(redis.commands().zremrangebyscore(index,
                    Range.create(Double.NEGATIVE_INFINITY, (double) (minute - retention / 60))));
            replies.add(redis.commands().expire(index, retention));
            counts.forEach((ns, c) -> {
                replies.add(redis.commands().zadd(index, (double) minute, (ns + ":" + minute).getBytes(StandardCharsets.UTF_8)));
                String key = keys.stats(ns, minute);
                long[] values = {c.hits(), c.misses(), c.loads(), c.loadNanos(), c.errors(), c.nearHits(), c.bytes()};
                String[] names = {"hits", "misses", "loads", "loadNanos", "errors", "nearHits", "bytes"};
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != 0) {
                        replies.add(redis.commands().hincrby(key, names[i], values[i]));
                    }
                }
                replies.add(redis.commands().expire(key, retention));
                replies.add(redis.commands().sadd(keys.namespaces(), ns.getBytes(StandardCharsets.UTF_8)));
            });
            for (CompletionStage<?> r : replies) {
                redis.await(r);
            }
        } catch (RuntimeException e) {
            restore(counts);  // counted again next time: an outage loses no statistics
        }
    }

    private static LongAdder[] adders(Map<String, LongAdder[]> map, String namespace) {
        return map.computeIfAbsent(namespace, ns -> {
            LongAdder[] a = new LongAdder[Counter.values().length];
            for (int i = 0; i < a.length; i++) {
                a[i] = new LongAdder();
            }
            return a;
        });
    }
}
