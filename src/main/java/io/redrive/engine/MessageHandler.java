package io.redrive.engine;

/**
 * Processes one delivery. Returning normally acknowledges the message; throwing records the failure and
 * schedules a retry, or dead-letters the message when it is out of attempts or the exception is non-retryable.
 */
@FunctionalInterface
public interface MessageHandler {
    void handle(Delivery delivery) throws Exception;
}
