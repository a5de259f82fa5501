package io.redrive.engine;

/**
 * A queue's lifetime counters, summed over every engine on the same Redis since the queue was first used. They are
 * kept in Redis ({@code <base>totals}) and incremented by the same scripts and in the same step as the per-minute
 * {@link MinuteMetrics}, so they only ever grow and survive engine restarts (what Prometheus counters need).
 *
 * @param succeededAfterFailure acknowledgements of messages on their second attempt or later
 * @param replayed              dead letters an operator replayed into their own queue
 * @param purged                dead letters an operator moved to the trash
 */
public record QueueTotals(String queue, long enqueued, long succeeded, long failed, long retried, long deadLettered,
                          long recovered, long succeededAfterFailure, long replayed, long purged) {
    static final String[] FIELDS = {"enqueued", "succeeded", "failed", "retried", "deadLettered", "recovered",
            "succeededAfterFailure", "replayed", "purged"};
}
