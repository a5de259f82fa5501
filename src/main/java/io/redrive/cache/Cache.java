package io.redrive.cache;

import io.redrive.redis.Lookups;
import io.redrive.redis.ReadOnlyException;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.RedisConnection;
import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    private static final Duration SETTINGS_REFRESH = Duration.ofMillis(500);

    private final CacheOptions options;
    private final CacheKeys keys;
    private final KeySchema schema;
    private final CacheLink link;
    private final CircuitBreaker breaker;
    private final StatsRecorder stats = new StatsRecorder();
    private final NearCache near;
    private final CacheWriter writer;
    private final Map<Class<?>, CacheCodec<?>> jsonCodecs = new ConcurrentHashMap<>();
    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Map<String, Boolean> knownNamespaces = new ConcurrentHashMap<>();
    private final CacheAdmin admin;
    private final SharedLoad sharedLoad;

    /** On {@code redis}, the caller's connection, or, when null, on a connection of the cache's own. */
    private Cache(CacheOptions options, RedisConnection redis) {
        this.options = options;
        this.schema = new KeySchema(options.keyPrefix());
        this.keys = schema.cache();
        this.breaker = new CircuitBreaker(options.breakerFailures(), options.breakerOpenTime(), options.clock());
        this.near = new NearCache(options);
        this.settings = new Settings(this);
        this.writer = new CacheWriter(this, near, stats);
        // with a near cache every change matters; without one, only settings announcements
        Consumer<byte[]> events = near.isOn() ? writer::onEvent : message -> {
            if (message.length > 0 && message[0] == 's') {
                settings.refreshSoon();
            }
        };
        this.link = new CacheLink(options, keys, breaker, stats, events, redis);
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
        Cache cache = new Cache(options, null);
        cache.link.tryConnect();
        cache.start();
        return cache;
    }

    /** A cache on a connection the caller owns (an engine's, say); closing the cache leaves it open. */
    public static Cache on(RedisConnection redis, CacheOptions options) {
        Cache cache = new Cache(options, Objects.requireNonNull(redis, "redis"));
        cache.link.listen();
        cache.start();
        return cache;
    }

    private void start() {
        settings.refresh();
        long interval = options.statsInterval().toMillis();
        timer.scheduleWithFixedDelay(this::flushStats, interval, interval, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> settings.refreshIfDue(link.isSubscribed()),
                SETTINGS_REFRESH.toMillis(), SETTINGS_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        if (link.redis() == null) {
            timer.scheduleWithFixedDelay(link::tryConnect, 2, 2, TimeUnit.SECONDS);
        }
    }

    // ---- Reads and writes

    /** The cached value, or empty on a miss (or when Redis is unavailable). */
    public <T> Optional<T> get(String namespace, String key, CacheCodec<T> codec) {
        NamespaceSettings s = settings.of(namespace);
        if (!s.enabled()) {
            return Optional.empty();
        }
        String valueKey = keys.value(namespace, requireKey(key));
        NearCache.Entry local = near.get(valueKey);
        if (local != null) {
            stats.increment(namespace, StatsRecorder.Counter.NEAR_HITS);
            stats.increment(namespace, StatsRecorder.Counter.HITS);
            return Optional.of(local.decode(codec));
        }
        byte[] stored = call(namespace, () -> redis().commands().get(valueKey));
        if (stored == null) {
            stats.increment(namespace, StatsRecorder.Counter.MISSES);
            return Optional.empty();
        }
        try {
            T value = codec.decode(StoredValue.unwrap(stored));
            stats.increment(namespace, StatsRecorder.Counter.HITS);
            near.keep(valueKey, stored, value, codec, s.ttl());
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
        return sharedLoad.loadOnce(namespace, key, keys.value(namespace, key), codec, loader, s, tags);
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
        writer.invalidate(namespace, key);
    }

    /** Removes every entry of the namespace (a SCAN, in batches); returns how many. */
    public long invalidateNamespace(String namespace) {
        return writer.invalidateNamespace(namespace);
    }

    /** Removes every entry that carries the tag; returns how many. */
    public long invalidateTag(String tag) {
        return writer.invalidateTag(tag);
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
        return link.redis() == null || breaker.state() != CircuitBreaker.State.CLOSED;
    }

    /** The operator's side of this cache: namespaces, statistics, live settings and audited invalidation. */
    public CacheAdmin admin() {
        return admin;
    }

    /** Writes the counts since the last flush now, under the clock's minute (for history seeded with its own clock). */
    public void flushStatistics() {
        flushStats();
    }

    private void flushStats() {
        RedisConnection redis = link.redis();
        if (redis == null || !options.enabled() || options.readOnly()) {
            return;  // CACHE_ENABLED=false promises that nothing is written to Redis, statistics included
        }
        stats.flush(redis, keys, options);
    }

    // ---- Redis access with bounded waits and the circuit breaker

    void write(String namespace, String valueKey, byte[] stored, Duration ttl, String[] tags) {
        writer.write(namespace, valueKey, stored, ttl, tags);
    }

    void corrupt(String namespace, String valueKey, RuntimeException e) {
        writer.corrupt(namespace, valueKey, e);
    }

    void publish(String event) {
        link.publish(event);
    }

    /** One Redis call through the link: a bounded wait, the breaker, and null rather than an exception. */
    <T> T call(String namespace, Supplier<CompletionStage<T>> command) {
        return link.call(namespace, command);
    }

    /** This cache's own connection's lookups; none when it shares its caller's connection. */
    Lookups ownLookups() {
        return link.ownLookups();
    }

    /** Redis for the settings store; null while unconnected. */
    RedisConnection redis() {
        return link.redis();
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

    /** Notes a namespace written to; true the first time. */
    boolean noteKnown(String namespace) {
        return knownNamespaces.putIfAbsent(namespace, Boolean.TRUE) == null;
    }

    /** Drops near-cache copies after an invalidation made elsewhere in this process (by the operator's side). */
    void forgetNear(Collection<String> valueKeys) {
        near.forgetAll(valueKeys);
    }

    void forgetNearPrefix(String prefix) {
        near.forgetPrefix(prefix);
    }

    /** Refuses a write with one sentence when the cache was opened read-only ({@link CacheOptions#readOnly()}). */
    void requireWritable() {
        if (options.readOnly()) {
            throw new ReadOnlyException();
        }
    }

    RedisConnection requireRedis() {
        return link.requireRedis();
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
        link.stopConnecting();
        flushStats();
        link.close();
    }
}
