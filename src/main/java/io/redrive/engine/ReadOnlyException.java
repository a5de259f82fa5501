package io.redrive.engine;

/**
 * A write asked of an engine opened {@linkplain EngineOptions#readOnly() read-only}. It is thrown before anything is
 * sent to Redis, so nothing changed; the message is one sentence saying so.
 */
public final class ReadOnlyException extends IllegalStateException {
    /** What every refusal says. */
    public static final String SENTENCE = "This connection is read-only: nothing was changed in Redis.";

    ReadOnlyException() {
        super(SENTENCE);
    }
}
