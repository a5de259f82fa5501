package io.redrive.demo;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheCodec;

import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cache traffic for the demo: reads through the five namespaces of the original design, keys picked by a Zipf
 * law (a few hot users and documents, a long tail), each miss paying a simulated database call. With the
 * namespaces' default TTLs the hit rate settles where the original design aimed, and a TTL change in the console
 * shows on the chart within seconds.
 */
public final class DemoCacheTraffic implements AutoCloseable {
    private static final String[] NAMESPACES = {"user", "job_status", "document", "vector_search", "graph"};
    private static final double[] SHARE = {0.30, 0.25, 0.20, 0.15, 0.10};
    private static final int KEYS = 2_000;

    private final Cache cache;
    private final ScheduledExecutorService timer;
    private final Random random = new Random();
    private final Zipf zipf = new Zipf(KEYS, 1.1);

    public DemoCacheTraffic(Cache cache, int readsPerSecond) {
        this.cache = cache;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redrive-demo-cache");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, 1_000_000 / Math.max(1, readsPerSecond));
        timer.scheduleAtFixedRate(this::read, 0, period, TimeUnit.MICROSECONDS);
    }

    private void read() {
        try {
            String namespace = NAMESPACES[Zipf.pick(SHARE, random.nextDouble())];
            String key = "k" + zipf.rank(random.nextDouble());
            cache.getOrLoad(namespace, key, CacheCodec.string(), () -> {
                LockSupport.parkNanos(2_000_000);  // the database call the cache saves: about 2 ms
                return "{\"namespace\":\"" + namespace + "\",\"key\":\"" + key + "\"}";
            });
        } catch (RuntimeException e) {
            // the demo's traffic never stops for one failed read
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
