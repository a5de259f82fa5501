package io.redrive.demo;

import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;

/**
 * Everything the default run needs: an embedded Redis and the simulated backend working on it, with an engine of
 * its own (the console connects separately, as it would to a real system).
 */
public final class DemoEnvironment implements AutoCloseable {
    private final EmbeddedRedis redis;
    private final Engine engine;
    private final DemoWorkload workload;

    private DemoEnvironment(EmbeddedRedis redis, Engine engine, DemoWorkload workload) {
        this.redis = redis;
        this.engine = engine;
        this.workload = workload;
    }

    public static DemoEnvironment start() {
        EmbeddedRedis redis = EmbeddedRedis.start();
        try {
            Engine engine = Engine.connect(EngineOptions.builder().redisUrl(redis.url()).build());
            return new DemoEnvironment(redis, engine, new DemoWorkload(engine, 20, 0.15));
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
            workload.close();
            engine.close();
        } finally {
            redis.close();
        }
    }
}
