package io.redrive.console;

import io.redrive.cache.Cache;
import io.redrive.cache.CacheOptions;
import io.redrive.ops.Actor;
import io.redrive.engine.Engine;
import io.redrive.engine.EngineOptions;
import io.redrive.engine.EvictingRedisException;

import java.time.Duration;
import java.util.Map;

/**
 * One open connection: the engine (running the background retry worker when the settings say so, see
 * {@link ConnectionSettings#startsWorker()}) and
 * the cache helper, on the settings' Redis and key prefix. Opening and closing talk to Redis: never on the UI thread.
 */
public final class Session implements AutoCloseable {
    private final ConnectionSettings settings;
    private final Engine engine;
    private final Cache cache;
    private final Actor actor;
    /** Redis evicts and the override is off: this connection only looks, so it makes nothing worse. */
    private final boolean evictionReadOnly;

    private Session(ConnectionSettings settings, Engine engine, Cache cache, boolean evictionReadOnly) {
        this.settings = settings;
        this.engine = engine;
        this.cache = cache;
        this.actor = Actor.current();
        this.evictionReadOnly = evictionReadOnly;
    }

    /**
     * Connects; throws {@link io.redrive.redis.RedisUnavailableException} with a plain-words reason when it cannot.
     * On a Redis that can evict Redrive's keys it still connects, so an operator can see (and export) what is
     * there, but read-only unless the override is set: see {@link #evictionWarning()}.
     */
    public static Session open(ConnectionSettings settings) {
        return open(settings, System.getenv());
    }

    static Session open(ConnectionSettings settings, Map<String, String> env) {
        EngineOptions options = EngineOptions.fromEnvironmentVariables(env).mutate()
                .redisUrl(settings.url()).keyPrefix(settings.keyPrefix())
                .commandTimeout(Duration.ofSeconds(5))
                .upkeep(settings.startsWorker())
                .readOnly(settings.readOnly())
                .build();
        Engine engine;
        boolean evictionReadOnly = false;
        try {
            engine = Engine.connect(options);
        } catch (EvictingRedisException refused) {
            engine = Engine.connect(options.mutate().allowEvictingRedis(true).upkeep(false).readOnly(true).build());
            evictionReadOnly = true;
        }
        try {
            // a read-only connection's cache refuses writes itself, whatever a screen asks of it
            Cache cache = Cache.connect(CacheOptions.fromEnvironmentVariables(env).mutate()
                    .redisUrl(settings.url()).keyPrefix(settings.keyPrefix())
                    .readOnly(settings.readOnly() || evictionReadOnly).build());
            return new Session(settings, engine, cache, evictionReadOnly);
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
    }

    public ConnectionSettings settings() {
        return settings;
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

    /** Whether this console only reads: its engine then refuses every write (the screens also disable them). */
    public boolean readOnly() {
        return engine.options().readOnly();
    }

    /**
     * What the red banner says when this Redis evicts keys when full: the engine's sentence, and whether this
     * connection was made read-only for it; empty on a safe server.
     */
    public String evictionWarning() {
        return engine.evictionRisk()
                .map(sentence -> evictionReadOnly
                        ? sentence + " Until then this connection is read-only and runs no worker."
                        : sentence + " Running anyway: the override is set.")
                .orElse("");
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
