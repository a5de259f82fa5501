package io.redrive.bench;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheCodec;
import io.redrive.cache.CacheCounters;
import io.redrive.cache.CacheOptions;
import io.redrive.demo.EmbeddedRedis;
import io.redrive.demo.Zipf;
import io.redrive.redis.RedisConnection;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code redrive bench cache}: the latency of a cache hit served by Redis beside a raw Lettuce GET of the same
 * bytes measured in the same run, a near-cache hit, hit throughput, and the hit rate and loader savings of a
 * Zipf-distributed workload over the five namespaces with their default TTLs.
 */
public final class CacheBenchmark {
    /** A typical cached object: a document summary. */
    public record Summary(long documentId, String title, String summary, List<String> keywords, double score) { }

    private static final String[] NAMESPACES = {"user", "job_status", "document", "vector_search", "graph"};
    /** Share of the workload's requests per namespace, in the order above. */
    private static final double[] WEIGHTS = {0.30, 0.25, 0.20, 0.15, 0.10};

    /**
     * What to measure, as {@code redrive bench cache} was given it; a null {@code redisUrl} means an embedded Redis.
     */
    public record Settings(String redisUrl, int runs, int samples, int requests, int keysPerNamespace, double zipf,
                           int threads) {
    }

    private final String redisUrl;
    private final int runs;
    private final int samples;
    private final int requests;
    private final int keysPerNamespace;
    private final double zipf;
    private final int threads;

    public CacheBenchmark(Settings settings) {
        this.redisUrl = settings.redisUrl();
        this.runs = settings.runs();
        this.samples = settings.samples();
        this.requests = settings.requests();
        this.keysPerNamespace = settings.keysPerNamespace();
        this.zipf = settings.zipf();
        this.threads = settings.threads();
    }

