package io.redrive.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * The day the demo's history tells, in local time: a quiet night, the morning rush, a dependency outage from 07:30
 * to 08:15, an operator's replay at 08:40 that fixes it, and a normal afternoon. The outage is the latest one that
 * ended (with its replay settled) before {@code end}, so the story is whole however late the demo starts.
 *
 * @param start the first minute of history (24 hours before {@code end}, earlier when the story needs it)
 * @param end   the minute the live traffic takes over; nothing is dated at or after it
 */
record DemoDay(Instant start, Instant end, Instant outageStart, Instant outageEnd, Instant replayAt, ZoneId zone) {
    static final Duration OUTAGE = Duration.ofMinutes(45);
    static final Duration REPLAY_AFTER = Duration.ofMinutes(70);

    static DemoDay endingAt(Instant now, ZoneId zone) {
        ZonedDateTime end = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime outage = end.toLocalDate().atTime(7, 30).atZone(zone);
        if (outage.plus(REPLAY_AFTER).plusMinutes(20).isAfter(end)) {
            outage = outage.minusDays(1);
        }
        ZonedDateTime start = end.minusHours(24);
        if (start.isAfter(outage.minusMinutes(30))) {
            start = outage.minusMinutes(30);
        }
        return new DemoDay(start.toInstant(), end.toInstant(), outage.toInstant(), outage.plus(OUTAGE).toInstant(),
                outage.plus(REPLAY_AFTER).toInstant(), zone);
    }

    boolean inOutage(Instant at) {
        return !at.isBefore(outageStart) && at.isBefore(outageEnd);
    }

    /** Messages per minute for a queue of weight 1 at that time of day: quiet at night, a morning rush, steady by day. */
    double rate(Instant at) {
        LocalTime t = at.atZone(zone).toLocalTime();
        double h = t.getHour() + t.getMinute() / 60.0;
        if (h < 6) {
            return 0.35;
        } else if (h < 7) {
            return 0.35 + (h - 6) * 0.65;
        } else if (h < 9) {
            return 1.5;
        } else if (h < 18) {
            return 1.0;
        }
        return 1.0 - (h - 18) / 6 * 0.65;
    }
}
