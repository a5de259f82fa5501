package io.redrive.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.redrive.redis.Lookups;
import io.redrive.redis.ReadOnlyException;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.LuaScript;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cache helper: cache-aside by namespace and key in Redis.
 *
 * <p>Reads ask the near cache (when on), then Redis; a miss calls the loader once per process (and, with the
 * distributed load lock, once across processes) and stores its value under the namespace's TTL. TTLs and the
 * enabled flag can be changed live ({@link CacheAdmin#setTtl}); every process picks the change up within a second.
 * Redis trouble never reaches a reader or writer: each Redis call waits at most {@link CacheOptions#redisTimeout()},
 * failures are counted, a circuit breaker skips Redis while it is sick, and the loader answers meanwhile. The
 * operator's side ({@link #admin()}: statistics, live settings, audited invalidation) does report an unavailable
 * or refusing Redis, since pretending it worked would mislead. Opened read-only ({@link CacheOptions#readOnly()}),
 * the cache refuses every write with one sentence.
 *
 * <p>Values served from the near cache are shared between callers: cache immutable values (records, unmodifiable
 * collections), as with any in-process cache.
 */
public final class Cache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Cache.class);
    private static final Duration SETTINGS_REFRESH = Duration.ofMillis(500);
    private static final LuaScript TAG = LuaScript.load("cache_tag");

    private final CacheOptions options;
    private final CacheKeys keys;
    private final KeySchema schema;
    private final boolean ownsConnection;
    private volatile RedisConnection redis;
    private volatile AutoCloseable subscription;
    private boolean closed;  // guarded by this, like the background connect
    private final CircuitBreaker breaker;
    private final StatsRecorder stats = new StatsRecorder();
    private final Map<String, CompletableFuture<Object>> loading = new ConcurrentHashMap<>();
    private final com.github.benmanes.caffeine.cache.Cache<String, NearEntry> near;
    private final Map<Class<?>, CacheCodec<?>> jsonCodecs = new ConcurrentHashMap<>();

    /** A near-cache entry keeps the decoded value too, so a near hit costs no decoding when the codec is the same. */
    private record NearEntry(byte[] stored, Object value, CacheCodec<?> codec) { }
    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Map<String, Boolean> knownNamespaces = new ConcurrentHashMap<>();
    private final CacheAdmin admin;
    private final SharedLoad sharedLoad;

    private Cache(CacheOptions options, RedisConnection redis, boolean ownsConnection) {
        this.options = options;
        this.schema = new KeySchema(options.keyPrefix());
        this.keys = schema.cache();
        this.redis = redis;
        this.ownsConnection = ownsConnection;
        this.breaker = new CircuitBreaker(options.breakerFailures(), options.breakerOpenTime(), options.clock());
        this.near = options.nearCache()
                ? Caffeine.newBuilder().maximumSize(options.nearCacheMaxEntries())
                        .expireAfter(Expiry.<String, NearEntry>writing((k, v) -> options.nearCacheTtl())).build()
                : null;
        this.settings = new Settings(this);
        this.admin = new CacheAdmin(this);
        this.sharedLoad = new SharedLoad(this, keys, options, breaker);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "redrive-cache");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A cache on a connection of its own. When Redis cannot be reached yet, the cache starts degraded (every
     * read a miss, every load straight through) and connects in the background.
     */
    public static Cache connect(CacheOptions options) {
        Cache cache = new Cache(options, null, true);
        cache.tryConnect();
        cache.start();
        return cache;
    }

    /** A cache on a connection the caller owns (an engine's, say); closing the cache leaves it open. */
    public static Cache on(RedisConnection redis, CacheOptions options) {
        Cache cache = new Cache(options, Objects.requireNonNull(redis, "redis"), false);
        cache.listen();
        cache.start();
        return cache;
    }

    private void start() {
        settings.refresh();
        long interval = options.statsInterval().toMillis();
        timer.scheduleWithFixedDelay(this::flushStats, interval, interval, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> settings.refreshIfDue(subscription != null),
                SETTINGS_REFRESH.toMillis(), SETTINGS_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        if (redis == null) {
            timer.scheduleWithFixedDelay(this::tryConnect, 2, 2, TimeUnit.SECONDS);
        }
    }

    private synchronized void tryConnect() {
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

    private void listen() {
        if (!options.nearCache()) {
            // only settings announcements matter here, not every other process's writes
            subscription = subscribeQuietly(message -> {
                if (message.length > 0 && message[0] == 's') {
                    settings.refreshSoon();
                }
            });
            return;
        }
        subscription = subscribeQuietly(this::onEvent);
    }

    private AutoCloseable subscribeQuietly(Consumer<byte[]> listener) {
        try {
            return redis.subscribe(keys.channel(), listener);
        } catch (RuntimeException e) {
            log.warn("Cache could not subscribe to invalidations; near-cache entries live at most {}: {}",
                    options.nearCacheTtl(), e.getMessage());
            return null;
        }
    }

    // ---- Reads and writes

    /** The cached value, or empty on a miss (or when Redis is unavailable). */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(String namespace, String key, CacheCodec<T> codec) {
        NamespaceSettings s = settings.of(namespace);
        if (!s.enabled()) {
            return Optional.empty();
        }
        String valueKey = keys.value(namespace, requireKey(key));
        if (near != null) {
            NearEntry local = near.getIfPresent(valueKey);
            if (local != null) {
                stats.increment(namespace, StatsRecorder.Counter.NEAR_HITS);
                stats.increment(namespace, StatsRecorder.Counter.HITS);
                return Optional.of(local.codec() == codec ? (T) local.value() : codec.decode(StoredValue.unwrap(local.stored())));
            }
        }
        byte[] stored = call(namespace, () -> redis.commands().get(valueKey));
        if (stored == null) {
            stats.increment(namespace, StatsRecorder.Counter.MISSES);
            return Optional.empty();
        }
        try {
            T value = codec.decode(StoredValue.unwrap(stored));
            stats.increment(namespace, StatsRecorder.Counter.HITS);
            if (near != null) {
                // never kept longer than the namespace's TTL, so a short-lived value is not served after Redis dropped it
                Duration bound = s.ttl().compareTo(options.nearCacheTtl()) < 0 ? s.ttl() : options.nearCacheTtl();
                near.policy().expireVariably().orElseThrow().put(valueKey, new NearEntry(stored, value, codec), bound);
            }
            return Optional.of(value);
        } catch (RuntimeException e) {
            corrupt(namespace, valueKey, e);
            return Optional.empty();
        }
    }

    public <T> Optional<T> get(String namespace, String key, Class<T> type) {
        return get(namespace, key, json(type));
    }

    /** One JSON codec per type, so near-cache hits recognise it and skip decoding. */
    @SuppressWarnings("unchecked")
    <T> CacheCodec<T> json(Class<T> type) {
        return (CacheCodec<T>) jsonCodecs.computeIfAbsent(type, CacheCodec::json);
    }

    /** Stores a value under the namespace's TTL, with optional tags for {@link #invalidateTag}. */
    public <T> void put(String namespace, String key, T value, CacheCodec<T> codec, String... tags) {
        requireWritable();
        NamespaceSettings s = settings.of(namespace);
        if (!s.enabled() || value == null) {
            return;
        }
        write(namespace, keys.value(namespace, requireKey(key)), StoredValue.wrap(codec.encode(value), options.compressionThreshold()),
                s.ttl(), tags);
    }

    @SuppressWarnings("unchecked")
    public <T> void put(String namespace, String key, T value, String... tags) {
        requireWritable();
        if (value == null) {
            return;  // nothing is cached for null, as with a codec
        }
        put(namespace, key, value, (CacheCodec<T>) json(value.getClass()), tags);
    }

    /**
     * The cached value, or the loader's, which is then cached. Concurrent misses on one key in this process
     * share one loader call. The loader's exceptions reach the caller unchanged; nothing else does.
     */
    public <T> T getOrLoad(String namespace, String key, CacheCodec<T> codec, Supplier<T> loader, String... tags) {
        Objects.requireNonNull(loader, "loader");
        NamespaceSettings s = settings.of(namespace);
        if (!s.enabled()) {
            return timedLoad(namespace, loader);
        }
        Optional<T> hit = get(namespace, key, codec);
        if (hit.isPresent()) {
            return hit.get();
        }
        String valueKey = keys.value(namespace, key);
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> running = loading.putIfAbsent(valueKey, mine);
        if (running != null) {
            return this.<T>join(running);
        }
        try {
            T value = sharedLoad.load(namespace, key, valueKey, codec, loader, s, tags);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(valueKey, mine);
        }
    }

    public <T> T getOrLoad(String namespace, String key, Class<T> type, Supplier<T> loader, String... tags) {
        return getOrLoad(namespace, key, json(type), loader, tags);
    }

    <T> T timedLoad(String namespace, Supplier<T> loader) {
        long start = System.nanoTime();
        try {
            return loader.get();
        } finally {
            stats.increment(namespace, StatsRecorder.Counter.LOADS);
            stats.add(namespace, StatsRecorder.Counter.LOAD_NANOS, System.nanoTime() - start);
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

    // ---- Decorators

    /** Caches a one-argument function: {@code cached("document", Summary.class, service::summarise)}. */
    public <K, V> Function<K, V> cached(String namespace, Class<V> type, Function<K, V> function) {
        CacheCodec<V> codec = json(type);
        return k -> getOrLoad(namespace, String.valueOf(k), codec, () -> function.apply(k));
    }

    /** Caches a call without arguments under one key. */
    public <V> Supplier<V> cached(String namespace, String key, Class<V> type, Supplier<V> supplier) {
        CacheCodec<V> codec = json(type);
        return () -> getOrLoad(namespace, key, codec, supplier);
    }

    /**
     * Wraps a write so that, after it succeeds, the entries it changes are invalidated: the key its argument
     * names in the namespace, and the tags {@code tags} makes of it.
     */
    public <K, V> Function<K, V> invalidating(String namespace, Function<K, V> write, Function<K, List<String>> tags) {
        return k -> {
            V result = write.apply(k);
            invalidate(namespace, String.valueOf(k));
            for (String tag : tags.apply(k)) {
                invalidateTag(tag);
            }
            return result;
        };
    }

    /** An implementation of {@code type} whose {@link Cached} and {@link InvalidatesCache} methods go through this cache. */
    public <I> I proxy(Class<I> type, I delegate) {
        return CacheProxy.create(this, type, delegate);
    }

    // ---- Invalidation

    /** Removes one entry, here and from every near cache. */
    public void invalidate(String namespace, String key) {
        requireWritable();
        String valueKey = keys.value(Namespaces.requireValid(namespace), requireKey(key));
        if (near != null) {
            near.invalidate(valueKey);
        }
        call(namespace, () -> redis.commands().unlink(valueKey));
        publish("k\n" + valueKey);
    }

    /** Removes every entry of the namespace (a SCAN, in batches); returns how many. */
    public long invalidateNamespace(String namespace) {
        requireWritable();
        String prefix = keys.valuePrefix(Namespaces.requireValid(namespace));
        long[] removed = {0};
        scan(prefix + "*", batch -> removed[0] += Optional.ofNullable(call(namespace,
                () -> redis.commands().unlink(batch.toArray(String[]::new)))).orElse(0L));
        if (near != null) {
            near.asMap().keySet().removeIf(k -> k.startsWith(prefix));
        }
        publish("n\n" + prefix);
        return removed[0];
    }

    /** Removes every entry that carries the tag; returns how many. */
    public long invalidateTag(String tag) {
        requireWritable();
        String tagKey = keys.tag(requireKey(tag));
        Set<byte[]> members = call("", () -> redis.commands().smembers(tagKey));
        if (members == null || members.isEmpty()) {
            return 0;
        }
        String[] valueKeys = members.stream().map(m -> new String(m, StandardCharsets.UTF_8)).toArray(String[]::new);
        Long removed = call("", () -> redis.commands().unlink(valueKeys));
        call("", () -> redis.commands().unlink(tagKey));
        if (near != null) {
            near.invalidateAll(Arrays.asList(valueKeys));
        }
        publish("k\n" + String.join("\n", valueKeys));
        return removed == null ? 0 : removed;
    }

    private void onEvent(byte[] message) {
        String[] lines = new String(message, StandardCharsets.UTF_8).split("\n");
        switch (lines[0]) {
            case "k" -> near.invalidateAll(Arrays.asList(lines).subList(1, lines.length));
            case "n" -> near.asMap().keySet().removeIf(k -> k.startsWith(lines[1]));
            case "s" -> settings.refreshSoon();
            default -> log.debug("Ignoring unknown cache event {}", lines[0]);
        }
    }

    // ---- Settings and health

    /** The namespace's TTL and enabled flag in force (a live override from Redis, or the configured ones). */
    public NamespaceSettings settings(String namespace) {
        return settings.of(namespace);
    }

    /** This process's counters per namespace since it started. */
    public Map<String, CacheCounters> localStats() {
        return stats.lifetime();
    }

    /** The circuit breaker's state: CLOSED (Redis in use), OPEN (skipped) or HALF_OPEN (probing). */
    public String breakerState() {
        return breaker.state().name();
    }

    /** Whether reads and writes currently reach Redis. */
    public boolean isDegraded() {
        return redis == null || breaker.state() != CircuitBreaker.State.CLOSED;
    }

    /** The operator's side of this cache: namespaces, statistics, live settings and audited invalidation. */
    public CacheAdmin admin() {
        return admin;
    }

    private void flushStats() {
        if (redis == null || !options.enabled() || options.readOnly()) {
            return;  // CACHE_ENABLED=false promises that nothing is written to Redis, statistics included
        }
        stats.flush(redis, keys, options);
    }

    // ---- Redis access with bounded waits and the circuit breaker

    void write(String namespace, String valueKey, byte[] stored, Duration ttl, String[] tags) {
        noteNamespace(namespace);
        if (near != null) {
            near.invalidate(valueKey);  // the next read decodes and keeps the new value
        }
        Object ok = call(namespace, () -> redis.commands().psetex(valueKey, ttl.toMillis(), stored));
        if (ok == null) {
            return;
        }
        stats.add(namespace, StatsRecorder.Counter.BYTES, stored.length);
        for (String tag : tags) {
            String tagKey = keys.tag(requireKey(tag));
            // the tag lives as long as its longest-lived entry could: a shorter-lived entry never shortens it
            byte[] seconds = Long.toString(Math.max(ttl.toSeconds(), 1) * 2).getBytes(StandardCharsets.UTF_8);
            call(namespace, () -> TAG.run(redis, List.of(tagKey), List.of(valueKey.getBytes(StandardCharsets.UTF_8), seconds)));
        }
        // other processes drop the stale copy they may hold, whether or not this one keeps a near cache itself
        publish("k\n" + valueKey);
    }

    private void noteNamespace(String namespace) {
        if (knownNamespaces.putIfAbsent(namespace, Boolean.TRUE) == null) {
            call(namespace, () -> redis.commands().sadd(keys.namespaces(), namespace.getBytes(StandardCharsets.UTF_8)));
        }
    }

    void publish(String event) {
        call("", () -> redis.commands().publish(keys.channel(), event.getBytes(StandardCharsets.UTF_8)));
    }

    void corrupt(String namespace, String valueKey, RuntimeException e) {
        log.warn("Cache value {} cannot be read ({}); treating it as a miss and removing it", valueKey, e.getMessage());
        stats.increment(namespace, StatsRecorder.Counter.MISSES);
        stats.increment(namespace, StatsRecorder.Counter.ERRORS);
        if (near != null) {
            near.invalidate(valueKey);
        }
        call(namespace, () -> redis.commands().unlink(valueKey));
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

    /** This cache's own connection's lookups; none when it shares its caller's connection. */
    Lookups ownLookups() {
        RedisConnection connection = redis;
        return connection == null || !ownsConnection ? Lookups.NONE : connection.lookups();
    }

    /** Redis for the settings store; null while unconnected. */
    RedisConnection redis() {
        return redis;
    }

    CacheKeys keys() {
        return keys;
    }

    CacheOptions options() {
        return options;
    }

    KeySchema schema() {
        return schema;
    }

    Settings settingsStore() {
        return settings;
    }

    StatsRecorder statsRecorder() {
        return stats;
    }

    /** The namespaces this process has written to, though perhaps not yet recorded in Redis. */
    Set<String> knownNamespaces() {
        return knownNamespaces.keySet();
    }

    /** Drops near-cache copies after an invalidation made elsewhere in this process (by the operator's side). */
    void forgetNear(Collection<String> valueKeys) {
        if (near != null) {
            near.invalidateAll(valueKeys);
        }
    }

    void forgetNearPrefix(String prefix) {
        if (near != null) {
            near.asMap().keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    /** Refuses a write with one sentence when the cache was opened read-only ({@link CacheOptions#readOnly()}). */
    void requireWritable() {
        if (options.readOnly()) {
            throw new ReadOnlyException();
        }
    }

    RedisConnection requireRedis() {
        RedisConnection connection = redis;
        if (connection == null) {
            throw new RedisUnavailableException("The cache is not connected to Redis at the moment", null);
        }
        return connection;
    }

    void scan(String pattern, Consumer<List<String>> batches) {
        KeyScanner scanner = new KeyScanner(requireRedis(), pattern);
        for (List<String> batch = scanner.next(); !batch.isEmpty(); batch = scanner.next()) {
            batches.accept(batch);
        }
    }

    static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("A cache key must not be empty");
        }
        if (key.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A cache key must not contain a line break (invalidation messages are line-based)");
        }
        return key;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            // a background connect under way finishes first, so that its connection is closed below rather than leaked
            closed = true;
        }
        flushStats();
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
