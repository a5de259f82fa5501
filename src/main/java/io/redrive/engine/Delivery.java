package io.redrive.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A message handed to a {@link MessageHandler}.
 *
 * @param id          the message id
 * @param queue       the queue it came from
 * @param payload     its payload bytes
 * @param headers     its headers
 * @param attempt     this attempt's number, 1 for the first delivery
 * @param maxAttempts how many attempts the queue's policy allows
 * @param replays     how many times it has been replayed from the dead-letter queue (0 until it is)
 * @param enqueuedAt  when it was first enqueued
 */
public record Delivery(String id, String queue, byte[] payload, Map<String, String> headers, int attempt,
                       int maxAttempts, int replays, Instant enqueuedAt) {

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    /** Whether a failure now dead-letters the message. */
    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