    /** Prints every run's figures as JSON lines on standard output, then their medians. */
    public void run() throws Exception {
        EmbeddedRedis embedded = redisUrl == null ? EmbeddedRedis.start() : null;
        String url = embedded != null ? embedded.url() : redisUrl;
        BenchOutput out = new BenchOutput(System.out);
        try {
            for (int run = 1; run <= runs; run++) {
                measure(url, out, run);
            }
            out.medians();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private void measure(String url, BenchOutput out, int run) throws InterruptedException {
        String prefix = "bench-cache-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        CacheOptions options = CacheOptions.builder().redisUrl(url).keyPrefix(prefix).build();
        Summary value = new Summary(42, "Quarterly report", "Revenue grew 12% while costs held steady; the outlook is cautious.",
                List.of("revenue", "costs", "outlook"), 0.87);
        CacheCodec<Summary> codec = CacheCodec.json(Summary.class);
        try (RedisConnection connection = RedisConnection.open(url, Duration.ofSeconds(10));
             Cache cache = Cache.on(connection, options);
             Cache nearCache = Cache.on(connection, options.mutate().nearCache(true).build())) {
            cache.put("document", "42", value, codec);
            String key = prefix + ":cache:v:document:42";
            byte[] raw = connection.await(connection.commands().get(key));
            if (raw == null) {
                throw new IllegalStateException("The benchmark value was not stored");
            }
            // warm both paths, then interleave them so that both see the same machine
            for (int i = 0; i < samples; i++) {
                cache.get("document", "42", codec);
                connection.await(connection.commands().get(key));
            }
            long[] hit = new long[samples];
            long[] get = new long[samples];
            for (int i = 0; i < samples; i++) {
                // alternate which goes first, so neither always follows the other's round trip
                if (i % 2 == 0) {
                    hit[i] = timeHit(cache, codec);
                    get[i] = timeGet(connection, key);
                } else {
                    get[i] = timeGet(connection, key);
                    hit[i] = timeHit(cache, codec);
                }
            }
            Arrays.sort(hit);
            Arrays.sort(get);
            out.line("cache.redis_hit.p50", micros(hit, 0.50), "us", run);
            out.line("cache.redis_hit.p99", micros(hit, 0.99), "us", run);
            out.line("raw.get.p50", micros(get, 0.50), "us", run);
            out.line("raw.get.p99", micros(get, 0.99), "us", run);
            out.line("cache.redis_hit.p50.ratio_to_raw_get", micros(hit, 0.50) / micros(get, 0.50), "ratio", run);
            out.line("cache.redis_hit.p99.ratio_to_raw_get", micros(hit, 0.99) / micros(get, 0.99), "ratio", run);

            long[] nearHit = new long[samples];
            for (int i = 0; i < samples * 5; i++) {
                nearCache.get("document", "42", codec);  // warm-up: the JIT compiles the near path
            }
            for (int i = 0; i < samples; i++) {
                long t0 = System.nanoTime();
                nearCache.get("document", "42", codec);
                nearHit[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nearHit);
            out.line("cache.near_hit.p50", micros(nearHit, 0.50), "us", run);
            out.line("cache.near_hit.p99", micros(nearHit, 0.99), "us", run);

            out.line("cache.redis_hit.throughput", throughput(cache, codec), "ops/s", run);
            workload(cache, out, run);
        }
    }

    private static long timeHit(Cache cache, CacheCodec<Summary> codec) {
        long t0 = System.nanoTime();
        if (cache.get("document", "42", codec).isEmpty()) {
            throw new IllegalStateException("The benchmark value missed");
        }
        return System.nanoTime() - t0;
    }

    private static long timeGet(RedisConnection connection, String key) {
        long t0 = System.nanoTime();
        connection.await(connection.commands().get(key));
        return System.nanoTime() - t0;
    }

    /** Hits served by Redis from several threads at once, for two seconds. */
    private double throughput(Cache cache, CacheCodec<Summary> codec) throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            new Thread(() -> {
                while (System.nanoTime() < end) {
                    cache.get("document", "42", codec);
                    done.increment();
                }
                finished.countDown();
            }, "bench-cache-" + t).start();
        }
        finished.await();
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Requests spread over the five namespaces by weight, keys by a Zipf law; every miss calls a loader. Without
     * the cache every request would call it, so the saving is 1 - loads / requests.
     */
    private void workload(Cache cache, BenchOutput out, int run) throws InterruptedException {
        Zipf popularity = new Zipf(keysPerNamespace, zipf);
        LongAdder loads = new LongAdder();
        CacheCodec<String> codec = CacheCodec.string();
        Map<String, CacheCounters> before = cache.localStats();
        CountDownLatch finished = new CountDownLatch(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            new Thread(() -> {
                Random random = new Random(seed);
                for (int i = 0; i < requests / threads; i++) {
                    String ns = NAMESPACES[Zipf.pick(WEIGHTS, random.nextDouble())];
                    String key = "k" + popularity.rank(random.nextDouble());
                    cache.getOrLoad(ns, key, codec, () -> {
                        loads.increment();
                        return "{\"" + ns + "\":\"" + key + "\",\"payload\":\"" + "x".repeat(200) + "\"}";
                    });
                }
                finished.countDown();
            }, "bench-workload-" + t).start();
        }
        finished.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long hits = 0;
        long misses = 0;
        for (String ns : NAMESPACES) {
            CacheCounters now = cache.localStats().getOrDefault(ns, CacheCounters.ZERO);
            CacheCounters was = before.getOrDefault(ns, CacheCounters.ZERO);
            hits += now.hits() - was.hits();
            misses += now.misses() - was.misses();
        }
        long total = (long) (requests / threads) * threads;
        out.line("cache.workload.hit_rate", 100.0 * hits / Math.max(1, hits + misses), "%", run);
        out.line("cache.workload.loader_calls_saved", 100.0 * (1 - (double) loads.sum() / total), "%", run);
        out.line("cache.workload.throughput", total / seconds, "ops/s", run);
    }

    private static double micros(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))] / 1000.0;
    }
}
