package io.redrive.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.SetArgs;
import io.redrive.engine.Actor;
import io.redrive.engine.AuditLog;
import io.redrive.engine.BulkOperation;
import io.redrive.redis.KeySchema;
import io.redrive.redis.KeySchema.CacheKeys;
import io.redrive.redis.LuaScript;
import io.redrive.redis.RedisConnection;
import io.redrive.redis.RedisUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
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
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cache helper: cache-aside by namespace and key in Redis.
 *
 * <p>Reads ask the near cache (when on), then Redis; a miss calls the loader once per process (and, with the
 * distributed load lock, once across processes) and stores its value under the namespace's TTL. TTLs and the
 * enabled flag can be changed live ({@link #setTtl}); every process picks the change up within a second.
 * Redis trouble never reaches a reader or writer: each Redis call waits at most {@link CacheOptions#redisTimeout()},
 * failures are counted, a circuit breaker skips Redis while it is sick, and the loader answers meanwhile. The
 * operator's calls (invalidating a namespace, TTL changes, statistics) do report an unavailable Redis, since
 * pretending they worked would mislead.
 *
 * <p>Values served from the near cache are shared between callers: cache immutable values (records, unmodifiable
 * collections), as with any in-process cache.
 */
public final class Cache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Cache.class);
    private static final Duration SETTINGS_REFRESH = Duration.ofMillis(500);
    private static final int SCAN_BATCH = 500;
    private static final LuaScript TAG = LuaScript.load("cache_tag");
    private static final LuaScript UNLOCK = LuaScript.load("cache_unlock");

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

    private AutoCloseable subscribeQuietly(java.util.function.Consumer<byte[]> listener) {
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
        NamespaceSettings s = settings.of(namespace);
        if (!s.enabled() || value == null) {
            return;
        }
        write(namespace, keys.value(namespace, requireKey(key)), StoredValue.wrap(codec.encode(value), options.compressionThreshold()),
                s.ttl(), tags);
    }

    @SuppressWarnings("unchecked")
    public <T> void put(String namespace, String key, T value, String... tags) {
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
            T value = loadOnce(namespace, key, valueKey, codec, loader, s, tags);
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

    private <T> T loadOnce(String namespace, String key, String valueKey, CacheCodec<T> codec, Supplier<T> loader,
                           NamespaceSettings s, String[] tags) {
        String lock = null;
        if (options.distributedLoadLock() && breaker.allow()) {
            lock = java.util.UUID.randomUUID().toString();
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
            T value = timedLoad(namespace, loader);
            if (value != null) {
                write(namespace, valueKey, StoredValue.wrap(codec.encode(value), options.compressionThreshold()), s.ttl(), tags);
            }
            return value;
        } finally {
            if (lock != null) {
                release(keys.loadLock(valueKey), lock);
            }
        }
    }

    private <T> Optional<T> storedMeanwhile(String namespace, String valueKey, CacheCodec<T> codec) {
        byte[] stored = call(namespace, () -> redis.commands().get(valueKey));
        if (stored == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(codec.decode(StoredValue.unwrap(stored)));
        } catch (RuntimeException e) {
            corrupt(namespace, valueKey, e);
            return Optional.empty();
        }
    }

    private <T> T timedLoad(String namespace, Supplier<T> loader) {
        long start = System.nanoTime();
        try {
            return loader.get();
        } finally {
            stats.increment(namespace, StatsRecorder.Counter.LOADS);
            stats.add(namespace, StatsRecorder.Counter.LOAD_NANOS, System.nanoTime() - start);
        }
    }

    /** Waits for another process's load to store the value; empty if it does not within the lock timeout. */
    private <T> Optional<T> awaitOtherLoader(String namespace, String key, String valueKey, CodecOf<T> codec) {
        long deadline = System.nanoTime() + options.loadLockTimeout().toNanos();
        long pause = 1_000_000;
        while (System.nanoTime() < deadline) {
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 20_000_000);
            byte[] stored = call(namespace, () -> redis.commands().get(valueKey));
            if (stored != null) {
                try {
                    return Optional.of(codec.decode(StoredValue.unwrap(stored)));
                } catch (RuntimeException e) {
                    corrupt(namespace, valueKey, e);
                    return Optional.empty();
                }
            }
            Long held = call(namespace, () -> redis.commands().exists(keys.loadLock(valueKey)));
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
        String reply = call("", () -> redis.commands().set(lockKey, token.getBytes(StandardCharsets.UTF_8),
                SetArgs.Builder.nx().px(options.loadLockTimeout().toMillis())));
        return "OK".equals(reply);
    }

    private void release(String lockKey, String token) {
        call("", () -> UNLOCK.run(redis, List.of(lockKey), List.of(token.getBytes(StandardCharsets.UTF_8))));
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
    public <I> I proxy(Class<I> type, I target) {
        return CacheProxy.create(this, type, target);
    }

    // ---- Invalidation

    /** Removes one entry, here and from every near cache. */
    public void invalidate(String namespace, String key) {
        String valueKey = keys.value(Namespaces.requireValid(namespace), requireKey(key));
        if (near != null) {
            near.invalidate(valueKey);
        }
        call(namespace, () -> redis.commands().unlink(valueKey));
        publish("k\n" + valueKey);
    }

    /** Removes every entry of the namespace (a SCAN, in batches); returns how many. */
    public long invalidateNamespace(String namespace) {
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
        String tagKey = keys.tag(requireKey(tag));
        java.util.Set<byte[]> members = call("", () -> redis.commands().smembers(tagKey));
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

    // ---- Live settings

    /** The namespace's TTL and enabled flag in force (a live override from Redis, or the configured ones). */
    public NamespaceSettings settings(String namespace) {
        return settings.of(namespace);
    }

    /** Every namespace in use or configured, with its settings. */
    public List<NamespaceSettings> namespaces() {
        java.util.Set<String> names = new java.util.TreeSet<>(options.namespaceTtls().keySet());
        java.util.Set<byte[]> used = call("", () -> redis.commands().smembers(keys.namespaces()));
        if (used != null) {
            redis.countLookup(!used.isEmpty());
            used.forEach(n -> names.add(new String(n, StandardCharsets.UTF_8)));
        }
        names.addAll(knownNamespaces.keySet());
        return names.stream().map(settings::of).toList();
    }

    /**
     * Changes a namespace's TTL for every process using the helper (within a second), and records it in the
     * audit log and on the change markers the console draws on its charts.
     */
    public void setTtl(String namespace, Duration ttl, Actor actor) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A TTL must be positive, got " + ttl);
        }
        NamespaceSettings before = settings.of(namespace);
        settings.store(namespace, ttl, before.enabled(), actor);
        audit().record(actor, "cache-ttl", "namespace " + namespace, 1, "ok",
                Map.of("from", before.ttl().toSeconds() + "s", "to", ttl.toSeconds() + "s"));
    }

    /** Turns caching of a namespace on or off for every process using the helper. */
    public void setEnabled(String namespace, boolean enabled, Actor actor) {
        NamespaceSettings before = settings.of(namespace);
        settings.store(namespace, before.ttl(), enabled, actor);
        audit().record(actor, enabled ? "cache-enable" : "cache-disable", "namespace " + namespace, 1, "ok", Map.of());
    }

    /** Drops a namespace's live override; the configured TTL applies again. */
    public void resetSettings(String namespace, Actor actor) {
        settings.clear(namespace, actor);
        audit().record(actor, "cache-reset", "namespace " + namespace, 1, "ok", Map.of());
    }

    /** When TTLs and enabled flags were changed, newest last: markers for the console's charts. */
    public List<SettingsChange> changes(Instant from, Instant to) {
        return settings.changes(from, to);
    }

    /**
     * Applies the namespace's current TTL to the keys it already has (SCAN and EXPIRE in batches), as a bulk
     * operation with progress and cancel.
     */
    public BulkOperation reapplyTtl(String namespace, Actor actor) {
        RedisConnection redis = requireRedis();
        String prefix = keys.valuePrefix(Namespaces.requireValid(namespace));
        long ttlMillis = settings.of(namespace).ttl().toMillis();
        long total = keyCount(namespace);
        Scanner scanner = new Scanner(prefix + "*");
        BulkOperation operation = BulkOperation.builder("re-apply TTL to namespace " + namespace, scanner::next, batch -> {
            List<CompletableFuture<Boolean>> replies = new ArrayList<>(batch.size());
            for (String key : batch) {
                replies.add(redis.commands().pexpire(key, ttlMillis).toCompletableFuture());
            }
            long applied = 0;
            for (CompletableFuture<Boolean> r : replies) {
                if (Boolean.TRUE.equals(redis.await(r))) applied++;
            }
            return new BulkOperation.ChunkResult(applied, batch.size() - applied, 0);
        }).total(total).start(r -> {
            Thread t = new Thread(r, "redrive-cache-reapply");
            t.setDaemon(true);
            t.start();
        });
        operation.completion().thenAccept(p -> audit().record(actor, "cache-ttl-reapply", "namespace " + namespace,
                p.succeeded(), p.state().name().toLowerCase(java.util.Locale.ROOT), Map.of("ttl", ttlMillis / 1000 + "s")));
        return operation;
    }

    /** Walks keys matching a pattern in batches, for bulk operations. */
    private final class Scanner {
        private final ScanArgs match;
        private KeyScanCursor<String> cursor;
        private boolean done;

        Scanner(String pattern) {
            this.match = ScanArgs.Builder.matches(pattern).limit(SCAN_BATCH);
        }

        List<String> next() {
            RedisConnection redis = requireRedis();
            List<String> batch = new ArrayList<>();
            while (batch.isEmpty() && !done) {
                cursor = redis.await(cursor == null ? redis.commands().scan(match) : redis.commands().scan(cursor, match));
                batch.addAll(cursor.getKeys());
                done = cursor.isFinished();
            }
            return batch;
        }
    }

    // ---- Statistics

    /** This process's counters per namespace since it started. */
    public Map<String, CacheCounters> localStats() {
        return stats.lifetime();
    }

    /** A namespace's counters per minute, summed over every process, zeros where nothing happened. */
    public List<CacheMinuteStats> stats(String namespace, Instant from, Instant to) {
        return stats(List.of(namespace), from, to).get(namespace);
    }

    /**
     * The counters per minute of these namespaces, and of any other that has some in the range, summed over every
     * process, zeros where nothing happened. Only minutes the index lists are read, so an idle namespace costs no
     * lookup of a missing key (which Redis would count as a keyspace miss).
     */
    public Map<String, List<CacheMinuteStats>> stats(java.util.Collection<String> namespaces, Instant from, Instant to) {
        RedisConnection redis = requireRedis();
        long first = from.toEpochMilli() / 60_000;
        long last = to.toEpochMilli() / 60_000;
        List<byte[]> listed = redis.await(redis.commands().zrangebyscore(keys.statsMinutes(),
                io.lettuce.core.Range.create((double) first, Double.POSITIVE_INFINITY)));
        // the index holds "end" at +inf for as long as it exists: an empty reply means no index, a miss Redis counted
        redis.countLookup(!listed.isEmpty());
        Map<String, java.util.TreeMap<Long, CompletableFuture<Map<String, byte[]>>>> reads = new java.util.TreeMap<>();
        namespaces.forEach(ns -> reads.put(ns, new java.util.TreeMap<>()));
        for (byte[] member : listed) {
            String entry = new String(member, StandardCharsets.UTF_8);
            int colon = entry.lastIndexOf(':');
            if (colon < 0) {
                continue;  // the "end" member
            }
            String ns = entry.substring(0, colon);
            long minute = Long.parseLong(entry.substring(colon + 1));
            if (minute <= last) {
                reads.computeIfAbsent(ns, k -> new java.util.TreeMap<>())
                        .put(minute, redis.commands().hgetall(keys.stats(ns, minute)).toCompletableFuture());
            }
        }
        Map<String, List<CacheMinuteStats>> out = new LinkedHashMap<>();
        reads.forEach((ns, minutes) -> {
            List<CacheMinuteStats> series = new ArrayList<>((int) (last - first + 1));
            for (long m = first; m <= last; m++) {
                CompletableFuture<Map<String, byte[]>> reply = minutes.get(m);
                Map<String, byte[]> f = reply == null ? Map.of() : redis.await(reply);
                if (reply != null) {
                    redis.countLookup(!f.isEmpty());  // empty: the minute expired after the index listed it
                }
                series.add(new CacheMinuteStats(ns, Instant.ofEpochMilli(m * 60_000), new CacheCounters(
                        num(f, "hits"), num(f, "misses"), num(f, "loads"), num(f, "loadNanos"), num(f, "errors"),
                        num(f, "nearHits"), num(f, "bytes"))));
            }
            out.put(ns, series);
        });
        return out;
    }

    /** How many keys a namespace has now (a SCAN). */
    public long keyCount(String namespace) {
        long[] n = {0};
        scan(keys.valuePrefix(Namespaces.requireValid(namespace)) + "*", batch -> n[0] += batch.size());
        return n[0];
    }

    /** A namespace's size now: key count, and memory estimated from up to {@code sample} keys. */
    public NamespaceSize size(String namespace, int sample) {
        List<String> sampled = new ArrayList<>();
        long[] count = {0};
        scan(keys.valuePrefix(Namespaces.requireValid(namespace)) + "*", batch -> {
            count[0] += batch.size();
            for (String k : batch) {
                if (sampled.size() < sample) sampled.add(k);
            }
        });
        RedisConnection redis = requireRedis();
        long sampledBytes = 0;
        List<Long> ttls = new ArrayList<>();
        for (String k : sampled) {
            Long bytes = redis.await(redis.commands().memoryUsage(k));
            sampledBytes += bytes == null ? 0 : bytes;
            Long pttl = redis.await(redis.commands().pttl(k));
            if (pttl != null && pttl >= 0) ttls.add(pttl);
        }
        long memory = sampled.isEmpty() ? 0 : sampledBytes * count[0] / sampled.size();
        return new NamespaceSize(namespace, count[0], memory, sampled.size(), ttls);
    }

    /**
     * Redis's own keyspace hits and misses since its statistics were last reset (for servers where no helper runs);
     * none when the Redis user may not run INFO (a read-only operator's user need not).
     */
    public Map<String, Long> serverKeyspaceStats() {
        RedisConnection redis = requireRedis();
        String info;
        try {
            info = redis.await(redis.commands().info("stats"));
        } catch (RuntimeException e) {
            if (RedisConnection.isPermissionDenied(e)) {
                return Map.of();
            }
            throw e;
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("keyspace_hits:") || line.startsWith("keyspace_misses:")) {
                String[] kv = line.split(":");
                out.put(kv[0], Long.parseLong(kv[1].trim()));
            }
        }
        return out;
    }

    /**
     * The key lookups this cache's own connection made while polling (statistics, namespaces, settings), for a hit
     * rate that leaves them out; none when the cache shares its caller's connection, whose count has them.
     */
    public io.redrive.redis.Lookups ownLookups() {
        RedisConnection connection = redis;
        return connection == null || !ownsConnection ? io.redrive.redis.Lookups.NONE : connection.lookups();
    }

    /** Goes up whenever the settings change (here, or announced by another process): a reason to reread {@link #changes}. */
    public long settingsVersion() {
        return settings.version();
    }

    /** The circuit breaker's state: CLOSED (Redis in use), OPEN (skipped) or HALF_OPEN (probing). */
    public String breakerState() {
        return breaker.state().name();
    }

    /** Whether reads and writes currently reach Redis. */
    public boolean isDegraded() {
        return redis == null || breaker.state() != CircuitBreaker.State.CLOSED;
    }

    private void flushStats() {
        if (redis == null || !options.enabled()) {
            return;  // CACHE_ENABLED=false promises that nothing is written to Redis, statistics included
        }
        Map<String, CacheCounters> counts = stats.drain();
        if (counts.isEmpty()) {
            return;
        }
        long minute = options.clock().millis() / 60_000;
        long retention = options.statsRetention().toSeconds();
        try {
            List<CompletionStage<?>> replies = new ArrayList<>();
            // the index of minutes with counters goes in the same round trip, so readers never look up a missing minute
            String index = keys.statsMinutes();
            replies.add(redis.commands().zadd(index, Double.POSITIVE_INFINITY, "end".getBytes(StandardCharsets.UTF_8)));
            replies.add(redis.commands().zremrangebyscore(index,
                    io.lettuce.core.Range.create(Double.NEGATIVE_INFINITY, (double) (minute - retention / 60))));
            replies.add(redis.commands().expire(index, retention));
            counts.forEach((ns, c) -> {
                replies.add(redis.commands().zadd(index, (double) minute, (ns + ":" + minute).getBytes(StandardCharsets.UTF_8)));
                String key = keys.stats(ns, minute);
                long[] values = {c.hits(), c.misses(), c.loads(), c.loadNanos(), c.errors(), c.nearHits(), c.bytes()};
                String[] names = {"hits", "misses", "loads", "loadNanos", "errors", "nearHits", "bytes"};
                for (int i = 0; i < values.length; i++) {
                    if (values[i] != 0) {
                        replies.add(redis.commands().hincrby(key, names[i], values[i]));
                    }
                }
                replies.add(redis.commands().expire(key, retention));
                replies.add(redis.commands().sadd(keys.namespaces(), ns.getBytes(StandardCharsets.UTF_8)));
            });
            for (CompletionStage<?> r : replies) {
                redis.await(r);
            }
        } catch (RuntimeException e) {
            stats.restore(counts);  // counted again next time: an outage loses no statistics
        }
    }

    // ---- Redis access with bounded waits and the circuit breaker

    private void write(String namespace, String valueKey, byte[] stored, Duration ttl, String[] tags) {
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

    private void publish(String event) {
        call("", () -> redis.commands().publish(keys.channel(), event.getBytes(StandardCharsets.UTF_8)));
    }

    private void corrupt(String namespace, String valueKey, RuntimeException e) {
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

    private AuditLog audit() {
        return AuditLog.on(requireRedis(), schema, options.clock());
    }

    RedisConnection requireRedis() {
        RedisConnection connection = redis;
        if (connection == null) {
            throw new RedisUnavailableException("The cache is not connected to Redis at the moment", null);
        }
        return connection;
    }

    private void scan(String pattern, java.util.function.Consumer<List<String>> batches) {
        Scanner scanner = new Scanner(pattern);
        for (List<String> batch = scanner.next(); !batch.isEmpty(); batch = scanner.next()) {
            batches.accept(batch);
        }
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("A cache key must not be empty");
        }
        if (key.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("A cache key must not contain a line break (invalidation messages are line-based)");
        }
        return key;
    }

    private static long num(Map<String, byte[]> f, String name) {
        byte[] v = f.get(name);
        return v == null ? 0 : Long.parseLong(new String(v, StandardCharsets.UTF_8));
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
