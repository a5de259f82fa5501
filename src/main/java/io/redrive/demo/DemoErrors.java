package io.redrive.demo;

import io.redrive.engine.NonRetryableException;

/** The failures the simulated backend raises, named as a real one's would be. */
public final class DemoErrors {
    private DemoErrors() {
    }

    /** A downstream service did not answer in time; retrying usually helps. */
    public static final class UpstreamTimeoutException extends RuntimeException {
        public UpstreamTimeoutException(String message) {
            super(message);
        }
    }

    /** A provider's rate limit; retrying later helps. */
    public static final class RateLimitedException extends RuntimeException {
        public RateLimitedException(String message) {
            super(message);
        }
    }

    /** The document could not be parsed; retried in case the upload was still being written. */
    public static final class DocumentParseException extends RuntimeException {
        public DocumentParseException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The request can never succeed; dead-lettered at once. */
    public static final class ValidationException extends NonRetryableException {
        public ValidationException(String message) {
            super(message);
        }
    }
}
