package io.redrive.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * A stored message as it is now.
 *
 * @param nextAttemptAt when a scheduled message comes due; null in other states
 * @param deadAt        when it was dead-lettered; null unless dead
 * @param lastError     a one-line summary of the last failure; null if it never failed
 * @param deadReason    {@code exhausted} or {@code non-retryable}; null unless dead
 * @param leasedBy      the worker holding it; null unless in flight
 */
public record Message(String id, String queue, MessageState state, byte[] payload, Map<String, String> headers,
                      int attempts, int replays, Instant enqueuedAt, Instant updatedAt, Instant nextAttemptAt,
                      Instant deadAt, String lastError, String deadReason, String leasedBy) {

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
