package io.redrive.metrics;

import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of the cache's per-minute statistics: each reading adds how much every minute grew since the last
 * one saw it. The previous minute is read again, since other processes may still flush into it.
 */
final class CacheTally {
    private final Clock clock;
    private final Map<String, TreeMap<Long, CacheCounters>> seen = new HashMap<>();
    private final Map<String, CacheCounters> sums = new TreeMap<>();
    private Instant from;

    CacheTally(Clock clock) {
        this.clock = clock;
    }

    Map<String, CacheCounters> add(CacheAdmin admin) {
        Instant now = clock.instant();
        Instant start = from == null ? now : from;
        for (Map.Entry<String, List<CacheMinuteStats>> ns : admin.stats(List.of(), start, now).entrySet()) {
            TreeMap<Long, CacheCounters> minutes = seen.computeIfAbsent(ns.getKey(), k -> new TreeMap<>());
            for (CacheMinuteStats minute : ns.getValue()) {
                long m = minute.minute().toEpochMilli() / 60_000;
                CacheCounters before = minutes.getOrDefault(m, CacheCounters.ZERO);
                sums.merge(ns.getKey(), growth(before, minute.counters()), CacheCounters::plus);
                minutes.put(m, minute.counters());
            }
        }
        long previous = now.toEpochMilli() / 60_000 - 1;
        seen.values().forEach(minutes -> minutes.headMap(previous).clear());
        from = Instant.ofEpochMilli(previous * 60_000);
        return Map.copyOf(sums);
    }

    private static CacheCounters growth(CacheCounters before, CacheCounters now) {
        return new CacheCounters(Math.max(0, now.hits() - before.hits()), Math.max(0, now.misses() - before.misses()),
                Math.max(0, now.loads() - before.loads()), Math.max(0, now.loadNanos() - before.loadNanos()),
                Math.max(0, now.errors() - before.errors()), Math.max(0, now.nearHits() - before.nearHits()),
                Math.max(0, now.bytes() - before.bytes()));
    }
}
