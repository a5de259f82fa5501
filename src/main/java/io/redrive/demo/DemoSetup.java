package io.redrive.demo;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;

import java.time.Clock;
import java.time.ZoneId;

/**
 * Everything the default run needs: an embedded Redis with {@link DemoHistory the last 24 hours} already in it,
 * the simulated backend working on it (with an engine of its own: the console connects separately, as it would to a
 * real system), and cache traffic through the five namespaces. It never reads {@code REDIS_URL}: the demo's failures stay on its own server, under
 * {@link DemoServer#PREFIX}.
 */
public final class DemoSetup implements AutoCloseable {
    /** The seed of the day the demo opens on: every start tells the same story. */
    static final long HISTORY_SEED = 15;
    private final EmbeddedRedis redis;
    private final Engine engine;
    private final DemoWorkload workload;
    private final Cache cache;
    private final DemoCacheTraffic cacheTraffic;

    private DemoSetup(EmbeddedRedis redis, Engine engine, DemoWorkload workload, Cache cache) {
        this.redis = redis;
        this.engine = engine;
        this.workload = workload;
        this.cache = cache;
        this.cacheTraffic = new DemoCacheTraffic(cache, 200);
    }

    public static DemoSetup start() {
        EmbeddedRedis redis = EmbeddedRedis.start();
        try {
            // history first: the live workers would otherwise take the history's messages with the real clock
            DemoHistory.seed(redis.url(), DemoServer.PREFIX, Clock.systemUTC(), ZoneId.systemDefault(), HISTORY_SEED);
            Engine engine = Engine.connect(EngineOptions.builder().redisUrl(redis.url()).keyPrefix(DemoServer.PREFIX).build());
            Cache cache = Cache.connect(CacheOptions.builder().redisUrl(redis.url()).keyPrefix(DemoServer.PREFIX).build());
            return new DemoSetup(redis, engine, new DemoWorkload(engine, 20, 0.15), cache);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    public String url() {
        return redis.url();
    }

    @Override
    public void close() {
        try {
            cacheTraffic.close();
            cache.close();
            workload.close();
            engine.close();
        } finally {
            redis.close();
        }
    }
}
