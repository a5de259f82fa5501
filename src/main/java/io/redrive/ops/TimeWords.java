package io.redrive.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How Redrive says durations and times to people, once for the console, the command line, the engine and the
 * cache: durations in at most two units ("750 ms", "4.2 s", "3 min 5 s", "1 h 30 min", "1 day 6 h") and local
 * times to the second ("14:05:32" today, "2024-05-01 14:05:32" otherwise). Never ISO-8601 periods or epoch
 * milliseconds. An absent time reads as the empty string; a caller that needs a placeholder adds its own.
 */
public final class TimeWords {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATE_AND_CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private TimeWords() {
    }

    /**
     * A duration in at most two units: "0 s", "750 ms", "4.2 s" (tenths only below 10 s, where they matter),
     * "42 s", "3 min 5 s", "1 h 30 min", "1 day 6 h", "7 days". From 10 s on it is rounded to the second, so an
     * operation that took 59.6 s reads "1 min". A negative duration reads as its length.
     */
    public static String duration(Duration d) {
        long ms = Math.abs(d.toMillis());
        if (ms == 0) {
            return "0 s";
        }
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 9_950) {
            long tenths = (ms + 50) / 100;
            return (tenths % 10 == 0 ? Long.toString(tenths / 10) : tenths / 10 + "." + tenths % 10) + " s";
        }
        long s = (ms + 500) / 1000;
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        if (s < 86_400) {
            return s / 3600 + " h" + (s % 3600 / 60 == 0 ? "" : " " + s % 3600 / 60 + " min");
        }
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        return days + (days == 1 ? " day" : " days") + (hours == 0 ? "" : " " + hours + " h");
    }

    /** The local time in {@code zone}, with the date in front unless it is the same day as {@code now}; "" for null. */
    public static String time(Instant at, Instant now, ZoneId zone) {
        if (at == null) {
            return "";
        }
        ZonedDateTime local = at.atZone(zone);
        return local.toLocalDate().equals(LocalDate.ofInstant(now, zone)) ? CLOCK.format(local) : DATE_AND_CLOCK.format(local);
    }

    /** The local date and time, always with the date ("2024-05-01 14:05:32"), for rows compared by eye; "" for null. */
    public static String dateTime(Instant at, ZoneId zone) {
        return at == null ? "" : DATE_AND_CLOCK.format(at.atZone(zone));
    }

    /** The local clock time only, always with seconds ("14:05:00", where LocalTime says "14:05"); "" for null. */
    public static String clock(Instant at, ZoneId zone) {
        return at == null ? "" : CLOCK.format(at.atZone(zone));
    }
}
