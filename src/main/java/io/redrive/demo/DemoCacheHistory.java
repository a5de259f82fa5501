package io.redrive.demo;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheCodec;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The cache's side of the {@link DemoDay}: reads through the five namespaces, minute by minute, at the hit rates a
 * healthy system has (above the design's 80 %), dipping while the embeddings API is down and the vector searches,
 * documents and graph lookups it feeds cannot be cached. Hits read a key kept warm, misses a key never written, so
 * the rate is the story's and not an accident of TTLs on a clock that runs thousands of times too fast.
 */
final class DemoCacheHistory {
    private static final String[] NAMESPACES = {"user", "job_status", "document", "vector_search", "graph"};
    private static final double[] SHARE = {0.30, 0.25, 0.20, 0.15, 0.10};
    private static final double[] HIT_RATE = {0.95, 0.78, 0.92, 0.86, 0.90};
    private static final double[] HIT_RATE_IN_OUTAGE = {0.94, 0.75, 0.55, 0.20, 0.45};
    private static final String WARM = "warm";

    private final Cache cache;
    private final SteppedClock clock;
    private final DemoDay day;
    private final SplittableRandom random;
    private long misses;

    DemoCacheHistory(Cache cache, SteppedClock clock, DemoDay day, long seed) {
        this.cache = cache;
        this.clock = clock;
        this.day = day;
        this.random = new SplittableRandom(seed * 31 + 17);
    }

    void run() {
        int minutes = 0;
        for (Instant minute = day.start(); minute.isBefore(day.end()); minute = minute.plusSeconds(60)) {
            clock.set(minute.plusSeconds(30));
            if (minutes++ % 30 == 0) {
                warm();  // real TTLs run out in real seconds: job_status lives 5 s
            }
            int reads = 3 + (int) (6 * day.rate(minute));
            double[] rates = day.inOutage(minute) ? HIT_RATE_IN_OUTAGE : HIT_RATE;
            for (int i = 0; i < reads; i++) {
                int ns = Zipf.pick(SHARE, random.nextDouble());
                String key = random.nextDouble() < rates[ns] ? WARM : "never-cached-" + misses++;
                cache.get(NAMESPACES[ns], key, CacheCodec.string());
            }
            cache.flushStatistics();
        }
    }

    private void warm() {
        for (String namespace : NAMESPACES) {
            cache.put(namespace, WARM, "{\"namespace\":\"" + namespace + "\"}", CacheCodec.string());
        }
    }
}
