package io.redrive.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How one queue is doing, computed from what every engine keeps in Redis, so every console and engine shows the
 * same figures ({@link Engine#health}). The definitions are in the schema doc, "Queue health".
 *
 * @param at                   when it was read (the engine's clock)
 * @param window               the window the per-minute figures, the retry success rate and the resolution times cover
 * @param counts               messages in each state now
 * @param minutes              one entry per minute of the window, oldest first; the last is the current minute, still
 *                             in progress
 * @param retrySuccessRate     succeeded after failing / (succeeded after failing + dead-lettered) over the window,
 *                             0..1; null when neither happened
 * @param resolved             dead letters replayed or purged in the hours the window touches (see below)
 * @param resolutionMedian     median time from death to replay or purge; null when none was resolved
 * @param resolutionP90        90th percentile of the same; null when none was resolved
 * @param oldestDeadLetterAge  how long the oldest dead letter has been dead; null when there is none
 * @param retention            how long the queue keeps a dead letter before it is swept
 * @param expiringWithin24h    dead letters that the retention removes within the next 24 hours (or that are past
 *                             it and wait for the next sweep)
 * @param newGroups            failure groups first seen within the last hour, newest first
 */
public record QueueHealth(String queue, Instant at, Duration window, QueueCounts counts, List<Minute> minutes,
                          Double retrySuccessRate, long resolved, Duration resolutionMedian, Duration resolutionP90,
                          Duration oldestDeadLetterAge, Duration retention, long expiringWithin24h,
                          List<FailureGroup> newGroups) {
    /** The design's target for {@link #retrySuccessRate}: 90 %. */
    public static final double RETRY_SUCCESS_TARGET = 0.90;
    /** The design's target for {@link #resolutionMedian} and {@link #resolutionP90}: resolved within 24 hours. */
    public static final Duration RESOLUTION_TARGET = Duration.ofHours(24);

    public QueueHealth {
        minutes = List.copyOf(minutes);
        newGroups = List.copyOf(newGroups);
    }

    /**
     * One minute of the window.
     *
     * @param deadLettered messages dead-lettered in that minute
     * @param deadSize     dead letters in the queue at the end of that minute, as the last upkeep tick in it counted
     *                     them; null (a gap) when no engine ran an upkeep then
     * @param complete     false for the current minute, still in progress
     */
    public record Minute(Instant start, long deadLettered, Long deadSize, boolean complete) {
    }
}
