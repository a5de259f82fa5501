package io.redrive.engine;

import io.redrive.redis.EnvironmentVariables;
import io.redrive.redis.ReadOnlyException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How an {@link Engine} connects and behaves. Immutable; start from {@link #builder()} or
 * {@link #fromEnvironmentVariables(Map)} and change one with {@link #mutate()}.
 */
public final class EngineOptions {
    public static final String DEFAULT_REDIS_URL = EnvironmentVariables.DEFAULT_REDIS_URL;

    private final String redisUrl;
    private final String keyPrefix;
    private final Clock clock;
    private final RetryPolicy defaultPolicy;
    private final Duration idempotencyWindow;
    private final Duration doneRetention;
    private final Duration replayedRetention;
    private final Duration metricsRetention;
    private final Duration trashRetention;
    private final int maxReplays;
    private final long maxPayloadBytes;
    private final Duration commandTimeout;
    private final boolean upkeep;
    private final Duration maintenanceInterval;
    private final boolean allowEvictingRedis;
    private final boolean readOnly;

    private EngineOptions(Builder b) {
        this.redisUrl = Objects.requireNonNull(b.redisUrl, "redisUrl");
        this.keyPrefix = Objects.requireNonNull(b.keyPrefix, "keyPrefix");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.defaultPolicy = Objects.requireNonNull(b.defaultPolicy, "defaultPolicy");
        this.idempotencyWindow = positive(b.idempotencyWindow, "idempotency window");
        this.doneRetention = Objects.requireNonNull(b.doneRetention, "doneRetention");
        if (doneRetention.isNegative()) {
            throw new IllegalArgumentException("The done retention must not be negative, got " + doneRetention);
        }
        this.replayedRetention = Objects.requireNonNull(b.replayedRetention, "replayedRetention");
        if (replayedRetention.isNegative()) {
            throw new IllegalArgumentException("The replayed-message retention must not be negative, got " + replayedRetention);
        }
        this.metricsRetention = positive(b.metricsRetention, "metrics retention");
        this.trashRetention = positive(b.trashRetention, "trash retention");
        if (b.maxReplays < 0) {
            throw new IllegalArgumentException("The replay cap must be 0 (no cap) or more, got " + b.maxReplays);
        }
        this.maxReplays = b.maxReplays;
        this.commandTimeout = positive(b.commandTimeout, "command timeout");
        this.maintenanceInterval = positive(b.maintenanceInterval, "maintenance interval");
        if (b.maxPayloadBytes < 1) {
            throw new IllegalArgumentException("Max payload size must be positive, got " + b.maxPayloadBytes);
        }
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.upkeep = b.upkeep;
        this.allowEvictingRedis = b.allowEvictingRedis;
        this.readOnly = b.readOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The options the environment asks for: {@code REDIS_URL}, {@code MAX_RETRY_ATTEMPTS} (3),
     * {@code RETRY_BACKOFF_BASE_SECONDS} (60), {@code DLQ_RETENTION_DAYS} (7) and {@code REPLAYED_RETENTION_HOURS}
     * (24: how long a replayed message that then succeeded stays viewable) and {@code ALLOW_EVICTING_REDIS}
     * (false: see {@link #allowEvictingRedis()}). A malformed value fails with a message naming the variable.
     */
    public static EngineOptions fromEnvironmentVariables(Map<String, String> env) {
        int attempts = intSetting(env, "MAX_RETRY_ATTEMPTS", 3, 1);
        int backoffSeconds = intSetting(env, "RETRY_BACKOFF_BASE_SECONDS", 60, 0);
        int retentionDays = intSetting(env, "DLQ_RETENTION_DAYS", 7, 1);
        int replayedHours = intSetting(env, "REPLAYED_RETENTION_HOURS", 24, 0);
        RetryPolicy policy = RetryPolicy.builder()
                .maxAttempts(attempts)
                .backoff(Backoff.exponential(Duration.ofSeconds(backoffSeconds)).withJitter(0.1))
                .deadLetterRetention(Duration.ofDays(retentionDays))
                .build();
        String url = EnvironmentVariables.redisUrl(env);
        boolean allowEvicting = setting(env, "ALLOW_EVICTING_REDIS", false, EngineOptions::bool, "true or false");
        return builder().redisUrl(url).defaultPolicy(policy).replayedRetention(Duration.ofHours(replayedHours))
                .allowEvictingRedis(allowEvicting).build();
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(text);
        };
    }

    /** Reads a whole-number setting, failing with the variable's name when it is not one. */
    public static int intSetting(Map<String, String> env, String name, int defaultValue, int min) {
        return EnvironmentVariables.intSetting(env, name, defaultValue, min);
    }

    static <T> T setting(Map<String, String> env, String name, T defaultValue, Function<String, T> parse, String expected) {
        return EnvironmentVariables.setting(env, name, defaultValue, parse, expected);
    }

    public Builder mutate() {
        return new Builder().redisUrl(redisUrl).keyPrefix(keyPrefix).clock(clock).defaultPolicy(defaultPolicy)
                .idempotencyWindow(idempotencyWindow).doneRetention(doneRetention).replayedRetention(replayedRetention).metricsRetention(metricsRetention)
                .trashRetention(trashRetention).maxReplays(maxReplays).maxPayloadBytes(maxPayloadBytes).commandTimeout(commandTimeout).upkeep(upkeep)
                .maintenanceInterval(maintenanceInterval).allowEvictingRedis(allowEvictingRedis).readOnly(readOnly);
    }

    public String redisUrl() { return redisUrl; }
    /** Every key starts with this; two prefixes on one Redis are two independent installations. */
    public String keyPrefix() { return keyPrefix; }
    /** The time the engine stamps and schedules by; tests pass a controllable one. */
    public Clock clock() { return clock; }
    /** The policy of queues that have no override stored in Redis. */
    public RetryPolicy defaultPolicy() { return defaultPolicy; }
    /** How long an idempotency key makes a second enqueue a no-op. */
    public Duration idempotencyWindow() { return idempotencyWindow; }
    /** How long finished messages are kept (with their timeline); zero deletes them at once. */
    public Duration doneRetention() { return doneRetention; }
    /**
     * How long a message an operator replayed is kept, with its timeline, after it then succeeds, so "what
     * became of the replay" has an answer; zero deletes it at once like any other. The longer of this and
     * {@link #doneRetention()} applies to it; other messages keep {@link #doneRetention()}.
     */
    public Duration replayedRetention() { return replayedRetention; }
    /** Which acknowledged messages {@code settle} keeps as done: all, replayed or none. */
    String keptDone() { return !doneRetention.isZero() ? "all" : !replayedRetention.isZero() ? "replayed" : "none"; }
    /** How long per-minute counters are kept. */
    public Duration metricsRetention() { return metricsRetention; }
    /** How long purged dead letters stay in the trash, restorable, before they are deleted. */
    public Duration trashRetention() { return trashRetention; }
    /** The poison guard: how many times one message may be replayed (0 = no cap). */
    public int maxReplays() { return maxReplays; }
    public long maxPayloadBytes() { return maxPayloadBytes; }
    public Duration commandTimeout() { return commandTimeout; }
    /** Whether this engine runs its upkeep (promote, recover, retention) in the background. */
    public boolean upkeep() { return upkeep; }
    public Duration maintenanceInterval() { return maintenanceInterval; }
    /**
     * Whether the engine runs on a Redis whose {@code maxmemory-policy} is {@code allkeys-*}, which can evict
     * message keys and so lose acknowledged messages. False by default: {@link Engine#connect} then refuses with
     * {@link EvictingRedisException}. For people who know the server never fills up.
     */
    public boolean allowEvictingRedis() { return allowEvictingRedis; }
    /**
     * Whether the engine only reads: every write (enqueue, workers, the upkeep, dead-letter and retry
     * operations, previews, policy changes, repair, audit entries) is refused with {@link ReadOnlyException} before
     * anything is sent, and {@link Engine#connect} starts no upkeep. False by default.
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
        private String redisUrl = DEFAULT_REDIS_URL;
        private String keyPrefix = "redrive";
        private Clock clock = Clock.systemUTC();
        private RetryPolicy defaultPolicy = RetryPolicy.defaults();
        private Duration idempotencyWindow = Duration.ofHours(24);
        private Duration doneRetention = Duration.ZERO;
        private Duration replayedRetention = Duration.ofHours(24);
        private Duration metricsRetention = Duration.ofHours(48);
        private Duration trashRetention = Duration.ofHours(24);
        private int maxReplays = 5;
        private long maxPayloadBytes = 64L * 1024 * 1024;
        private Duration commandTimeout = Duration.ofSeconds(10);
        private boolean upkeep = true;
        private Duration maintenanceInterval = Duration.ofMillis(500);
        private boolean allowEvictingRedis;
        private boolean readOnly;

        public Builder redisUrl(String url) { this.redisUrl = url; return this; }
        public Builder keyPrefix(String prefix) { this.keyPrefix = prefix; return this; }
        public Builder clock(Clock clock) { this.clock = clock; return this; }
        public Builder defaultPolicy(RetryPolicy policy) { this.defaultPolicy = policy; return this; }
        public Builder idempotencyWindow(Duration window) { this.idempotencyWindow = window; return this; }
        public Builder doneRetention(Duration retention) { this.doneRetention = retention; return this; }
        public Builder replayedRetention(Duration retention) { this.replayedRetention = retention; return this; }
        public Builder metricsRetention(Duration retention) { this.metricsRetention = retention; return this; }
        public Builder trashRetention(Duration retention) { this.trashRetention = retention; return this; }
        public Builder maxReplays(int cap) { this.maxReplays = cap; return this; }
        public Builder maxPayloadBytes(long bytes) { this.maxPayloadBytes = bytes; return this; }
        public Builder commandTimeout(Duration timeout) { this.commandTimeout = timeout; return this; }
        public Builder upkeep(boolean run) { this.upkeep = run; return this; }
        public Builder maintenanceInterval(Duration interval) { this.maintenanceInterval = interval; return this; }
        /** See {@link EngineOptions#allowEvictingRedis()}. */
        public Builder allowEvictingRedis(boolean allow) { this.allowEvictingRedis = allow; return this; }
        /** See {@link EngineOptions#readOnly()}. */
        public Builder readOnly(boolean readOnly) { this.readOnly = readOnly; return this; }

        public EngineOptions build() {
            return new EngineOptions(this);
        }
    }
}
