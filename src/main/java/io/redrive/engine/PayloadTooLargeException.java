package io.redrive.engine;

/** A payload is over the engine's limit ({@link EngineOptions#maxPayloadBytes()}); nothing was enqueued. */
public class PayloadTooLargeException extends IllegalArgumentException {
    public PayloadTooLargeException(long size, long limit) {
        super("Payload of " + size + " bytes is over the limit of " + limit + " bytes; nothing was enqueued");
    }
}
