package io.redrive.cache;

/**
 * Counters of one namespace over some time.
 *
 * @param hits      reads answered from Redis or the near cache
 * @param misses    reads that found nothing (or found a corrupt value)
 * @param loads     loader calls made on a miss
 * @param loadNanos time spent in those loader calls
 * @param errors    Redis calls that failed or timed out, and corrupt values
 * @param nearHits  reads answered by the in-process near cache (also counted in hits)
 * @param bytes     bytes written to Redis
 */
public record CacheCounters(long hits, long misses, long loads, long loadNanos, long errors, long nearHits, long bytes) {
    public static final CacheCounters ZERO = new CacheCounters(0, 0, 0, 0, 0, 0, 0);

    /** Hits over reads, 0 when there were no reads. */
    public double hitRate() {
        long reads = hits + misses;
        return reads == 0 ? 0 : (double) hits / reads;
    }

    /** Average loader time in milliseconds, 0 without loads. */
    public double averageLoadMillis() {
        return loads == 0 ? 0 : loadNanos / 1e6 / loads;
    }

    /** Counters added up (over minutes, processes or namespaces): the one place they are summed. */
    public static CacheCounters sum(Iterable<CacheCounters> counters) {
        CacheCounters sum = ZERO;
        for (CacheCounters c : counters) {
            sum = sum.plus(c);
        }
        return sum;
    }

    public CacheCounters plus(CacheCounters o) {
        return new CacheCounters(hits + o.hits, misses + o.misses, loads + o.loads, loadNanos + o.loadNanos,
                errors + o.errors, nearHits + o.nearHits, bytes + o.bytes);
    }
}
