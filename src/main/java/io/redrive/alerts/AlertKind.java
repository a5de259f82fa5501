package io.redrive.alerts;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an alert rule watches. Each kind has the name stored in Redis and typed on the command line, the default
 * threshold and window a rule gets when none is given, and whether its subject is a queue or a cache namespace.
 */
public enum AlertKind {
    /** A failure group first seen after the rule was made, within the window; resolved when the group empties. */
    NEW_FAILURE_GROUP("new-failure-group", 0, Duration.ofHours(1), false,
            "a new failure group appears"),
    /** The average dead-lettered per minute over the window's complete minutes is above the threshold. */
    DEAD_LETTERED_PER_MINUTE("dead-lettered-per-minute", 10, Duration.ofMinutes(5), false,
            "more than N messages are dead-lettered per minute"),
    /** The dead-letter queue holds more than the threshold. */
    DLQ_SIZE("dlq-size", 1000, Duration.ZERO, false,
            "the dead-letter queue holds more than N"),
    /** More than the threshold dead letters will be deleted by the retention within the window. */
    EXPIRING_DEAD_LETTERS("expiring-dead-letters", 0, Duration.ofHours(24), false,
            "more than N dead letters expire unresolved within the window"),
    /** A cache namespace's hit rate over the window is below the threshold (a percentage), with enough reads. */
    CACHE_HIT_RATE("cache-hit-rate", 80, Duration.ofMinutes(15), true,
            "a cache namespace's hit rate is below N %"),
    /**
     * The share of messages that failed and then succeeded, among those that failed and then succeeded or died, over
     * the window is below the threshold (a percentage); a window with neither reads as clear.
     */
    RETRY_SUCCESS_RATE("retry-success-rate", 90, Duration.ofHours(1), false,
            "a queue's retry success rate is below N %"),
    /** No live engine has listed the queue among its worker queues for the threshold, in minutes. */
    NO_WORKER_HEARTBEAT("no-worker-heartbeat", 5, Duration.ZERO, false,
            "no worker has served a queue for N minutes");

    private final String stored;
    private final double defaultThreshold;
    private final Duration defaultWindow;
    private final boolean aboutCache;
    private final String words;

    AlertKind(String stored, double defaultThreshold, Duration defaultWindow, boolean aboutCache, String words) {
        this.stored = stored;
        this.defaultThreshold = defaultThreshold;
        this.defaultWindow = defaultWindow;
        this.aboutCache = aboutCache;
        this.words = words;
    }

    public String stored() { return stored; }

    public double defaultThreshold() { return defaultThreshold; }

    public Duration defaultWindow() { return defaultWindow; }

    /** Whether the subject is a cache namespace rather than a queue. */
    public boolean aboutCache() { return aboutCache; }

    /** Whether the threshold is a percentage, 0 to 100. */
    public boolean percentage() { return this == CACHE_HIT_RATE || this == RETRY_SUCCESS_RATE; }

    /** When it fires, for people: "the dead-letter queue holds more than N". */
    public String words() { return words; }

    public static Optional<AlertKind> fromStored(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.stored.equals(wanted)).findFirst();
    }

    /** A sentence naming every kind, for a reader who typed one that does not exist. */
    public static String sentenceListingAll() {
        return "The alert kinds are: " + Arrays.stream(values()).map(AlertKind::stored).collect(Collectors.joining(", ")) + ".";
    }

    @Override
    public String toString() { return stored; }
}
