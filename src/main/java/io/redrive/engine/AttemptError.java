package io.redrive.engine;

import java.time.Instant;

/**
 * One failed attempt, as recorded in the message's error history.
 *
 * @param attempt    the attempt number, 1 for the first delivery
 * @param at         when it failed
 * @param type       the exception's class name, or {@code LeaseExpired} when the worker never answered
 * @param message    the exception's message
 * @param stackTrace the stack trace with causes, bounded in size
 * @param worker     the worker that held the message
 * @param host       the host that worker ran on
 */
public record AttemptError(int attempt, Instant at, String type, String message, String stackTrace,
                           String worker, String host) {
}
