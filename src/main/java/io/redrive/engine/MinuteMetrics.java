package io.redrive.engine;

import java.time.Instant;

/** One queue's counters for one minute, summed over every engine connected to the same Redis. */
public record MinuteMetrics(Instant minute, long enqueued, long succeeded, long failed, long retried,
                            long deadLettered, long recovered) {
    static final String[] FIELDS = {"enqueued", "succeeded", "failed", "retried", "deadLettered", "recovered"};

    /** Whether anything happened in the queue that minute. */
    public boolean active() {
        return enqueued + succeeded + failed + retried + deadLettered + recovered > 0;
    }
}
