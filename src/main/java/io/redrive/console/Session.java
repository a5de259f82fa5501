package io.redrive.console;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.engine.Actor;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;

import java.time.Duration;

/**
 * One open connection: the engine (running the background retry worker when the target says so, see
 * {@link ConnectionTarget#startsWorker()}) and
 * the cache helper, on the target's Redis and key prefix. Opening and closing talk to Redis: never on the UI thread.
 */
public final class Session implements AutoCloseable {
    private final ConnectionTarget target;
    private final Engine engine;
    private final Cache cache;
    private final Actor actor;

    private Session(ConnectionTarget target, Engine engine, Cache cache) {
        this.target = target;
        this.engine = engine;
        this.cache = cache;
        this.actor = Actor.current();
    }

    /** Connects; throws {@link io.redrive.redis.RedisUnavailableException} with a plain-words reason when it cannot. */
    public static Session open(ConnectionTarget target) {
        EngineOptions options = EngineOptions.fromEnvironment(System.getenv()).mutate()
                .redisUrl(target.url()).keyPrefix(target.keyPrefix())
                .commandTimeout(Duration.ofSeconds(5))
                .backgroundWorker(target.startsWorker())
                .build();
        Engine engine = Engine.connect(options);
        try {
            Cache cache = Cache.connect(CacheOptions.fromEnvironment(System.getenv()).mutate()
                    .redisUrl(target.url()).keyPrefix(target.keyPrefix()).build());
            return new Session(target, engine, cache);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public ConnectionTarget target() {
        return target;
    }

    public Engine engine() {
        return engine;
    }

    public Cache cache() {
        return cache;
    }

    /** Who the audit log names for this console's actions. */
    public Actor actor() {
        return actor;
    }

    public boolean readOnly() {
        return target.readOnly();
    }

    @Override
    public void close() {
        try {
            cache.close();
        } finally {
            engine.close();
        }
    }
}
