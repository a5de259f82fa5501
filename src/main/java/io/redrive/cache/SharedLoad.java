package io.redrive.cache;

import io.lettuce.core.SetArgs;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.LuaScript;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * A miss's load, once per key in this process and, when {@link CacheOptions#distributedLoadLock()} is on, once
 * per key across processes: the first process takes a short lock in Redis and loads, the others wait for the value
 * it stores (or load themselves when it gives up). Part of {@link Cache}, whose bounded, breaker-guarded Redis
 * calls it uses.
 */
final class SharedLoad {
    private static final LuaScript UNLOCK = LuaScript.load("cache_unlock");

    private final Cache cache;
    private final CacheKeys keys;
    private final CacheOptions options;
    private final CircuitBreaker breaker;
    private final Map<String, CompletableFuture<Object>> loading = new ConcurrentHashMap<>();

    SharedLoad(Cache cache, CacheKeys keys, CacheOptions options, CircuitBreaker breaker) {
        this.cache = cache;
        this.keys = keys;
        this.options = options;
        this.breaker = breaker;
    }

    /**
     * Loads a missing value once: concurrent misses on one key in this process share one call of {@link #load}, and
     * its exceptions reach each of them unchanged.
     */
    <T> T loadOnce(String namespace, String key, String valueKey, CacheCodec<T> codec, Supplier<T> loader,
                   NamespaceSettings s, String[] tags) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = loading.putIfAbsent(valueKey, mine);
        if (running != null) {
            return this.<T>join(running);
        }
        try {
            T value = load(namespace, key, valueKey, codec, loader, s, tags);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(valueKey, mine);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> T join(CompletableFuture<Object> running) {
        try {
            return (T) running.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw e;
        }
    }

    private <T> T load(String namespace, String key, String valueKey, CacheCodec<T> codec, Supplier<T> loader,
                           NamespaceSettings s, String[] tags) {
        String lock = null;
        if (options.distributedLoadLock() && !options.readOnly() && breaker.allow()) {
            lock = UUID.randomUUID().toString();
            if (!acquire(keys.loadLock(valueKey), lock)) {
                Optional<T> theirs = awaitOtherLoader(namespace, key, valueKey, codec);
                if (theirs.isPresent()) {
                    return theirs.get();
                }
                lock = null;  // the other process gave up or failed: load here
            }
        }
        try {
            // a load that finished between this caller's miss and its claim (of the key here, of the lock in Redis)
            // has stored its value: take it rather than load a second time
            Optional<T> meanwhile = storedMeanwhile(namespace, valueKey, codec);
            if (meanwhile.isPresent()) {
                return meanwhile.get();
            }
            T value = cache.timedLoad(namespace, loader);
            if (value != null && !options.readOnly()) {  // a read-only cache serves the loader's value, storing nothing
                cache.write(namespace, valueKey, StoredValue.wrap(codec.encode(value), options.compressionThreshold()), s.ttl(), tags);
            }
            return value;
        } finally {
            if (lock != null) {
                release(keys.loadLock(valueKey), lock);
            }
        }
    }

    private <T> Optional<T> storedMeanwhile(String namespace, String valueKey, CacheCodec<T> codec) {
        byte[] stored = cache.call(namespace, () -> cache.redis().commands().get(valueKey));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(StoredValue.unwrap(stored)));
        } catch (RuntimeException e) {
            cache.corrupt(namespace, valueKey, e);
            return Optional.empty();
        }
    }

    /** Waits for another process's load to store the value; empty if it does not within the lock timeout. */
    private <T> Optional<T> awaitOtherLoader(String namespace, String key, String valueKey, CodecOf<T> codec) {
        long deadline = System.nanoTime() + options.loadLockTimeout().toNanos();
        long pause = 1_000_000;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 20_000_000);
            byte[] stored = cache.call(namespace, () -> cache.redis().commands().get(valueKey));
            if (stored != null) {
                try {
                    return Optional.of(codec.decode(StoredValue.unwrap(stored)));
                } catch (RuntimeException e) {
                    cache.corrupt(namespace, valueKey, e);
                    return Optional.empty();
                }
            }
            Long held = cache.call(namespace, () -> cache.redis().commands().exists(keys.loadLock(valueKey)));
            if (held == null || held == 0) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Lets {@link #awaitOtherLoader} take a codec without a second generic overload. */
    private interface CodecOf<T> {
        T decode(byte[] bytes);
    }

    private <T> Optional<T> awaitOtherLoader(String namespace, String key, String valueKey, CacheCodec<T> codec) {
        return awaitOtherLoader(namespace, key, valueKey, (CodecOf<T>) codec::decode);
    }

    private boolean acquire(String lockKey, String token) {
        String reply = cache.call("", () -> cache.redis().commands().set(lockKey, token.getBytes(StandardCharsets.UTF_8),
                SetArgs.Builder.nx().px(options.loadLockTimeout().toMillis())));
        return "OK".equals(reply);
    }

    private void release(String lockKey, String token) {
        cache.call("", () -> UNLOCK.run(cache.redis(), List.of(lockKey), List.of(token.getBytes(StandardCharsets.UTF_8))));
    }
}
