package io.redrive.engine;

import io.redrive.ops.Actor;
import java.util.Objects;

/**
 * How to replay dead letters.
 *
 * @param toQueue       the queue to replay into; null for each message's own queue
 * @param resetAttempts whether the replayed message starts again from attempt 1 (true by default) or keeps its count
 * @param ratePerSecond at most this many messages a second; 0 for no limit
 */
public record ReplayOptions(String toQueue, boolean resetAttempts, double ratePerSecond, Actor actor) {
    public ReplayOptions {
        Objects.requireNonNull(actor, "actor");
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("The replay rate must be 0 (no limit) or positive, got " + ratePerSecond);
        }
    }

    /** Back to each message's own queue, attempts reset, no rate limit. */
    public static ReplayOptions defaults(Actor actor) {
        return new ReplayOptions(null, true, 0, actor);
    }

    public ReplayOptions toQueue(String queue) { return new ReplayOptions(queue, resetAttempts, ratePerSecond, actor); }
    public ReplayOptions keepAttempts() { return new ReplayOptions(toQueue, false, ratePerSecond, actor); }
    public ReplayOptions rate(double perSecond) { return new ReplayOptions(toQueue, resetAttempts, perSecond, actor); }
}
