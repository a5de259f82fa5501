package io.redrive.console.cache;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheAdmin;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheMinuteStats;
import io.redrive.cache.NamespaceSettings;
import io.redrive.cache.SettingsChange;
import io.redrive.redis.Lookups;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The cache screen's once-a-second read, on a background thread, one at a time: each namespace's counters since
 * the previous read, the settings, the change markers when they changed, and the server's keyspace hit rate.
 * Part of {@link CacheViewModel}, which applies each {@link Sample} on the UI thread.
 */
final class LivePoll {
    private final CacheAdmin cache;
    private final Cache service;
    private final Supplier<Lookups> engineLookups;
    private final Clock clock;
    private final Map<String, LiveDeltas> deltas = new HashMap<>();
    private long[] lastKeyspace;
    private long changesVersion = -1;
    private List<SettingsChange> lastChanges = List.of();
    // every namespace seen (read by the history reload, or found with statistics by a poll); polls read only these
    private final Set<String> polled = ConcurrentHashMap.newKeySet();

    LivePoll(CacheAdmin cache, Cache service, Supplier<Lookups> engineLookups, Clock clock) {
        this.cache = cache;
        this.service = service;
        this.engineLookups = engineLookups;
        this.clock = clock;
    }

    /** What one poll read. {@code delta} is null on the first read of a namespace (the baseline). */
    record NamespaceSample(NamespaceSettings settings, List<CacheMinuteStats> minutes, CacheCounters delta) { }

    /**
     * {@code keyspace}: the server's hits and misses since its statistics were reset, this console's own polling
     * lookups ({@code own}) taken out; {@code keyspaceRecent}: its hit rate since the previous poll, likewise.
     */
    record Sample(Instant at, Map<String, NamespaceSample> namespaces, Map<String, Long> keyspace, double keyspaceRecent,
                  String breaker, List<SettingsChange> changes, Lookups own) { }

    /** Namespaces the history found: polls read them from now on. */
    void follow(Collection<String> namespaces) {
        polled.addAll(namespaces);
    }

    /**
     * One poll. It looks up only keys that exist when the namespaces have statistics (the index of minutes, then
     * those minutes), rereads the settings changes only when the settings changed, and learns new namespaces from
     * the index, so an idle console costs Redis next to no keyspace misses; what it does cost is left out of the
     * server's hit rate shown.
     */
    Sample read() {
        Instant now = clock.instant();
        long minuteNow = now.toEpochMilli() / 60_000;
        // from the minute read last (its rest still counts), at most a few minutes back after a long pause
        Map<String, Long> fromMinute = new HashMap<>();
        long earliest = minuteNow;
        for (String ns : polled) {
            LiveDeltas d = deltas.computeIfAbsent(ns, k -> new LiveDeltas());
            long from = d.minute() < 0 ? minuteNow : Math.max(d.minute(), minuteNow - 3);
            fromMinute.put(ns, from);
            earliest = Math.min(earliest, from);
        }
        Map<String, NamespaceSample> out = new LinkedHashMap<>();
        cache.stats(List.copyOf(polled), Instant.ofEpochMilli(earliest * 60_000), now).forEach((ns, read) -> {
            polled.add(ns);
            LiveDeltas d = deltas.computeIfAbsent(ns, k -> new LiveDeltas());
            long from = fromMinute.getOrDefault(ns, minuteNow);
            List<CacheMinuteStats> minutes = read.stream().filter(m -> m.minute().toEpochMilli() / 60_000 >= from).toList();
            out.put(ns, new NamespaceSample(cache.settings(ns), minutes, d.advance(minutes)));
        });
        long version = cache.settingsVersion();
        if (version != changesVersion) {
            lastChanges = cache.changes(now.minus(CacheViewModel.MARKER_HISTORY), now);
            changesVersion = version;
        }
        Map<String, Long> server = cache.serverKeyspaceStats();
        Lookups own = engineLookups.get().plus(cache.ownLookups());
        // never below zero: the server's statistics may have been reset since this console started
        long hits = Math.max(0, server.getOrDefault("keyspace_hits", 0L) - own.hits());
        long misses = Math.max(0, server.getOrDefault("keyspace_misses", 0L) - own.misses());
        double recent = Double.NaN;
        if (lastKeyspace != null && hits >= lastKeyspace[0] && misses >= lastKeyspace[1]) {
            long h = hits - lastKeyspace[0];
            long m = misses - lastKeyspace[1];
            recent = h + m == 0 ? Double.NaN : 100.0 * h / (h + m);
        }
        lastKeyspace = new long[] {hits, misses};
        return new Sample(now, out, Map.of("keyspace_hits", hits, "keyspace_misses", misses), recent, service.breakerState(),
                lastChanges, own);
    }
}
