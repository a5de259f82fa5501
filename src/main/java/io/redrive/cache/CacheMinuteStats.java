package io.redrive.cache;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A namespace's counters for one minute, summed over every process that used the helper. */
public record CacheMinuteStats(String namespace, Instant minute, CacheCounters counters) {
    /** The minutes' counters added up: the one place statistics are summed over time. */
    public static CacheCounters total(Iterable<CacheMinuteStats> minutes) {
        List<CacheCounters> counters = new ArrayList<>();
        minutes.forEach(m -> counters.add(m.counters()));
        return CacheCounters.sum(counters);
    }
}
