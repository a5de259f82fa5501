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
    private final double[] zipf = cumulativeZipf(KEYS, 1.1);

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
            String namespace = NAMESPACES[pick(random.nextDouble())];
            int rank = java.util.Arrays.binarySearch(zipf, random.nextDouble());
            String key = "k" + (rank < 0 ? -rank - 1 : rank);
            cache.getOrLoad(namespace, key, CacheCodec.string(), () -> {
                LockSupport.parkNanos(2_000_000);  // the database call the cache saves: about 2 ms
                return "{\"namespace\":\"" + namespace + "\",\"key\":\"" + key + "\"}";
            });
        } catch (RuntimeException e) {
            // the demo's traffic never stops for one failed read
        }
    }

    private static int pick(double u) {
        double sum = 0;
        for (int i = 0; i < SHARE.length; i++) {
            sum += SHARE[i];
            if (u < sum) {
                return i;
            }
        }
        return SHARE.length - 1;
    }

    private static double[] cumulativeZipf(int n, double s) {
        double[] c = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, s);
            c[k - 1] = sum;
        }
        for (int k = 0; k < n; k++) {
            c[k] /= sum;
        }
        return c;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
