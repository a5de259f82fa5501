package io.redrive.engine;

/**
 * Redis is configured to evict keys Redrive needs when it is full ({@code maxmemory-policy allkeys-*}): an
 * acknowledged message could vanish. The message is one sentence naming the setting and the fix.
 */
public final class EvictingRedisException extends IllegalStateException {
    private final String policy;

    EvictingRedisException(String sentence, String policy) {
        super(sentence);
        this.policy = policy;
    }

    /** The server's {@code maxmemory-policy}, such as {@code allkeys-lru}. */
    public String policy() {
        return policy;
    }
}
