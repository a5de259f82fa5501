package io.redrive.cache;

import java.time.Instant;

/** A namespace's counters for one minute, summed over every process that used the helper. */
public record CacheMinuteStats(String namespace, Instant minute, CacheCounters counters) {
}
