package io.redrive.redis;

/** Redis could not be reached or did not answer in time; the message says which, in plain words. */
public class RedisUnavailableException extends RuntimeException {
    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
