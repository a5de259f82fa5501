package io.redrive.cache;

import io.redrive.redis.EnvironmentVariables;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** How the cache helper behaves; immutable, built with {@link #builder()} or read from the environment. */
public final class CacheOptions {
    /** The namespaces of the original design, with the variables that set their TTLs and their defaults. */
    public static final Map<String, String> NAMESPACE_VARIABLES = Map.of(
            "user", "CACHE_USER_TTL", "job_status", "CACHE_JOB_STATUS_TTL", "document", "CACHE_DOCUMENT_TTL",
            "vector_search", "CACHE_VECTOR_SEARCH_TTL", "graph", "CACHE_GRAPH_TTL");
    private static final Map<String, Duration> DEFAULT_TTLS = Map.of(
            "user", Duration.ofSeconds(900), "job_status", Duration.ofSeconds(5), "document", Duration.ofSeconds(3600),
            "vector_search", Duration.ofSeconds(1800), "graph", Duration.ofSeconds(600));

    /** What every write through a cache opened read-only ({@link #readOnly()}) is refused with. */

    private final String redisUrl;
    private final String keyPrefix;
    private final boolean enabled;
    private final Duration defaultTtl;
    private final Map<String, Duration> namespaceTtls;
    private final int compressionThreshold;
    private final Duration redisTimeout;
    private final int breakerFailures;
    private final Duration breakerOpenTime;
    private final boolean nearCache;
    private final long nearCacheMaxEntries;
    private final Duration nearCacheTtl;
    private final boolean distributedLoadLock;
    private final Duration loadLockTimeout;
    private final Duration statsInterval;
    private final Duration statsRetention;
    private final Clock clock;
    private final boolean readOnly;

    private CacheOptions(Builder b) {
        this.redisUrl = Objects.requireNonNull(b.redisUrl, "redisUrl");
        this.keyPrefix = Objects.requireNonNull(b.keyPrefix, "keyPrefix");
        this.enabled = b.enabled;
        this.defaultTtl = positive(b.defaultTtl, "default TTL");
        Map<String, Duration> ttls = new LinkedHashMap<>(DEFAULT_TTLS);
        b.namespaceTtls.forEach((ns, ttl) -> ttls.put(ns, positive(ttl, "TTL of namespace " + ns)));
        this.namespaceTtls = Map.copyOf(ttls);
        if (b.compressionThreshold < 0) {
            throw new IllegalArgumentException("The compression threshold must be 0 or more bytes, got " + b.compressionThreshold);
        }
        this.compressionThreshold = b.compressionThreshold;
        this.redisTimeout = positive(b.redisTimeout, "Redis timeout");
        if (b.breakerFailures < 1) {
            throw new IllegalArgumentException("The circuit breaker needs at least 1 failure to open, got " + b.breakerFailures);
        }
        this.breakerFailures = b.breakerFailures;
        this.breakerOpenTime = positive(b.breakerOpenTime, "circuit breaker open time");
        this.nearCache = b.nearCache;
        this.nearCacheMaxEntries = b.nearCacheMaxEntries;
        this.nearCacheTtl = positive(b.nearCacheTtl, "near cache TTL");
        this.distributedLoadLock = b.distributedLoadLock;
        this.loadLockTimeout = positive(b.loadLockTimeout, "load lock timeout");
        this.statsInterval = positive(b.statsInterval, "statistics interval");
        this.statsRetention = positive(b.statsRetention, "statistics retention");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.readOnly = b.readOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options the environment asks for: {@code REDIS_URL}, {@code CACHE_ENABLED} (true),
     * {@code CACHE_DEFAULT_TTL} (300) and the namespace TTLs {@code CACHE_USER_TTL} (900),
     * {@code CACHE_JOB_STATUS_TTL} (5), {@code CACHE_DOCUMENT_TTL} (3600), {@code CACHE_VECTOR_SEARCH_TTL} (1800)
     * and {@code CACHE_GRAPH_TTL} (600), all in seconds. A malformed value fails with the variable's name.
     */
    public static CacheOptions fromEnvironmentVariables(Map<String, String> env) {
        Builder b = builder().redisUrl(EnvironmentVariables.redisUrl(env));
        String raw = env.get("CACHE_ENABLED");
        String enabled = raw == null || raw.isBlank() ? "true" : raw.trim().toLowerCase(Locale.ROOT);
        if (!enabled.equals("true") && !enabled.equals("false")) {
            throw new IllegalArgumentException("CACHE_ENABLED must be true or false, got '" + env.get("CACHE_ENABLED") + "'");
        }
        b.enabled(enabled.equals("true"));
        b.defaultTtl(Duration.ofSeconds(EnvironmentVariables.intSetting(env, "CACHE_DEFAULT_TTL", 300, 1)));
        NAMESPACE_VARIABLES.forEach((ns, variable) -> b.namespaceTtl(ns,
                Duration.ofSeconds(EnvironmentVariables.intSetting(env, variable, (int) DEFAULT_TTLS.get(ns).toSeconds(), 1))));
        return b.build();
    }

    public Builder mutate() {
        Builder b = builder().redisUrl(redisUrl).keyPrefix(keyPrefix).enabled(enabled).defaultTtl(defaultTtl)
                .compressionThreshold(compressionThreshold).redisTimeout(redisTimeout)
                .circuitBreaker(breakerFailures, breakerOpenTime).nearCache(nearCache, nearCacheMaxEntries, nearCacheTtl)
                .distributedLoadLock(distributedLoadLock, loadLockTimeout).statsInterval(statsInterval)
                .statsRetention(statsRetention).clock(clock).readOnly(readOnly);
        namespaceTtls.forEach(b::namespaceTtl);
        return b;
    }

    public String redisUrl() { return redisUrl; }
    public String keyPrefix() { return keyPrefix; }
    /** When false ({@code CACHE_ENABLED=false}) nothing is read from or written to Redis: loads go straight through. */
    public boolean enabled() { return enabled; }
    /** The TTL of namespaces without one of their own. */
    public Duration defaultTtl() { return defaultTtl; }
    /** The configured TTL of a namespace, before any live override stored in Redis. */
    public Duration configuredTtl(String namespace) { return namespaceTtls.getOrDefault(namespace, defaultTtl); }
    public Map<String, Duration> namespaceTtls() { return namespaceTtls; }
    /** Values whose encoded form is larger than this many bytes are compressed. */
    public int compressionThreshold() { return compressionThreshold; }
    /** The longest a cache call waits for Redis before it falls back to the loader. */
    public Duration redisTimeout() { return redisTimeout; }
    /** Consecutive Redis failures that open the circuit breaker. */
    public int breakerFailures() { return breakerFailures; }
    /** How long an open breaker skips Redis before it lets one call try again. */
    public Duration breakerOpenTime() { return breakerOpenTime; }
    public boolean nearCache() { return nearCache; }
    public long nearCacheMaxEntries() { return nearCacheMaxEntries; }
    /** The longest a value stays in the near cache (never longer than its namespace's TTL). */
    public Duration nearCacheTtl() { return nearCacheTtl; }
    /** Whether a miss takes a short Redis lock so that only one process loads a key while the others wait. */
    public boolean distributedLoadLock() { return distributedLoadLock; }
    public Duration loadLockTimeout() { return loadLockTimeout; }
    /** How often this process adds its counters to the shared statistics in Redis. */
    public Duration statsInterval() { return statsInterval; }
    public Duration statsRetention() { return statsRetention; }
    public Clock clock() { return clock; }
    /**
     * Whether the cache only reads: every write (put, invalidation, settings) is refused with a
     * {@link io.redrive.redis.ReadOnlyException}, a miss's loaded value is returned without being stored, and no
     * statistics are written.
     */
    public boolean readOnly() { return readOnly; }

    private static Duration positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("The " + what + " must be positive, got " + d);
        }
        return d;
    }

    public static final class Builder {
        private String redisUrl = "redis://localhost:6379";
        private String keyPrefix = "redrive";
        private boolean enabled = true;
        private Duration defaultTtl = Duration.ofSeconds(300);
        private final Map<String, Duration> namespaceTtls = new LinkedHashMap<>();
        private int compressionThreshold = 1024;
        private Duration redisTimeout = Duration.ofMillis(250);
        private int breakerFailures = 5;
        private Duration breakerOpenTime = Duration.ofSeconds(5);
        private boolean nearCache;
        private long nearCacheMaxEntries = 10_000;
        private Duration nearCacheTtl = Duration.ofSeconds(60);
        private boolean distributedLoadLock;
        private Duration loadLockTimeout = Duration.ofSeconds(5);
        private Duration statsInterval = Duration.ofSeconds(1);
        private Duration statsRetention = Duration.ofHours(48);
        private Clock clock = Clock.systemUTC();
        private boolean readOnly;

        public Builder redisUrl(String url) { this.redisUrl = url; return this; }
        public Builder keyPrefix(String prefix) { this.keyPrefix = prefix; return this; }
        public Builder enabled(boolean on) { this.enabled = on; return this; }
        public Builder defaultTtl(Duration ttl) { this.defaultTtl = ttl; return this; }
        public Builder namespaceTtl(String namespace, Duration ttl) { namespaceTtls.put(Namespaces.requireValid(namespace), ttl); return this; }
        public Builder compressionThreshold(int bytes) { this.compressionThreshold = bytes; return this; }
        public Builder redisTimeout(Duration timeout) { this.redisTimeout = timeout; return this; }
        public Builder circuitBreaker(int failures, Duration openTime) { this.breakerFailures = failures; this.breakerOpenTime = openTime; return this; }
        public Builder nearCache(boolean on, long maxEntries, Duration ttl) {
            this.nearCache = on;
            this.nearCacheMaxEntries = maxEntries;
            this.nearCacheTtl = ttl;
            return this;
        }
        public Builder nearCache(boolean on) { this.nearCache = on; return this; }
        public Builder distributedLoadLock(boolean on, Duration timeout) { this.distributedLoadLock = on; this.loadLockTimeout = timeout; return this; }
        public Builder statsInterval(Duration interval) { this.statsInterval = interval; return this; }
        public Builder statsRetention(Duration retention) { this.statsRetention = retention; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder readOnly(boolean on) { this.readOnly = on; return this; }

        public CacheOptions build() {
            return new CacheOptions(this);
        }
    }
}
