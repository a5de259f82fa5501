package io.redrive.engine;

import java.time.Instant;
import java.util.SortedMap;

/**
 * Dead letters that failed the same way: same queue, exception class, masked message and top stack frames.
 *
 * @param count   dead letters in the group now
 * @param sample  the one-line error of one of them
 * @param perHour deaths per hour (the hour's start) among the dead letters in the group now
 */
public record FailureGroup(String queue, String fingerprint, String exceptionClass, String sample, long count,
                           Instant firstSeen, Instant lastSeen, SortedMap<Instant, Long> perHour) {
}
