package io.redrive.redis;

/**
 * A write asked of an engine or a cache opened read-only ({@code EngineOptions.readOnly}, {@code CacheOptions.readOnly}).
 * It is thrown before anything is sent to Redis, so nothing changed; the message is one sentence saying so, the same
 * from either.
 */
public final class ReadOnlyException extends IllegalStateException {
    /** What every refusal says. */
    public static final String SENTENCE = "This connection is read-only: nothing was changed in Redis.";

    public ReadOnlyException() {
        super(SENTENCE);
    }
}
