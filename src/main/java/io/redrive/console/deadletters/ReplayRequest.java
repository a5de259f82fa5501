package io.redrive.console.deadletters;

/**
 * How the operator asked to replay.
 *
 * @param toQueue       the queue to replay into; null for each message's own queue
 * @param ratePerSecond at most this many messages a second; 0 for no limit
 * @param resetAttempts whether replayed messages start again from attempt 1
 */
public record ReplayRequest(String toQueue, double ratePerSecond, boolean resetAttempts) {
    public ReplayRequest {
        toQueue = toQueue == null || toQueue.isBlank() ? null : toQueue.trim();
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("The rate must be 0 (no limit) or a positive number of messages a second");
        }
    }

    /** Back to their own queue, attempts reset, no rate limit. */
    public static ReplayRequest toOwnQueue() {
        return new ReplayRequest(null, 0, true);
    }
}
