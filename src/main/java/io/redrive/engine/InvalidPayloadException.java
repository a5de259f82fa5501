package io.redrive.engine;

/** An edited or imported payload that does not parse as its content type says; nothing was written. */
public final class InvalidPayloadException extends RuntimeException {
    public InvalidPayloadException(String message) {
        super(message);
    }
}
