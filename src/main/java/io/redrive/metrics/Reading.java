package io.redrive.metrics;

import io.redrive.cache.CacheCounters;
import io.redrive.engine.QueueCounts;
import io.redrive.engine.QueueTotals;

import java.util.Map;

/** One reading of Redis, taken once per scrape; every meter answers from it. */
record Reading(Map<String, QueueReading> queues, Map<String, CacheCounters> cacheTotals) {
    static final Reading EMPTY = new Reading(Map.of(), Map.of());

    /**
     * @param retrySuccessRate    over the last hour, NaN when nothing failed and then succeeded or died
     * @param oldestDeadSeconds   0 when there is no dead letter
     */
    record QueueReading(QueueTotals totals, QueueCounts counts, double retrySuccessRate, double oldestDeadSeconds,
                        int failureGroups) {
    }
}
