package io.redrive.engine;

import java.time.Instant;
import java.util.Map;

/**
 * One entry of a message's timeline: {@code enqueued}, {@code leased}, {@code failed} (with the full error
 * record), {@code retry-scheduled}, {@code lease-expired}, {@code dead-lettered}, {@code succeeded} and
 * {@code released}.
 *
 * @param at         when it happened
 * @param type       what happened
 * @param attributes the rest of the event: {@code by}, {@code attempt}, {@code error}, {@code dueAt}, {@code reason}...
 */
public record TimelineEvent(Instant at, String type, Map<String, Object> attributes) {
}
