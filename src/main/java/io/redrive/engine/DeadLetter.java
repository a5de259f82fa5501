package io.redrive.engine;

import java.time.Instant;

/**
 * One dead letter as a list shows it: where and when it died, how, and how often it was tried and replayed.
 *
 * @param payloadBytes the payload's size; {@link DeadLetters#show} reads the payload itself
 * @param group        the fingerprint of its failure group ({@link Fingerprints})
 * @param version      0 for the original payload, one more for every edit
 */
public record DeadLetter(String queue, String id, Instant deadAt, int attempts, int replays, String errorClass,
                         String group, String lastError, String deadReason, Instant enqueuedAt, long payloadBytes,
                         int version) {
}
