package io.redrive.cache;

import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.Lookups;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@link Cache}'s link to Redis: the connection (its own, opened in the background while Redis is away, or its
 * caller's), the subscription to the cache's channel, and every call with a bounded wait behind the circuit breaker.
 */
final class CacheLink {
    // logged under the cache, where operators have always looked for it
    private static final Logger log = LoggerFactory.getLogger(Cache.class);

    private final CacheOptions options;
    private final CacheKeys keys;
    private final CircuitBreaker breaker;
    private final StatsRecorder stats;
    private final Consumer<byte[]> events;
    private final boolean ownsConnection;
    private volatile RedisConnection redis;
    private volatile AutoCloseable subscription;
    private boolean closed;  // guarded by this, like the background connect

    /** A link on {@code redis} (the caller's, left open on close), or, when null, on a connection of its own. */
    CacheLink(CacheOptions options, CacheKeys keys, CircuitBreaker breaker, StatsRecorder stats,
              Consumer<byte[]> events, RedisConnection redis) {
        this.options = options;
        this.keys = keys;
        this.breaker = breaker;
        this.stats = stats;
        this.events = events;
        this.redis = redis;
        this.ownsConnection = redis == null;
    }

    synchronized void tryConnect() {
        if (redis != null || closed) {
            return;
        }
        try {
            redis = RedisConnection.open(options.redisUrl(), options.redisTimeout().multipliedBy(4));
            listen();
            log.info("Cache connected to {}", redis.displayUrl());
        } catch (RedisUnavailableException e) {
            log.warn("Cache works without Redis for now (every read a miss): {}", e.getMessage());
        }
    }

    /** Subscribes to the cache's channel; without it near-cache entries live out their own TTL. */
    void listen() {
        try {
            subscription = redis.subscribe(keys.channel(), events);
        } catch (RuntimeException e) {
            log.warn("Cache could not subscribe to invalidations; near-cache entries live at most {}: {}",
                    options.nearCacheTtl(), e.getMessage());
            subscription = null;
        }
    }

    boolean isSubscribed() {
        return subscription != null;
    }

    /** Redis, or null while unconnected. */
    RedisConnection redis() {
        return redis;
    }

    RedisConnection requireRedis() {
        RedisConnection connection = redis;
        if (connection == null) {
            throw new RedisUnavailableException("The cache is not connected to Redis at the moment", null);
        }
        return connection;
    }

    /** This link's own connection's lookups; none when it shares its caller's connection. */
    Lookups ownLookups() {
        RedisConnection connection = redis;
        return connection == null || !ownsConnection ? Lookups.NONE : connection.lookups();
    }

    /**
     * One Redis call, waiting at most the Redis timeout; null when Redis is unavailable, slow, or skipped by the
     * open breaker. Failures are counted against the namespace and the breaker, never thrown.
     */
    <T> T call(String namespace, Supplier<CompletionStage<T>> command) {
        RedisConnection connection = redis;
        if (connection == null || !options.enabled() || !breaker.allow()) {
            return null;
        }
        try {
            T result = command.get().toCompletableFuture().get(options.redisTimeout().toMillis(), TimeUnit.MILLISECONDS);
            breaker.success();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.abandon();  // were this call the probe, the breaker would otherwise wait for its answer forever
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            breaker.failure();
            if (!namespace.isEmpty()) {
                stats.increment(namespace, StatsRecorder.Counter.ERRORS);
            }
            log.debug("Cache call failed; falling back to the loader: {}", e.toString());
            return null;
        }
    }

    /** Tells every process of this cache (this one too) about a change. */
    void publish(String event) {
        call("", () -> redis.commands().publish(keys.channel(), event.getBytes(StandardCharsets.UTF_8)));
    }

    /** No background connect starts after this; one under way finishes first, so its connection is closed, not leaked. */
    synchronized void stopConnecting() {
        closed = true;
    }

    /** Ends the subscription and closes the connection if it is this link's own. */
    void close() {
        try {
            if (subscription != null) {
                subscription.close();
            }
        } catch (Exception e) {
            log.debug("Closing the invalidation subscription failed: {}", e.toString());
        }
        if (ownsConnection && redis != null) {
            redis.close();
        }
    }
}
