package io.redrive.engine;

/**
 * Thrown by a handler when retrying cannot help (a validation error, a malformed payload): the message goes
 * straight to the dead-letter queue. Other exception types can be marked non-retryable in {@link WorkerOptions}.
 */
public class NonRetryableException extends RuntimeException {
    public NonRetryableException(String message) {
        super(message);
    }

    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
